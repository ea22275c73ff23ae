// An organisation key file is read from disk, where anyone with access to the folder may have changed it.
// Parsing must never crash, refusals must carry a sentence, and what parses must serialise to exactly the
// input (the header is the seal's associated data, so it has one encoding). Opening is not fuzzed: it costs
// an Argon2id derivation per input.
#include "crypto/credential/SigningKeyFile.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = ward::crypto::credential::SigningKeyFile::parse(bytes, QStringLiteral("fuzz"));
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    if (parsed->serialize() != bytes || !ward::crypto::argon2ParamsAcceptable(parsed->params())) {
        std::abort();
    }
    return 0;
}
