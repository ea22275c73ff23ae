// The clear header in front of every protected packet, and the nonce derived from it. The header is also the
// AEAD's associated data, so a flipped bit in it fails authentication like one in the body.
//
// Wire layout (big-endian, kHeaderBytes = 15), followed by the ciphertext and its 16-byte Poly1305 tag:
//   offset 0   version     1 byte   kVersion (1)
//   offset 1   epoch       4 bytes  key epoch: 0 for the key from the handshake, +1 at each rekey
//   offset 5   stream      2 bytes  stream id (0 .. kMaxStreams - 1 in version 1)
//   offset 7   sequence    8 bytes  per stream, starts at 0, only grows, carries on across epochs
// Nonce (24 bytes, XChaCha20): the 15 header bytes followed by 9 zero bytes. A sender never repeats
// (epoch, stream, sequence) under one key, so no nonce repeats under one key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace ward::crypto::packet {

inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 15;
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kNonceBytes = 24;
inline constexpr std::size_t kOverheadBytes = kHeaderBytes + kTagBytes;
// Stream ids index fixed per-stream state (sequence counters, replay windows), so version 1 allows only a
// few; the wire field has room for more in a later version.
inline constexpr std::uint16_t kMaxStreams = 64;

struct PacketHeader {
    std::uint8_t version = kVersion;
    std::uint32_t epoch = 0;
    std::uint16_t stream = 0;
    std::uint64_t sequence = 0;

    // Writes exactly kHeaderBytes bytes.
    void write(std::uint8_t* out) const;
    // Reads the first kHeaderBytes of `data`; nothing when there are fewer. Does not judge the values.
    static std::optional<PacketHeader> read(const std::uint8_t* data, std::size_t size);

    std::array<std::uint8_t, kNonceBytes> nonce() const;
};

} // namespace ward::crypto::packet
