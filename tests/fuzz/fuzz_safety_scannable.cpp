// A scanned safety number code comes from a camera and another device. Parsing must never crash, and what
// parses must encode to exactly the scanned bytes (the layout is fixed, so there is one encoding).
#include "crypto/safety/ScannableSafetyNumber.h"

#include <cstdint>
#include <cstdlib>

using ward::crypto::safety::ScannableSafetyNumber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = ScannableSafetyNumber::parse(bytes);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    if (parsed->encode() != bytes) {
        std::abort();
    }
    return 0;
}
