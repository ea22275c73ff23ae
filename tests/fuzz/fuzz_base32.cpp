// Base32 text arrives from people and from otpauth links. Decoding must never crash, must fail with a
// sentence, and what decodes must encode (padded or not) to a text that decodes to the same bytes. The
// input read as bytes must also survive encode then decode unchanged.
#include "crypto/otp/Base32.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::crypto;
using namespace ward::crypto::otp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto decoded = base32Decode(data, size);
    if (!decoded) {
        if (decoded.error().message.isEmpty()) {
            std::abort();
        }
    } else {
        for (const Base32Padding padding : { Base32Padding::Include, Base32Padding::Omit }) {
            auto again = base32Decode(base32Encode(*decoded, padding));
            if (!again || !again->equals(*decoded)) {
                std::abort();
            }
        }
    }
    const SecretBytes bytes(data, size < 600 ? size : 600);
    auto roundTrip = base32Decode(base32Encode(bytes));
    if (!roundTrip || !roundTrip->equals(bytes)) {
        std::abort();
    }
    return 0;
}
