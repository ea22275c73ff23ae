#include "crypto/packet/PacketSealer.h"

#include "crypto/Sodium.h"
#include "crypto/packet/PacketKeySchedule.h"

#include <sodium.h>

#include <cstring>
#include <utility>

namespace ward::crypto::packet {

static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

Result<PacketSealer> PacketSealer::create(SecretBytes key, const PacketLimits& limits, Clock clock)
{
    ensureSodium();
    if (key.size() != kKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A packet key must be %1 bytes long; this one has %2.")
                .arg(kKeyBytes)
                .arg(key.size()));
    }
    if (limits.maxPacketBytes <= kOverheadBytes || limits.rekeyAfterPackets == 0 || limits.rekeyAfterMs <= 0
        || !clock) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The packet limits are not usable: sizes must leave room for data, and rekeying "
                           "must happen after at least one packet and one millisecond."));
    }
    return PacketSealer(std::move(key), limits, std::move(clock));
}

PacketSealer::PacketSealer(SecretBytes key, const PacketLimits& limits, Clock clock)
    : m_key(std::move(key))
    , m_limits(limits)
    , m_clock(std::move(clock))
    , m_epochStartMs(m_clock())
{ }

Status PacketSealer::checkRequest(std::uint16_t stream, std::size_t size, std::size_t capacity) const
{
    if (stream >= kMaxStreams) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Stream %1 does not exist; streams are numbered 0 to %2.")
                .arg(stream)
                .arg(kMaxStreams - 1));
    }
    if (size > m_limits.maxPlaintextBytes()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "A packet can carry at most %1 bytes; this one has %2. Split it into smaller pieces.")
                .arg(m_limits.maxPlaintextBytes())
                .arg(size));
    }
    if (capacity < size + kOverheadBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The output buffer holds %1 bytes; the sealed packet needs %2.")
                .arg(capacity)
                .arg(size + kOverheadBytes));
    }
    if (m_exhausted[stream]) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("Stream %1 has used all its packet numbers; the call must reconnect to go on.")
                .arg(stream));
    }
    return {};
}

Status PacketSealer::rekeyIfDue()
{
    const std::int64_t now = m_clock();
    const std::int64_t age = now - m_epochStartMs;
    // A clock that went back also starts a new epoch: the age of this one is then unknown.
    if (m_packetsInEpoch < m_limits.rekeyAfterPackets && age >= 0 && age < m_limits.rekeyAfterMs) {
        return {};
    }
    if (m_epoch >= m_limits.lastEpoch) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("This session has used all its packet keys; the call must reconnect to go on."));
    }
    advanceEpochKey(m_key.data()); // the old key is overwritten, so gone
    ++m_epoch;
    m_packetsInEpoch = 0;
    m_epochStartMs = now;
    return {};
}

Result<std::size_t> PacketSealer::seal(std::uint16_t stream, const std::uint8_t* plaintext, std::size_t size,
    std::uint8_t* out, std::size_t capacity)
{
    if (auto request = checkRequest(stream, size, capacity); !request) {
        return request.error();
    }
    if (auto rekey = rekeyIfDue(); !rekey) {
        return rekey.error();
    }

    const PacketHeader header { kVersion, m_epoch, stream, m_nextSequence[stream] };
    const auto nonce = header.nonce(); // its first kHeaderBytes are the header itself
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeaderBytes, &written, plaintext, size, nonce.data(),
        kHeaderBytes, nullptr, nonce.data(), m_key.data());
    std::memcpy(out, nonce.data(), kHeaderBytes);

    if (m_nextSequence[stream] >= m_limits.lastSequence) {
        m_exhausted[stream] = true;
    } else {
        ++m_nextSequence[stream];
    }
    ++m_packetsInEpoch;
    return kHeaderBytes + static_cast<std::size_t>(written);
}

Result<QByteArray> PacketSealer::seal(std::uint16_t stream, const SecretBytes& plaintext)
{
    // Judge the request before allocating room for it.
    if (auto request = checkRequest(stream, plaintext.size(), plaintext.size() + kOverheadBytes); !request) {
        return request.error();
    }
    QByteArray out(static_cast<qsizetype>(plaintext.size() + kOverheadBytes), Qt::Uninitialized);
    auto written = seal(stream, plaintext.data(), plaintext.size(),
        reinterpret_cast<std::uint8_t*>(out.data()), static_cast<std::size_t>(out.size()));
    if (!written) {
        return written.error();
    }
    return out;
}

} // namespace ward::crypto::packet
