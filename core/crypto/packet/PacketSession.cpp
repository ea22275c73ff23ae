#include "crypto/packet/PacketSession.h"

#include "crypto/packet/PacketKeySchedule.h"

#include <utility>

namespace ward::crypto::packet {

Result<PacketSession> PacketSession::create(const SecretBytes& initiatorToResponder,
    const SecretBytes& responderToInitiator, Role role, const Clock& clock)
{
    return create(initiatorToResponder, responderToInitiator, role, PacketLimits::forKind(PacketKind::Media),
        PacketLimits::forKind(PacketKind::Message), clock);
}

Result<PacketSession> PacketSession::create(const SecretBytes& initiatorToResponder,
    const SecretBytes& responderToInitiator, Role role, const PacketLimits& media,
    const PacketLimits& message, const Clock& clock)
{
    const bool initiator = role == Role::Initiator;
    const SecretBytes& outgoing = initiator ? initiatorToResponder : responderToInitiator;
    const SecretBytes& incoming = initiator ? responderToInitiator : initiatorToResponder;

    auto mediaOut = initialPacketKey(outgoing, PacketKind::Media);
    auto mediaIn = initialPacketKey(incoming, PacketKind::Media);
    auto messageOut = initialPacketKey(outgoing, PacketKind::Message);
    auto messageIn = initialPacketKey(incoming, PacketKind::Message);
    for (const auto* key : { &mediaOut, &mediaIn, &messageOut, &messageIn }) {
        if (!key->ok()) {
            return key->error();
        }
    }

    auto mediaSealer = PacketSealer::create(std::move(mediaOut).value(), media, clock);
    auto mediaOpener = PacketOpener::create(std::move(mediaIn).value(), media, clock);
    auto messageSealer = PacketSealer::create(std::move(messageOut).value(), message, clock);
    auto messageOpener = PacketOpener::create(std::move(messageIn).value(), message, clock);
    if (!mediaSealer || !messageSealer) {
        return (!mediaSealer ? mediaSealer : messageSealer).error();
    }
    if (!mediaOpener || !messageOpener) {
        return (!mediaOpener ? mediaOpener : messageOpener).error();
    }
    return PacketSession(role, std::move(mediaSealer).value(), std::move(mediaOpener).value(),
        std::move(messageSealer).value(), std::move(messageOpener).value());
}

PacketSession::PacketSession(Role role, PacketSealer mediaSealer, PacketOpener mediaOpener,
    PacketSealer messageSealer, PacketOpener messageOpener)
    : m_role(role)
    , m_mediaSealer(std::move(mediaSealer))
    , m_mediaOpener(std::move(mediaOpener))
    , m_messageSealer(std::move(messageSealer))
    , m_messageOpener(std::move(messageOpener))
{ }

} // namespace ward::crypto::packet
