// Enrolment links arrive from QR codes, e-mail and the clipboard. Parsing must never crash and must fail
// with a sentence; what parses must build a link that parses back to the same fields.
#include "protocol/EnrolmentLink.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto parsed = EnrolmentLink::parse(data, size);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    auto again = EnrolmentLink::parse(parsed->build());
    if (!again || again->host != parsed->host || again->port != parsed->port
        || !again->code.equals(parsed->code) || again->certificatePin != parsed->certificatePin
        || again->organisationFingerprint != parsed->organisationFingerprint) {
        std::abort();
    }
    return 0;
}
