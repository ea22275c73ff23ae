// Noise's HandshakeState (specification rev. 34, section 5.3) for the patterns in NoisePattern.h, with DH
// 25519, ChaChaPoly and BLAKE2b or SHA256. Private keys live only in SecretBytes. Every misuse (wrong turn,
// missing keys, oversized or truncated messages) is an error, never undefined behaviour, and once a message
// fails to process the handshake is dead: every later call errors.
//
// The state machine, for one side:
//
//   create(config) --initiator--> [Writing] --writeMessage--> [Reading] --readMessage--> [Writing] ...
//                  --responder--> [Reading]      (the turns alternate as the pattern's messages do)
//
//   [Writing] / [Reading] --after the pattern's last message--> [Complete] --split()--> [Split]
//
//   [Writing] / [Reading] --a failed DH or decryption, a truncated or oversized incoming message--> [Failed]
//
//   Calls in the wrong phase (writing in [Reading], reading in [Writing], anything after [Complete]
//   except split()) and payloads too large to send return an error and change nothing. [Split] and
//   [Failed] are final: every call errors. Both wipe the chaining key, the cipher key and the key pairs.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/noise/NoiseDh.h"
#include "crypto/noise/NoisePattern.h"
#include "crypto/noise/NoiseSymmetricState.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ward::crypto::noise {

enum class NoiseRole { Initiator, Responder };

struct NoiseHandshakeConfig {
    QString protocolName; // e.g. "Noise_XX_25519_ChaChaPoly_BLAKE2b"
    NoiseRole role = NoiseRole::Initiator;
    QByteArray prologue; // must be identical on both sides
    // This side's static key pair: required when the pattern gives this side one (both sides of XX, KK,
    // IK; the initiator of XK; the responder of NK, XK); refused when it does not.
    NoiseKeyPair localStatic;
    // The peer's static public key, known before the first message: required for the initiator of NK, KK,
    // XK, IK and the responder of KK; refused for every other case, because those patterns learn the key
    // during the handshake and the caller must check NoiseSplit::remoteStaticKey against its pin instead.
    QByteArray remoteStatic;
    // TEST ONLY. A fixed ephemeral private key instead of a fresh random one, so that published test vectors
    // can be replayed. Production code must leave this empty: reusing an ephemeral key destroys the
    // handshake's forward secrecy and can reveal payloads.
    SecretBytes testOnlyEphemeralPrivateKey;
};

// The outcome of a finished handshake. initiatorToResponder is c1 of the specification's Split(), and
// responderToInitiator is c2; the raw 32-byte keys are there for per-direction key derivation.
struct NoiseSplit {
    NoiseRole role;
    NoiseSplitKeys keys;
    QByteArray handshakeHash; // h: the same on both sides when the handshake succeeded; a channel binding
    QByteArray remoteStaticKey; // the peer's static public key, or empty when the pattern has none (NN)

    NoiseCipherState& sending()
    {
        return role == NoiseRole::Initiator ? keys.initiatorToResponder : keys.responderToInitiator;
    }
    NoiseCipherState& receiving()
    {
        return role == NoiseRole::Initiator ? keys.responderToInitiator : keys.initiatorToResponder;
    }
};

class NoiseHandshakeState {
public:
    enum class Phase { Writing, Reading, Complete, Split, Failed };

    [[nodiscard]] static Result<NoiseHandshakeState> create(NoiseHandshakeConfig config);

    // A moved-from state is [Failed]: every call on it errors.
    NoiseHandshakeState(NoiseHandshakeState&& other) noexcept;
    NoiseHandshakeState& operator=(NoiseHandshakeState&& other) noexcept;
    NoiseHandshakeState(const NoiseHandshakeState&) = delete;
    NoiseHandshakeState& operator=(const NoiseHandshakeState&) = delete;

    Phase phase() const { return m_phase; }
    NoiseRole role() const { return m_role; }
    const NoisePattern& pattern() const { return *m_pattern; }
    std::size_t messageIndex() const { return m_messageIndex; }
    // The peer's static key once it is known (pre-message or received), else empty.
    const QByteArray& remoteStaticKey() const { return m_remoteStatic; }

    // The next handshake message, carrying `payload` (encrypted once the pattern has mixed a key in).
    // Errors when it is not this side's turn, or when the message would exceed 65535 bytes.
    [[nodiscard]] Result<QByteArray> writeMessage(const SecretBytes& payload);
    [[nodiscard]] Result<QByteArray> writeMessage(const QByteArray& payload);
    [[nodiscard]] Result<QByteArray> writeMessage(const std::uint8_t* payload, std::size_t size);

    // Processes the peer's next handshake message and returns its payload. Any failure kills the handshake.
    [[nodiscard]] Result<SecretBytes> readMessage(const QByteArray& message);

    // Once [Complete]: the two CipherStates, their keys, h and the peer's static key. Works once.
    [[nodiscard]] Result<NoiseSplit> split();

private:
    NoiseHandshakeState() = default;

    [[nodiscard]] Status checkPhase(Phase wanted) const;
    [[nodiscard]] Status initialize(const NoiseHandshakeConfig& config, const QByteArray& protocolName);
    [[nodiscard]] Result<QByteArray> writeTokens(const std::uint8_t* payload, std::size_t size);
    [[nodiscard]] Result<SecretBytes> readTokens(const QByteArray& message);
    [[nodiscard]] Status mixDh(NoiseToken token);
    // Bytes a message of the current turn takes besides the payload, and whether the payload is encrypted.
    std::size_t fixedLength(bool& payloadEncrypted) const;
    void advance();
    void fail();

    const NoisePattern* m_pattern = nullptr;
    NoiseRole m_role = NoiseRole::Initiator;
    Phase m_phase = Phase::Failed;
    std::size_t m_messageIndex = 0;
    std::optional<NoiseSymmetricState> m_symmetric;
    NoiseKeyPair m_static; // s
    NoiseKeyPair m_ephemeral; // e
    NoiseKeyPair m_fixedEphemeral; // test seam, see NoiseHandshakeConfig
    QByteArray m_remoteStatic; // rs
    QByteArray m_remoteEphemeral; // re
};

} // namespace ward::crypto::noise
