// The packet protection of one call after its handshake: from the two Split keys and this side's role it
// builds a sealer and an opener for media and for messages. We seal with the key of our own direction and
// open with the peer's, so the initiator's outgoing key is the responder's incoming one and vice versa.
// The Split keys are only read; the caller wipes them (they are SecretBytes) once this exists.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketLimits.h"
#include "crypto/packet/PacketOpener.h"
#include "crypto/packet/PacketSealer.h"

namespace ward::crypto::packet {

enum class Role { Initiator, Responder };

class PacketSession {
public:
    // Both Split keys are kKeyBytes long: the first protects what the initiator sends, the second what the
    // responder sends.
    static Result<PacketSession> create(const SecretBytes& initiatorToResponder,
        const SecretBytes& responderToInitiator, Role role, const Clock& clock);
    // The same with other limits (tests and tools); `media` and `message` apply to both directions.
    static Result<PacketSession> create(const SecretBytes& initiatorToResponder,
        const SecretBytes& responderToInitiator, Role role, const PacketLimits& media,
        const PacketLimits& message, const Clock& clock);

    PacketSealer& sealer(PacketKind kind)
    {
        return kind == PacketKind::Media ? m_mediaSealer : m_messageSealer;
    }
    PacketOpener& opener(PacketKind kind)
    {
        return kind == PacketKind::Media ? m_mediaOpener : m_messageOpener;
    }
    Role role() const { return m_role; }

private:
    PacketSession(Role role, PacketSealer mediaSealer, PacketOpener mediaOpener, PacketSealer messageSealer,
        PacketOpener messageOpener);

    Role m_role;
    PacketSealer m_mediaSealer;
    PacketOpener m_mediaOpener;
    PacketSealer m_messageSealer;
    PacketOpener m_messageOpener;
};

} // namespace ward::crypto::packet
