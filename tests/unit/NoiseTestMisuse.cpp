// Misuse of the Noise implementation is an error, never undefined behaviour: unknown protocol names, missing
// or surplus keys, the wrong turn, calls after the end, truncated or oversized messages, payloads that do
// not fit, failed decryption (after which the handshake is dead), low-order keys and exhausted nonces.
#include "NoiseTestSupport.h"

#include "crypto/noise/NoiseCipherState.h"
#include "crypto/noise/NoiseHandshakeState.h"
#include "crypto/noise/NoiseProtocolName.h"

#include <catch2/catch.hpp>

#include <sodium.h>

#include <utility>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::noise;
using Phase = NoiseHandshakeState::Phase;
using ward::test::bytesOf;

namespace {

const QString kXX = QStringLiteral("Noise_XX_25519_ChaChaPoly_BLAKE2b");

template <typename T> void requireError(const Result<T>& result, ErrorCode code)
{
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == code);
    CHECK_FALSE(result.error().message.isEmpty());
}

// Every call a dead or finished handshake might receive, each of which must fail.
void requireDead(NoiseHandshakeState& state, const QByteArray& message)
{
    requireError(state.writeMessage(QByteArray("late")), ErrorCode::InvalidArgument);
    requireError(state.readMessage(message), ErrorCode::InvalidArgument);
    requireError(state.split(), ErrorCode::InvalidArgument);
}

SecretBytes key(std::uint8_t fill)
{
    SecretBytes out(kNoiseKeyLength);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out.data()[i] = fill;
    }
    return out;
}

} // namespace

TEST_CASE("Noise protocol names parse only for what Ward implements", "[noise]")
{
    auto xx = NoiseProtocolName::parse(kXX);
    REQUIRE(xx.ok());
    CHECK(xx->pattern() == NoisePatternId::XX);
    CHECK(xx->hash() == HashAlgorithm::Blake2b);
    CHECK(xx->bytes() == kXX.toLatin1());
    auto ik = NoiseProtocolName::parse(u"Noise_IK_25519_ChaChaPoly_SHA256");
    REQUIRE(ik.ok());
    CHECK(ik->pattern() == NoisePatternId::IK);
    CHECK(ik->hash() == HashAlgorithm::Sha256);

    const char* bad[] = { "", "Noise", "Noise_XX_25519_ChaChaPoly", "Noise_XX_25519_ChaChaPoly_BLAKE2b_",
        "Noise_XX_25519_ChaChaPoly_BLAKE2b_SHA256", "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b",
        "NoisePSK_XX_25519_ChaChaPoly_BLAKE2b", "Noise_N_25519_ChaChaPoly_BLAKE2b",
        "Noise_XXfallback_25519_ChaChaPoly_BLAKE2b", "Noise_XX_448_ChaChaPoly_BLAKE2b",
        "Noise_XX_25519_AESGCM_BLAKE2b", "Noise_XX_25519_ChaChaPoly_SHA512",
        "Noise_XX_25519_ChaChaPoly_BLAKE2s", "noise_XX_25519_ChaChaPoly_BLAKE2b",
        "Noise_xx_25519_ChaChaPoly_BLAKE2b", "Noise_XX_25519_ChaChaPoly_blake2b",
        " Noise_XX_25519_ChaChaPoly_BLAKE2b", "Noise_XX_25519_ChaChaPoly_BLAKE2b ",
        "Noise__XX_25519_ChaChaPoly_BLAKE2b" };
    for (const char* name : bad) {
        INFO(name);
        requireError(NoiseProtocolName::parse(QString::fromLatin1(name)), ErrorCode::InvalidArgument);
    }
    requireError(NoiseProtocolName::parse(kXX + QString(300, u'x')), ErrorCode::InvalidArgument);
    requireError(NoiseProtocolName::parse(QStringLiteral("Noise_XX_25519_ChaChaPoly_BLAKE2b\u00e9")),
        ErrorCode::InvalidArgument);

    NoiseHandshakeConfig config;
    config.protocolName = QStringLiteral("Noise_XX_25519_ChaChaPoly_BLAKE2s");
    config.localStatic = NoiseKeyPair::generate();
    requireError(NoiseHandshakeState::create(std::move(config)), ErrorCode::InvalidArgument);
}

TEST_CASE("A Noise handshake refuses missing, surplus and malformed keys", "[noise]")
{
    for (const NoisePatternId id : allNoisePatterns()) {
        const NoisePattern& pattern = noisePattern(id);
        for (const NoiseRole role : { NoiseRole::Initiator, NoiseRole::Responder }) {
            const bool initiator = role == NoiseRole::Initiator;
            const bool needsStatic = initiator ? pattern.initiatorHasStatic() : pattern.responderHasStatic();
            const bool needsRemote
                = initiator ? pattern.responderStaticPreMessage : pattern.initiatorStaticPreMessage;
            INFO(pattern.name << (initiator ? " initiator" : " responder"));
            auto config = [&] {
                NoiseHandshakeConfig c;
                c.protocolName = test::noiseName(id, HashAlgorithm::Blake2b);
                c.role = role;
                if (needsStatic) {
                    c.localStatic = NoiseKeyPair::generate();
                }
                if (needsRemote) {
                    c.remoteStatic = NoiseKeyPair::generate().publicKey();
                }
                return c;
            };
            REQUIRE(NoiseHandshakeState::create(config()).ok());

            NoiseHandshakeConfig wrongStatic = config();
            wrongStatic.localStatic = needsStatic ? NoiseKeyPair() : NoiseKeyPair::generate();
            requireError(NoiseHandshakeState::create(std::move(wrongStatic)), ErrorCode::InvalidArgument);

            NoiseHandshakeConfig wrongRemote = config();
            wrongRemote.remoteStatic = needsRemote ? QByteArray() : NoiseKeyPair::generate().publicKey();
            requireError(NoiseHandshakeState::create(std::move(wrongRemote)), ErrorCode::InvalidArgument);
            if (needsRemote) {
                NoiseHandshakeConfig shortRemote = config();
                shortRemote.remoteStatic.chop(1);
                requireError(NoiseHandshakeState::create(std::move(shortRemote)), ErrorCode::InvalidArgument);
            }

            NoiseHandshakeConfig badEphemeral = config();
            badEphemeral.testOnlyEphemeralPrivateKey = SecretBytes::random(31);
            requireError(NoiseHandshakeState::create(std::move(badEphemeral)), ErrorCode::InvalidArgument);
        }
    }
    requireError(NoiseKeyPair::fromPrivateKey(SecretBytes::random(33)), ErrorCode::InvalidArgument);
    requireError(NoiseKeyPair::fromPrivateKey(SecretBytes()), ErrorCode::InvalidArgument);
}

TEST_CASE("A Noise handshake refuses to write or read out of turn and then carries on", "[noise]")
{
    auto pair = test::makeNoisePair(kXX);
    requireError(pair.responder.writeMessage(QByteArray("too soon")), ErrorCode::InvalidArgument);
    requireError(pair.initiator.readMessage(QByteArray(64, 'x')), ErrorCode::InvalidArgument);
    requireError(pair.initiator.split(), ErrorCode::InvalidArgument); // not finished
    CHECK(pair.initiator.phase() == Phase::Writing);
    CHECK(pair.responder.phase() == Phase::Reading);

    auto first = pair.initiator.writeMessage(QByteArray("one"));
    REQUIRE(first.ok());
    CHECK(pair.initiator.phase() == Phase::Reading);
    requireError(pair.initiator.writeMessage(QByteArray("again")), ErrorCode::InvalidArgument);
    REQUIRE(pair.responder.readMessage(first.value()).ok());
    requireError(pair.responder.readMessage(first.value()), ErrorCode::InvalidArgument);

    auto second = pair.responder.writeMessage(QByteArray("two"));
    REQUIRE(second.ok());
    REQUIRE(pair.initiator.readMessage(second.value()).ok());
    auto third = pair.initiator.writeMessage(QByteArray("three"));
    REQUIRE(third.ok());
    auto payload = pair.responder.readMessage(third.value());
    REQUIRE(payload.ok());
    CHECK(bytesOf(payload.value()) == "three");

    // Complete: no more handshake messages either way; split works exactly once.
    CHECK(pair.initiator.phase() == Phase::Complete);
    requireError(pair.initiator.writeMessage(QByteArray("four")), ErrorCode::InvalidArgument);
    requireError(pair.responder.readMessage(third.value()), ErrorCode::InvalidArgument);
    REQUIRE(pair.initiator.split().ok());
    CHECK(pair.initiator.phase() == Phase::Split);
    requireDead(pair.initiator, second.value());
}

TEST_CASE("A Noise handshake message shorter than its pattern needs kills the handshake", "[noise]")
{
    for (const NoisePatternId id : allNoisePatterns()) {
        INFO(noisePattern(id).name);
        auto pair = test::makeNoisePair(test::noiseName(id, HashAlgorithm::Sha256));
        auto first = pair.initiator.writeMessage(QByteArray());
        REQUIRE(first.ok());
        // With an empty payload the message is exactly as long as the pattern needs; one byte less fails.
        QByteArray cut = first.value();
        cut.chop(1);
        requireError(pair.responder.readMessage(cut), ErrorCode::Corrupt);
        CHECK(pair.responder.phase() == Phase::Failed);
        requireDead(pair.responder, first.value());
    }
    auto pair = test::makeNoisePair(kXX);
    requireError(pair.responder.readMessage(QByteArray()), ErrorCode::Corrupt);
    CHECK(pair.responder.phase() == Phase::Failed);
}

TEST_CASE("Noise handshake messages and payloads over 65535 bytes are refused", "[noise]")
{
    auto pair = test::makeNoisePair(kXX);
    // XX's first message is e (32 bytes) and a plaintext payload.
    requireError(pair.initiator.writeMessage(QByteArray(65535 - 32 + 1, 'p')), ErrorCode::InvalidArgument);
    requireError(pair.initiator.writeMessage(QByteArray(70000, 'p')), ErrorCode::InvalidArgument);
    CHECK(pair.initiator.phase() == Phase::Writing); // refused before anything changed
    auto largest = pair.initiator.writeMessage(QByteArray(65535 - 32, 'p'));
    REQUIRE(largest.ok());
    CHECK(largest->size() == 65535);

    // The second message is e, encrypted s and an encrypted payload: 32 + 48 + 16 bytes of overhead.
    REQUIRE(pair.responder.readMessage(largest.value()).ok());
    requireError(pair.responder.writeMessage(QByteArray(65535 - 96 + 1, 'q')), ErrorCode::InvalidArgument);
    auto second = pair.responder.writeMessage(QByteArray(65535 - 96, 'q'));
    REQUIRE(second.ok());
    CHECK(second->size() == 65535);

    QByteArray tooLong = second.value();
    tooLong.append('x');
    requireError(pair.initiator.readMessage(tooLong), ErrorCode::Corrupt);
    CHECK(pair.initiator.phase() == Phase::Failed);
}

TEST_CASE("A failed decryption kills the Noise handshake for good", "[noise]")
{
    auto pair = test::makeNoisePair(QStringLiteral("Noise_IK_25519_ChaChaPoly_BLAKE2b"));
    auto first = pair.initiator.writeMessage(QByteArray("hello"));
    REQUIRE(first.ok());
    QByteArray forged = first.value();
    forged[forged.size() - 1] = static_cast<char>(forged[forged.size() - 1] ^ 0x01);
    requireError(pair.responder.readMessage(forged), ErrorCode::Crypto);
    CHECK(pair.responder.phase() == Phase::Failed);
    // Even the genuine message is now refused, as is writing and splitting.
    requireDead(pair.responder, first.value());
}

TEST_CASE("Noise refuses a low-order public key instead of mixing an all-zero secret", "[noise]")
{
    // u = 0 and u = 1 are points of small order: X25519 with them gives all zeros for every private key.
    QByteArray one(32, '\0');
    one[0] = 1;
    for (const QByteArray& lowOrder : { QByteArray(32, '\0'), one }) {
        NoiseHandshakeConfig config;
        config.protocolName = QStringLiteral("Noise_NK_25519_ChaChaPoly_BLAKE2b");
        config.remoteStatic = lowOrder;
        auto initiator = NoiseHandshakeState::create(std::move(config));
        REQUIRE(initiator.ok());
        requireError(initiator->writeMessage(QByteArray("x")), ErrorCode::Crypto); // es
        CHECK(initiator->phase() == Phase::Failed);

        // A responder receiving a low-order ephemeral key: NK mixes es at once, XX at its first write (ee).
        auto nk = test::makeNoisePair(QStringLiteral("Noise_NK_25519_ChaChaPoly_BLAKE2b"));
        requireError(nk.responder.readMessage(lowOrder + QByteArray(16, 't')), ErrorCode::Crypto);
        CHECK(nk.responder.phase() == Phase::Failed);
        auto xx = test::makeNoisePair(kXX);
        REQUIRE(xx.responder.readMessage(lowOrder).ok());
        requireError(xx.responder.writeMessage(QByteArray()), ErrorCode::Crypto);
        CHECK(xx.responder.phase() == Phase::Failed);
    }
}

TEST_CASE("Noise CipherState reserves nonce 2^64-1 and keeps n on a failed decryption", "[noise]")
{
    auto sender = NoiseCipherState::fromKey(key(7));
    auto receiver = NoiseCipherState::fromKey(key(7));
    REQUIRE(sender.ok());
    REQUIRE(receiver.ok());
    sender->setNonce(kNoiseMaxNonce - 1);
    receiver->setNonce(kNoiseMaxNonce - 1);
    auto last = sender->encryptWithAd(QByteArray("ad"), QByteArray("last message"));
    REQUIRE(last.ok());
    CHECK(sender->nonce() == kNoiseMaxNonce);
    requireError(sender->encryptWithAd(QByteArray("ad"), QByteArray("one too many")), ErrorCode::Crypto);
    CHECK(sender->nonce() == kNoiseMaxNonce);

    // Wrong associated data: refused, and n stays so the genuine message still opens.
    requireError(receiver->decryptWithAd(QByteArray("other"), last.value()), ErrorCode::Crypto);
    CHECK(receiver->nonce() == kNoiseMaxNonce - 1);
    auto opened = receiver->decryptWithAd(QByteArray("ad"), last.value());
    REQUIRE(opened.ok());
    CHECK(bytesOf(opened.value()) == "last message");
    requireError(receiver->decryptWithAd(QByteArray("ad"), last.value()), ErrorCode::Crypto);

    requireError(NoiseCipherState::fromKey(SecretBytes::random(16)), ErrorCode::InvalidArgument);
    NoiseCipherState empty;
    CHECK_FALSE(empty.hasKey());
    requireError(empty.rekey(), ErrorCode::InvalidArgument);
    requireError(
        sender->encryptWithAd(QByteArray(), QByteArray(65535 - 16 + 1, 'x')), ErrorCode::InvalidArgument);
    requireError(receiver->decryptWithAd(QByteArray(), QByteArray(65536, 'x')), ErrorCode::InvalidArgument);
    requireError(receiver->decryptWithAd(QByteArray(), QByteArray(15, 'x')), ErrorCode::Crypto);
}

TEST_CASE(
    "Noise CipherState uses the 32-bit zero || little-endian counter nonce and rekeys in step", "[noise]")
{
    // RFC 8439's nonce for n = 0x0102030405060708 is 00000000 0807060504030201; a state set to that n must
    // produce what libsodium's IETF ChaCha20-Poly1305 produces under exactly that nonce.
    auto state = NoiseCipherState::fromKey(key(9));
    REQUIRE(state.ok());
    state->setNonce(0x0102030405060708ULL);
    auto sealed = state->encryptWithAd(QByteArray("ad"), QByteArray("payload"));
    REQUIRE(sealed.ok());
    const unsigned char nonce[12] = { 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1 };
    QByteArray expected(7 + 16, '\0');
    unsigned long long written = 0;
    const SecretBytes k = key(9);
    crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(expected.data()), &written,
        reinterpret_cast<const unsigned char*>("payload"), 7, reinterpret_cast<const unsigned char*>("ad"), 2,
        nullptr, nonce, k.data());
    CHECK(sealed->toHex() == expected.toHex());

    auto a = NoiseCipherState::fromKey(key(3));
    auto b = NoiseCipherState::fromKey(key(3));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    auto before = a->encryptWithAd(QByteArray(), QByteArray("x"));
    REQUIRE(a->rekey().ok());
    REQUIRE(b->rekey().ok());
    b->setNonce(1);
    auto after = a->encryptWithAd(QByteArray(), QByteArray("x"));
    REQUIRE(after.ok());
    auto opened = b->decryptWithAd(QByteArray(), after.value());
    REQUIRE(opened.ok());
    CHECK(bytesOf(opened.value()) == "x");
    auto stale = NoiseCipherState::fromKey(key(3));
    REQUIRE(stale.ok());
    stale->setNonce(1);
    requireError(stale->decryptWithAd(QByteArray(), after.value()), ErrorCode::Crypto);
}

TEST_CASE("A moved-from Noise state refuses every call instead of sending plaintext", "[noise]")
{
    auto pair = test::makeNoisePair(kXX);
    NoiseHandshakeState taken = std::move(pair.initiator);
    CHECK(pair.initiator.phase() == Phase::Failed); // NOLINT(bugprone-use-after-move): the point of the test
    requireDead(pair.initiator, QByteArray(32, 'e'));
    auto first = taken.writeMessage(QByteArray("still works"));
    REQUIRE(first.ok());

    auto cipher = NoiseCipherState::fromKey(key(5));
    REQUIRE(cipher.ok());
    NoiseCipherState moved = std::move(cipher.value());
    // NOLINTNEXTLINE(bugprone-use-after-move): the point of the test
    requireError(cipher->encryptWithAd(QByteArray(), QByteArray("secret")), ErrorCode::InvalidArgument);
    requireError(cipher->decryptWithAd(QByteArray(), QByteArray(32, 'c')), ErrorCode::InvalidArgument);
    requireError(cipher->rekey(), ErrorCode::InvalidArgument);
    auto sealed = moved.encryptWithAd(QByteArray(), QByteArray("secret"));
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == 6 + 16);
}
