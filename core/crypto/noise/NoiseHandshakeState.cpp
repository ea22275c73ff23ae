#include "crypto/noise/NoiseHandshakeState.h"

#include "crypto/noise/NoiseProtocolName.h"

#include <utility>

namespace ward::crypto::noise {

namespace {

Error misuse(const QString& message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

Error malformed(const QString& message)
{
    return makeError(ErrorCode::Corrupt, message);
}

QString side(NoiseRole role)
{
    return role == NoiseRole::Initiator ? QStringLiteral("initiator") : QStringLiteral("responder");
}

// The configuration's keys against what the pattern needs; see NoiseHandshakeConfig for the rules.
Status checkKeys(const NoiseHandshakeConfig& config, const NoisePattern& pattern)
{
    const bool initiator = config.role == NoiseRole::Initiator;
    const bool needsStatic = initiator ? pattern.initiatorHasStatic() : pattern.responderHasStatic();
    const bool needsRemote
        = initiator ? pattern.responderStaticPreMessage : pattern.initiatorStaticPreMessage;
    const QString where
        = QStringLiteral("The Noise %1 %2").arg(QLatin1String(pattern.name), side(config.role));
    if (needsStatic && config.localStatic.empty()) {
        return misuse(where + QStringLiteral(" needs this device's static key pair; provide it."));
    }
    if (!needsStatic && !config.localStatic.empty()) {
        return misuse(where + QStringLiteral(" does not use a static key pair of its own; leave it out."));
    }
    if (needsRemote && static_cast<std::size_t>(config.remoteStatic.size()) != kNoiseDhLength) {
        return misuse(
            where + QStringLiteral(" needs the other side's 32-byte static public key in advance."));
    }
    if (!needsRemote && !config.remoteStatic.isEmpty()) {
        return misuse(where
            + QStringLiteral(" learns the other side's static key during the handshake; leave it out and "
                             "compare the key the handshake reports afterwards."));
    }
    return {};
}

} // namespace

Result<NoiseHandshakeState> NoiseHandshakeState::create(NoiseHandshakeConfig config)
{
    auto name = NoiseProtocolName::parse(config.protocolName);
    if (!name) {
        return name.error();
    }
    NoiseHandshakeState state;
    state.m_pattern = &noisePattern(name->pattern());
    state.m_role = config.role;
    if (auto keys = checkKeys(config, *state.m_pattern); !keys) {
        return keys.error();
    }
    if (!config.testOnlyEphemeralPrivateKey.empty()) {
        auto fixed = NoiseKeyPair::fromPrivateKey(std::move(config.testOnlyEphemeralPrivateKey));
        if (!fixed) {
            return fixed.error();
        }
        state.m_fixedEphemeral = std::move(fixed).value();
    }
    state.m_static = std::move(config.localStatic);
    state.m_remoteStatic = config.remoteStatic;

    state.m_symmetric.emplace(name->hash(), name->bytes());
    state.m_symmetric->mixHash(config.prologue);
    // Pre-messages: the initiator's static key first, then the responder's (section 7.1).
    const bool initiator = state.m_role == NoiseRole::Initiator;
    if (state.m_pattern->initiatorStaticPreMessage) {
        state.m_symmetric->mixHash(initiator ? state.m_static.publicKey() : state.m_remoteStatic);
    }
    if (state.m_pattern->responderStaticPreMessage) {
        state.m_symmetric->mixHash(initiator ? state.m_remoteStatic : state.m_static.publicKey());
    }
    state.m_phase = initiator ? Phase::Writing : Phase::Reading;
    return state;
}

NoiseHandshakeState::NoiseHandshakeState(NoiseHandshakeState&& other) noexcept
{
    *this = std::move(other);
}

NoiseHandshakeState& NoiseHandshakeState::operator=(NoiseHandshakeState&& other) noexcept
{
    if (this != &other) {
        m_pattern = other.m_pattern;
        m_role = other.m_role;
        m_phase = other.m_phase;
        m_messageIndex = other.m_messageIndex;
        m_symmetric = std::move(other.m_symmetric);
        m_static = std::move(other.m_static);
        m_ephemeral = std::move(other.m_ephemeral);
        m_fixedEphemeral = std::move(other.m_fixedEphemeral);
        m_remoteStatic = std::move(other.m_remoteStatic);
        m_remoteEphemeral = std::move(other.m_remoteEphemeral);
        other.fail();
    }
    return *this;
}

Status NoiseHandshakeState::checkPhase(Phase wanted) const
{
    if (m_phase == wanted) {
        return {};
    }
    switch (m_phase) {
    case Phase::Writing:
        return misuse(
            QStringLiteral("It is this side's turn to send a handshake message; nothing can be read "
                           "until it has."));
    case Phase::Reading:
        return misuse(
            QStringLiteral("It is the other side's turn to send a handshake message; read its message "
                           "before sending."));
    case Phase::Complete:
        return misuse(
            QStringLiteral("The handshake is already complete; no more handshake messages can be sent "
                           "or read."));
    case Phase::Split:
        return misuse(
            QStringLiteral("The handshake is over and its keys were already handed out; start a new "
                           "handshake."));
    case Phase::Failed:
        break;
    }
    return misuse(
        QStringLiteral("This handshake has already failed and cannot be used again; start a new one."));
}

std::size_t NoiseHandshakeState::fixedLength(bool& payloadEncrypted) const
{
    bool keyed = m_symmetric->hasKey();
    std::size_t length = 0;
    for (const NoiseToken token : m_pattern->messages[m_messageIndex]) {
        if (token == NoiseToken::E) {
            length += kNoiseDhLength;
        } else if (token == NoiseToken::S) {
            length += kNoiseDhLength + (keyed ? kNoiseTagLength : 0);
        } else {
            keyed = true; // every DH token calls MixKey
        }
    }
    payloadEncrypted = keyed;
    return length + (keyed ? kNoiseTagLength : 0);
}

void NoiseHandshakeState::advance()
{
    ++m_messageIndex;
    if (m_messageIndex == m_pattern->messageCount()) {
        m_phase = Phase::Complete;
        return;
    }
    const bool initiatorSends = m_messageIndex % 2 == 0;
    m_phase = initiatorSends == (m_role == NoiseRole::Initiator) ? Phase::Writing : Phase::Reading;
}

void NoiseHandshakeState::fail()
{
    m_phase = Phase::Failed;
    m_symmetric.reset();
    m_static = NoiseKeyPair();
    m_ephemeral = NoiseKeyPair();
    m_fixedEphemeral = NoiseKeyPair();
}

Status NoiseHandshakeState::mixDh(NoiseToken token)
{
    const bool initiator = m_role == NoiseRole::Initiator;
    Result<SecretBytes> shared = makeError(ErrorCode::Internal, QStringLiteral("Unknown Noise token."));
    switch (token) {
    case NoiseToken::EE:
        shared = noiseDh(m_ephemeral, m_remoteEphemeral);
        break;
    case NoiseToken::ES:
        shared = initiator ? noiseDh(m_ephemeral, m_remoteStatic) : noiseDh(m_static, m_remoteEphemeral);
        break;
    case NoiseToken::SE:
        shared = initiator ? noiseDh(m_static, m_remoteEphemeral) : noiseDh(m_ephemeral, m_remoteStatic);
        break;
    case NoiseToken::SS:
        shared = noiseDh(m_static, m_remoteStatic);
        break;
    case NoiseToken::E:
    case NoiseToken::S:
        break;
    }
    if (!shared) {
        return shared.error();
    }
    return m_symmetric->mixKey(shared.value());
}

Result<QByteArray> NoiseHandshakeState::writeMessage(const SecretBytes& payload)
{
    return writeMessage(payload.data(), payload.size());
}

Result<QByteArray> NoiseHandshakeState::writeMessage(const QByteArray& payload)
{
    return writeMessage(
        reinterpret_cast<const std::uint8_t*>(payload.constData()), static_cast<std::size_t>(payload.size()));
}

Result<QByteArray> NoiseHandshakeState::writeMessage(const std::uint8_t* payload, std::size_t size)
{
    if (auto turn = checkPhase(Phase::Writing); !turn) {
        return turn.error();
    }
    bool encrypted = false;
    const std::size_t fixed = fixedLength(encrypted);
    // Checked before any state changes, so the caller may retry with a smaller payload.
    if (size > kNoiseMaxMessageLength - fixed) {
        return misuse(QStringLiteral("This handshake message can carry at most %1 bytes of payload; this one "
                                     "has %2. Send less.")
                          .arg(kNoiseMaxMessageLength - fixed)
                          .arg(size));
    }
    auto message = writeTokens(payload, size);
    if (!message) {
        fail();
        return message.error();
    }
    advance();
    return message;
}

Result<QByteArray> NoiseHandshakeState::writeTokens(const std::uint8_t* payload, std::size_t size)
{
    QByteArray out;
    for (const NoiseToken token : m_pattern->messages[m_messageIndex]) {
        if (token == NoiseToken::E) {
            m_ephemeral = m_fixedEphemeral.empty() ? NoiseKeyPair::generate() : std::move(m_fixedEphemeral);
            m_fixedEphemeral = NoiseKeyPair();
            out.append(m_ephemeral.publicKey());
            m_symmetric->mixHash(m_ephemeral.publicKey());
        } else if (token == NoiseToken::S) {
            const QByteArray& key = m_static.publicKey();
            auto sealed = m_symmetric->encryptAndHash(
                reinterpret_cast<const std::uint8_t*>(key.constData()), static_cast<std::size_t>(key.size()));
            if (!sealed) {
                return sealed.error();
            }
            out.append(sealed.value());
        } else if (auto mixed = mixDh(token); !mixed) {
            return mixed.error();
        }
    }
    auto sealedPayload = m_symmetric->encryptAndHash(payload, size);
    if (!sealedPayload) {
        return sealedPayload.error();
    }
    out.append(sealedPayload.value());
    return out;
}

Result<SecretBytes> NoiseHandshakeState::readMessage(const QByteArray& message)
{
    if (auto turn = checkPhase(Phase::Reading); !turn) {
        return turn.error();
    }
    bool encrypted = false;
    const std::size_t fixed = fixedLength(encrypted);
    const auto size = static_cast<std::size_t>(message.size());
    if (size > kNoiseMaxMessageLength) {
        fail();
        return malformed(
            QStringLiteral("The handshake message is longer than 65535 bytes; it is not genuine."));
    }
    if (size < fixed) {
        fail();
        return malformed(QStringLiteral("The handshake message is shorter than this step of the handshake "
                                        "needs; it was cut short or is not genuine."));
    }
    auto payload = readTokens(message);
    if (!payload) {
        fail();
        return payload.error();
    }
    advance();
    return payload;
}

Result<SecretBytes> NoiseHandshakeState::readTokens(const QByteArray& message)
{
    qsizetype at = 0;
    for (const NoiseToken token : m_pattern->messages[m_messageIndex]) {
        if (token == NoiseToken::E) {
            m_remoteEphemeral = message.mid(at, static_cast<qsizetype>(kNoiseDhLength));
            at += static_cast<qsizetype>(kNoiseDhLength);
            m_symmetric->mixHash(m_remoteEphemeral);
        } else if (token == NoiseToken::S) {
            const std::size_t sealed = kNoiseDhLength + (m_symmetric->hasKey() ? kNoiseTagLength : 0);
            const auto length = static_cast<qsizetype>(sealed);
            auto key = m_symmetric->decryptAndHash(message.mid(at, length));
            if (!key) {
                return key.error();
            }
            at += length;
            m_remoteStatic = QByteArray(key->chars(), static_cast<qsizetype>(key->size())); // public
        } else if (auto mixed = mixDh(token); !mixed) {
            return mixed.error();
        }
    }
    // fixedLength() was checked against the size, so every slice above was complete.
    return m_symmetric->decryptAndHash(message.mid(at));
}

Result<NoiseSplit> NoiseHandshakeState::split()
{
    if (auto done = checkPhase(Phase::Complete); !done) {
        return done.error();
    }
    auto keys = m_symmetric->split();
    if (!keys) {
        fail();
        return keys.error();
    }
    NoiseSplit out { m_role, std::move(keys).value(), m_symmetric->handshakeHash(), m_remoteStatic };
    fail(); // wipes ck, k and the key pairs
    m_phase = Phase::Split;
    return out;
}

} // namespace ward::crypto::noise
