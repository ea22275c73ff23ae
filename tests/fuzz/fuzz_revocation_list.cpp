// A revocation list is fetched from the clinic's server or a file, so its bytes are outside input. Parsing
// must never crash, and what parses must re-encode to exactly the input, with its entries strictly
// ascending (so a binary search over them is sound). Refusals must carry a sentence.
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/RevocationList.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using namespace ward::crypto::credential;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = RevocationList::parse(bytes);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    const RevocationFields& f = parsed->fields();
    if (parsed->encode() != bytes || RevocationList::encodeBody(f) != parsed->body()) {
        std::abort();
    }
    if (std::adjacent_find(f.serials.begin(), f.serials.end(), std::greater_equal<>()) != f.serials.end()
        || std::adjacent_find(f.issuingKeys.begin(), f.issuingKeys.end(), std::greater_equal<>())
            != f.issuingKeys.end()) {
        std::abort();
    }
    for (const std::uint64_t serial : f.serials) {
        if (!parsed->revokesSerial(serial)) {
            std::abort();
        }
    }
    CredentialVerifier verifier(f.organisationKey, f.version);
    auto accepted = verifier.acceptRevocations(bytes);
    if (!accepted && accepted.error().message.isEmpty()) {
        std::abort();
    }
    return 0;
}
