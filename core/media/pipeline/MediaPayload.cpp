#include "media/pipeline/MediaPayload.h"

namespace ward::media {

void writeBigEndian(std::uint8_t* out, std::uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) {
        out[i] = static_cast<std::uint8_t>(value & 0xffu);
        value >>= 8;
    }
}

std::uint64_t readBigEndian(const std::uint8_t* in, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
        value = (value << 8) | in[i];
    }
    return value;
}

void PayloadHeader::write(std::uint8_t* out) const
{
    out[0] = static_cast<std::uint8_t>(kind);
    writeBigEndian(out + 1, sendTime, 4);
}

std::optional<PayloadHeader> PayloadHeader::read(const std::uint8_t* data, std::size_t size)
{
    if (size < kPayloadHeaderBytes || data[0] < 1 || data[0] > 3) {
        return std::nullopt;
    }
    PayloadHeader header;
    header.kind = static_cast<PayloadKind>(data[0]);
    header.sendTime = static_cast<std::uint32_t>(readBigEndian(data + 1, 4));
    return header;
}

} // namespace ward::media
