// The handshake patterns Ward speaks, as the Noise specification (revision 34, section 7) writes them:
// pre-messages and message token lists. The table is fixed data; nothing here depends on keys or state.
// Message 0 is always sent by the initiator and the senders alternate after it.
#pragma once

#include <QString>

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace ward::crypto::noise {

enum class NoisePatternId { NN, NK, KK, XK, IK, XX };

enum class NoiseToken { E, S, EE, ES, SE, SS };

struct NoisePattern {
    NoisePatternId id;
    const char* name;
    // "-> s" and "<- s" before the "...": the static key each side knows before the first message.
    bool initiatorStaticPreMessage;
    bool responderStaticPreMessage;
    std::vector<std::vector<NoiseToken>> messages;

    std::size_t messageCount() const { return messages.size(); }
    // Whether the initiator (or the responder) needs its own static key pair for this pattern.
    bool initiatorHasStatic() const;
    bool responderHasStatic() const;
};

const NoisePattern& noisePattern(NoisePatternId id);
std::optional<NoisePatternId> noisePatternByName(QStringView name);
// Every pattern in the table, for tests and tools.
const std::array<NoisePatternId, 6>& allNoisePatterns();

} // namespace ward::crypto::noise
