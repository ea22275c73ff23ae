#include "crypto/packet/PacketOpener.h"

#include "crypto/Sodium.h"
#include "crypto/packet/PacketKeySchedule.h"

#include <sodium.h>

#include <cstring>
#include <utility>

namespace ward::crypto::packet {

Result<PacketOpener> PacketOpener::create(SecretBytes key, const PacketLimits& limits, Clock clock)
{
    ensureSodium();
    if (key.size() != kKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A packet key must be %1 bytes long; this one has %2.")
                .arg(kKeyBytes)
                .arg(key.size()));
    }
    if (limits.maxPacketBytes <= kOverheadBytes || limits.previousEpochGraceMs < 0 || !clock) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The packet limits are not usable: sizes must leave room for data, and the grace "
                           "period cannot be negative."));
    }
    SecretBytes keys(kSlots * kKeyBytes);
    std::memcpy(keys.data() + kCurrentSlot * kKeyBytes, key.data(), kKeyBytes);
    deriveAfter(keys.data(), kCurrentSlot + 1);
    return PacketOpener(std::move(keys), limits, std::move(clock));
}

PacketOpener::PacketOpener(SecretBytes keys, const PacketLimits& limits, Clock clock)
    : m_keys(std::move(keys))
    , m_limits(limits)
    , m_clock(std::move(clock))
    , m_windows(kMaxStreams)
{ }

const std::uint8_t* PacketOpener::key(std::size_t slot) const
{
    return m_keys.data() + slot * kKeyBytes;
}

OpenResult PacketOpener::drop(OpenStatus status)
{
    m_counters.count(status);
    return OpenResult { status, 0, {} };
}

std::size_t PacketOpener::slotFor(std::uint32_t epoch) const
{
    if (epoch > m_limits.lastEpoch) {
        return kNoSlot;
    }
    if (epoch >= m_epoch) {
        const std::uint32_t ahead = epoch - m_epoch;
        return ahead <= kMaxEpochJump ? kCurrentSlot + ahead : kNoSlot;
    }
    return m_hasPrevious && epoch == m_previousEpoch ? kPreviousSlot : kNoSlot;
}

void PacketOpener::forgetPreviousIfExpired()
{
    const std::int64_t age = m_clock() - m_previousSinceMs;
    // A clock that went back ends the grace too: how long it has lasted is then unknown.
    if (age < 0 || age >= m_limits.previousEpochGraceMs) {
        sodium_memzero(m_keys.data() + kPreviousSlot * kKeyBytes, kKeyBytes);
        m_hasPrevious = false;
    }
}

bool PacketOpener::readsPreviousEpoch()
{
    if (m_hasPrevious) {
        forgetPreviousIfExpired();
    }
    return m_hasPrevious;
}

void PacketOpener::deriveAfter(std::uint8_t* keys, std::size_t firstSlot)
{
    for (std::size_t slot = firstSlot; slot < kSlots; ++slot) {
        std::uint8_t* key = keys + slot * kKeyBytes;
        std::memcpy(key, key - kKeyBytes, kKeyBytes);
        advanceEpochKey(key);
    }
}

void PacketOpener::advanceTo(std::size_t slot)
{
    const std::size_t jump = slot - kCurrentSlot;
    std::uint8_t* keys = m_keys.data();
    // The epoch being left becomes the previous one; the one before it is overwritten, so wiped. The keys of
    // skipped epochs are overwritten too.
    std::memcpy(keys + kPreviousSlot * kKeyBytes, keys + kCurrentSlot * kKeyBytes, kKeyBytes);
    std::memmove(keys + kCurrentSlot * kKeyBytes, keys + slot * kKeyBytes, (kSlots - slot) * kKeyBytes);
    deriveAfter(keys, kSlots - jump);
    m_hasPrevious = true;
    m_previousEpoch = m_epoch;
    m_previousSinceMs = m_clock();
    m_epoch += static_cast<std::uint32_t>(jump);
}

OpenResult PacketOpener::open(
    const std::uint8_t* packet, std::size_t size, std::uint8_t* out, std::size_t capacity)
{
    if (packet == nullptr || size < kOverheadBytes) {
        return drop(OpenStatus::Truncated);
    }
    if (size > m_limits.maxPacketBytes) {
        return drop(OpenStatus::Malformed);
    }
    const PacketHeader header = *PacketHeader::read(packet, size);
    if (header.version != kVersion || header.stream >= kMaxStreams) {
        return drop(OpenStatus::Malformed);
    }
    const std::size_t plainSize = size - kOverheadBytes;
    if (capacity < plainSize || (out == nullptr && plainSize != 0)) {
        return OpenResult { OpenStatus::OutputTooSmall, 0, {} };
    }

    if (m_hasPrevious) {
        forgetPreviousIfExpired();
    }
    const std::size_t slot = slotFor(header.epoch);
    if (slot == kNoSlot) {
        return drop(OpenStatus::WrongEpoch);
    }
    ReplayWindow& window = m_windows[header.stream];
    if (const OpenStatus verdict = window.check(header.sequence); verdict != OpenStatus::Opened) {
        return drop(verdict);
    }

    const auto nonce = header.nonce();
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &written, nullptr, packet + kHeaderBytes,
            size - kHeaderBytes, packet, kHeaderBytes, nonce.data(), key(slot))
        != 0) {
        return drop(OpenStatus::Tampered);
    }
    if (slot > kCurrentSlot) {
        advanceTo(slot);
    }
    window.accept(header.sequence);
    m_counters.count(OpenStatus::Opened);
    return OpenResult { OpenStatus::Opened, static_cast<std::size_t>(written), header };
}

Result<SecretBytes> PacketOpener::open(const QByteArray& packet)
{
    const auto size = static_cast<std::size_t>(packet.size());
    // Room only for what could open; anything larger is dropped before `out` is touched.
    const bool plausible = size >= kOverheadBytes && size <= m_limits.maxPacketBytes;
    SecretBytes plain(plausible ? size - kOverheadBytes : 0);
    const OpenResult result
        = open(reinterpret_cast<const std::uint8_t*>(packet.constData()), size, plain.data(), plain.size());
    if (result.status != OpenStatus::Opened) {
        const bool damaged = result.status == OpenStatus::Truncated || result.status == OpenStatus::Malformed;
        return makeError(damaged ? ErrorCode::Corrupt : ErrorCode::Crypto,
            QStringLiteral("The packet was dropped (%1).").arg(QLatin1String(openStatusName(result.status))));
    }
    return plain;
}

} // namespace ward::crypto::packet
