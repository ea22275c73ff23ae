// otpauth links come from QR codes and clipboards. Parsing must never crash and must fail with a sentence;
// what parses must build a link that parses back to the same issuer, account, parameters and secret.
#include "crypto/otp/OtpAuthUri.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::crypto::otp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto parsed = OtpAuthUri::parse(data, size);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    auto built = parsed->build();
    if (!built) {
        std::abort();
    }
    auto again = OtpAuthUri::parse(*built);
    if (!again || !again->sameAs(*parsed)) {
        std::abort();
    }
    return 0;
}
