// The sending half of one direction and kind: seals plaintext into packets (PacketHeader.h has the layout)
// under the current epoch's key, numbers each stream's packets upwards, and moves to the next epoch on its
// own when PacketLimits says so. Sealing never reuses a (key, nonce) pair: it refuses instead once a
// stream's sequence numbers or the session's epochs are used up.
// Not thread-safe: one thread seals at a time. The raw-buffer seal does not allocate, rekeys included.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketHeader.h"
#include "crypto/packet/PacketLimits.h"

#include <QByteArray>

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>

namespace ward::crypto::packet {

class PacketSealer {
public:
    // `key` is this direction's epoch-0 key for one kind (PacketKeySchedule.h), kKeyBytes long. The clock
    // times the epochs.
    static Result<PacketSealer> create(SecretBytes key, const PacketLimits& limits, Clock clock);

    // Seals `size` bytes on `stream` into `out` and returns how many bytes were written (kOverheadBytes more
    // than `size`). `plaintext` may sit at `out + kHeaderBytes` (sealing in place) but must not otherwise
    // overlap `out`. On failure nothing is sent, and no sequence number is used.
    Result<std::size_t> seal(std::uint16_t stream, const std::uint8_t* plaintext, std::size_t size,
        std::uint8_t* out, std::size_t capacity);
    // The same, into a new buffer.
    Result<QByteArray> seal(std::uint16_t stream, const SecretBytes& plaintext);

    std::uint32_t epoch() const { return m_epoch; }
    std::uint64_t packetsInEpoch() const { return m_packetsInEpoch; }
    const PacketLimits& limits() const { return m_limits; }

private:
    PacketSealer(SecretBytes key, const PacketLimits& limits, Clock clock);

    Status checkRequest(std::uint16_t stream, std::size_t size, std::size_t capacity) const;
    Status rekeyIfDue();

    SecretBytes m_key;
    PacketLimits m_limits;
    Clock m_clock;
    std::uint32_t m_epoch = 0;
    std::uint64_t m_packetsInEpoch = 0;
    std::int64_t m_epochStartMs = 0;
    std::array<std::uint64_t, kMaxStreams> m_nextSequence {};
    std::bitset<kMaxStreams> m_exhausted;
};

} // namespace ward::crypto::packet
