// Feedback arrives from the peer on the feedback stream. Decoding must never crash or read past the input;
// what decodes must encode to exactly the input bytes (every byte of both formats carries a field), and
// input of a valid type and length must decode.
#include "media/congestion/FeedbackMessage.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace ward::media;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // A copy of exactly `size` bytes, so that a read past the end is caught by the sanitizer.
    const std::vector<std::uint8_t> input(data, data + size);
    const auto decoded = decodeFeedback(input.data(), input.size());
    const bool wellFormed = size > 0
        && ((input[0] == 1 && size == kReceiverReportBytes)
            || (input[0] == 2 && size == kKeyframeRequestBytes));
    if (decoded.has_value() != wellFormed) {
        std::abort();
    }
    if (decoded) {
        const QByteArray encoded = encodeFeedback(*decoded);
        if (std::size_t(encoded.size()) != size
            || std::memcmp(encoded.constData(), input.data(), size) != 0) {
            std::abort();
        }
    }
    return 0;
}
