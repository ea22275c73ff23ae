// The vault file is read from disk, where anyone with access to the folder may have changed it.
// Parsing must never crash, and what parses must serialise and parse again to the same header.
#include "store/VaultFile.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = ward::store::VaultFile::parse(bytes, QStringLiteral("fuzz"));
    if (!parsed) {
        return 0;
    }
    auto again = ward::store::VaultFile::parse(parsed->serialize(), QStringLiteral("fuzz"));
    if (!again || again->headerBytes() != parsed->headerBytes()
        || again->sealedKeys().size() != parsed->sealedKeys().size()) {
        std::abort();
    }
    return 0;
}
