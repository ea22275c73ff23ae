// Noise handshake messages come from the network. Whatever arrives, reading it must not crash: it either
// succeeds and the handshake can take its next step, or fails with a plain error and the handshake is dead.
// An input is read, by its first byte's choice, by an XX responder, an IK responder, or an XX initiator
// after a real first message; raw, or XORed onto the genuine message of that case, so that the fuzzer
// reaches the paths after a successful read as well as every early failure.
#include "crypto/noise/NoiseHandshakeState.h"

#include <cstdint>
#include <cstdlib>
#include <utility>

namespace {

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::noise;
using Phase = NoiseHandshakeState::Phase;

const QString kXX = QStringLiteral("Noise_XX_25519_ChaChaPoly_BLAKE2b");
const QString kIK = QStringLiteral("Noise_IK_25519_ChaChaPoly_SHA256");

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

NoiseKeyPair fixedKey(std::uint8_t fill)
{
    SecretBytes key(kNoiseDhLength);
    for (std::size_t i = 0; i < key.size(); ++i) {
        key.data()[i] = static_cast<std::uint8_t>(fill + i);
    }
    auto pair = NoiseKeyPair::fromPrivateKey(std::move(key));
    check(pair.ok());
    return std::move(pair).value();
}

// Fixed keys everywhere, so that the genuine messages are the same in every run.
NoiseHandshakeState make(const QString& name, NoiseRole role)
{
    const bool initiator = role == NoiseRole::Initiator;
    NoiseHandshakeConfig config;
    config.protocolName = name;
    config.role = role;
    config.prologue = QByteArray("ward fuzz");
    config.localStatic = fixedKey(initiator ? 1 : 2);
    if (name == kIK && initiator) {
        config.remoteStatic = fixedKey(2).publicKey();
    }
    config.testOnlyEphemeralPrivateKey = fixedKey(initiator ? 3 : 4).privateKey().clone();
    auto state = NoiseHandshakeState::create(std::move(config));
    check(state.ok());
    return std::move(state).value();
}

QByteArray written(NoiseHandshakeState& state, const QByteArray& payload)
{
    auto message = state.writeMessage(payload);
    check(message.ok());
    return std::move(message).value();
}

struct Genuine {
    QByteArray xxFirst;
    QByteArray xxSecond;
    QByteArray ikFirst;
};

const Genuine& genuine()
{
    static const Genuine messages = [] {
        Genuine out;
        NoiseHandshakeState initiator = make(kXX, NoiseRole::Initiator);
        NoiseHandshakeState responder = make(kXX, NoiseRole::Responder);
        out.xxFirst = written(initiator, QByteArray("hello"));
        check(responder.readMessage(out.xxFirst).ok());
        out.xxSecond = written(responder, QByteArray("second payload"));
        NoiseHandshakeState ik = make(kIK, NoiseRole::Initiator);
        out.ikFirst = written(ik, QByteArray("ik payload"));
        return out;
    }();
    return messages;
}

// The genuine message with the input XORed over its start; the input's bytes beyond it extend it, and
// `truncate` cuts it to the input's length. An empty input gives the genuine message itself.
QByteArray xorOnto(const QByteArray& base, const QByteArray& input, bool truncate)
{
    QByteArray out = base;
    if (input.size() > out.size()) {
        out.append(input.mid(out.size()));
    }
    for (qsizetype i = 0; i < input.size() && i < base.size(); ++i) {
        out[i] = static_cast<char>(out[i] ^ input[i]);
    }
    if (truncate) {
        out.truncate(input.size());
    }
    return out;
}

// Reads `message` and checks what happened; on success the state must be able to write its next message.
void readAndCheck(NoiseHandshakeState& state, const QByteArray& message)
{
    auto payload = state.readMessage(message);
    if (!payload) {
        check(!payload.error().message.isEmpty());
        check(payload.error().code == ErrorCode::Corrupt || payload.error().code == ErrorCode::Crypto);
        check(state.phase() == Phase::Failed);
        check(!state.writeMessage(QByteArray()).ok());
        check(!state.readMessage(message).ok());
        check(!state.split().ok());
        return;
    }
    check(payload->size() <= static_cast<std::size_t>(message.size()));
    check(state.phase() == Phase::Writing);
    auto next = state.writeMessage(QByteArray("reply"));
    // Only a low-order ephemeral key from the peer can stop the next message, and it must do so cleanly.
    check(next.ok() || (next.error().code == ErrorCode::Crypto && state.phase() == Phase::Failed));
}

void xxResponder(const QByteArray& message)
{
    // XX's first message is an ephemeral key and a plaintext payload: anything long enough is accepted, and
    // the payload is the rest of the message.
    NoiseHandshakeState responder = make(kXX, NoiseRole::Responder);
    const bool acceptable = message.size() >= static_cast<qsizetype>(kNoiseDhLength)
        && message.size() <= static_cast<qsizetype>(kNoiseMaxMessageLength);
    auto payload = responder.readMessage(message);
    check(payload.ok() == acceptable);
    if (!payload) {
        check(!payload.error().message.isEmpty() && responder.phase() == Phase::Failed);
        return;
    }
    check(
        QByteArray(payload->chars(), static_cast<qsizetype>(payload->size())) == message.mid(kNoiseDhLength));
    auto next = responder.writeMessage(QByteArray("reply"));
    check(next.ok() || (next.error().code == ErrorCode::Crypto && responder.phase() == Phase::Failed));
}

void ikResponder(const QByteArray& message)
{
    NoiseHandshakeState responder = make(kIK, NoiseRole::Responder);
    readAndCheck(responder, message);
}

void xxInitiator(const QByteArray& message)
{
    NoiseHandshakeState initiator = make(kXX, NoiseRole::Initiator);
    check(written(initiator, QByteArray("hello")) == genuine().xxFirst);
    readAndCheck(initiator, message);
    if (initiator.phase() == Phase::Complete) {
        check(initiator.remoteStaticKey().size() == static_cast<qsizetype>(kNoiseDhLength));
        check(initiator.split().ok());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // The first byte picks the case (a handshake costs enough that running every case on every input would
    // cut the fuzzer's reach) and how the rest becomes the message: raw, or XORed onto the genuine one.
    if (size == 0) {
        return 0;
    }
    const std::uint8_t selector = data[0];
    const QByteArray input(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(size - 1));
    const bool onGenuine = (selector & 0x80) != 0;
    const bool truncate = (selector & 0x40) != 0;
    switch (selector % 3) {
    case 0:
        xxResponder(onGenuine ? xorOnto(genuine().xxFirst, input, truncate) : input);
        break;
    case 1:
        ikResponder(onGenuine ? xorOnto(genuine().ikFirst, input, truncate) : input);
        break;
    default:
        xxInitiator(onGenuine ? xorOnto(genuine().xxSecond, input, truncate) : input);
        break;
    }
    return 0;
}
