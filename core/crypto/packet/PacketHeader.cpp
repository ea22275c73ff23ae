#include "crypto/packet/PacketHeader.h"

namespace ward::crypto::packet {

namespace {

template <typename T> void putBigEndian(std::uint8_t* out, T value)
{
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (8 * (sizeof(T) - 1 - i)));
    }
}

template <typename T> T getBigEndian(const std::uint8_t* in)
{
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value = static_cast<T>((value << 8) | in[i]);
    }
    return value;
}

} // namespace

void PacketHeader::write(std::uint8_t* out) const
{
    out[0] = version;
    putBigEndian(out + 1, epoch);
    putBigEndian(out + 5, stream);
    putBigEndian(out + 7, sequence);
}

std::optional<PacketHeader> PacketHeader::read(const std::uint8_t* data, std::size_t size)
{
    if (data == nullptr || size < kHeaderBytes) {
        return std::nullopt;
    }
    PacketHeader header;
    header.version = data[0];
    header.epoch = getBigEndian<std::uint32_t>(data + 1);
    header.stream = getBigEndian<std::uint16_t>(data + 5);
    header.sequence = getBigEndian<std::uint64_t>(data + 7);
    return header;
}

std::array<std::uint8_t, kNonceBytes> PacketHeader::nonce() const
{
    std::array<std::uint8_t, kNonceBytes> out {};
    write(out.data());
    return out;
}

} // namespace ward::crypto::packet
