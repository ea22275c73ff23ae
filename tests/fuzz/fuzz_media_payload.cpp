// Whatever a peer manages to get authenticated still reaches the media receiver as bytes it must survive:
// payloads of every kind on every stream, in any order, with the playout and the display pulling between
// them, and feedback of any shape. Nothing may crash, and the playout always yields a whole frame.
#include "media/congestion/FeedbackMessage.h"
#include "media/pipeline/MediaPayload.h"
#include "media/pipeline/MediaReceiver.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::media;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // A fresh receiver per input, so that a crash reproduces from its input alone.
    ReceiverSettings settings;
    settings.jitter.frameSamples = 480;
    auto receiver = MediaReceiver::create(settings, 0);
    if (!receiver) {
        std::abort();
    }
    MediaTime now = 0;
    std::uint64_t sequence = 0;
    // Records: stream (1 byte), sequence step (1 byte), length (2 bytes), payload.
    while (size >= 4) {
        const std::uint16_t stream = data[0] % 4;
        sequence += data[1];
        const std::size_t length = std::min<std::size_t>(size - 4, (std::size_t { data[2] } << 8) | data[3]);
        receiver->receive(stream, sequence, data + 4, length, now);
        (void)decodeFeedback(data + 4, length);
        now += fromMilliseconds(5);
        const PlayoutFrame played = receiver->playAudio(now);
        if (played.audio.samples.size() != 480) {
            std::abort();
        }
        (void)receiver->takePicture();
        (void)receiver->feedbackDue(now);
        data += 4 + length;
        size -= 4 + length;
    }
    return 0;
}
