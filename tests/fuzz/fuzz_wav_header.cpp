// WAV headers come from files a user picks. Parsing must never crash or read past the bytes it is given, must
// fail with a sentence, and what it accepts must describe 16-bit mono or stereo samples inside the RIFF file,
// decided by the bytes before the samples alone.
#include "media/io/WavFile.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::media;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // A copy, so that a read past `size` is a read past the end of the QByteArray's own buffer.
    const QByteArray head(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto parsed = WavFormat::parse(head);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    const WavFormat& format = parsed.value();
    const qint64 frameBytes = qint64 { format.channels } * 2;
    if (format.channels < 1 || format.channels > 2 || format.sampleRate < 8000 || format.sampleRate > 192000
        || format.dataOffset < 44 || format.dataOffset > head.size()
        || format.dataOffset > qint64 { 64 } * 1024 || format.dataBytes < 0
        || format.dataBytes % frameBytes != 0 || format.dataOffset + format.dataBytes > kMaxWavBytes) {
        std::abort();
    }
    // The header ends where the samples begin: the same bytes without the samples parse the same way.
    const auto again = WavFormat::parse(head.left(static_cast<qsizetype>(format.dataOffset)));
    if (!again || again->sampleRate != format.sampleRate || again->channels != format.channels
        || again->dataOffset != format.dataOffset || again->dataBytes != format.dataBytes) {
        std::abort();
    }
    return 0;
}
