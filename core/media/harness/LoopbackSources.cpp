#include "media/harness/LoopbackSources.h"

#include "media/io/TestPatternSource.h"
#include "media/io/ToneSource.h"
#include "media/io/WavFile.h"
#include "media/io/Y4mFile.h"

namespace ward::media {

Result<LoopbackSources> LoopbackSources::open(const LoopbackSettings& settings)
{
    LoopbackSources sources;
    if (settings.audio) {
        if (settings.audioIn.isEmpty()) {
            sources.audio = std::make_unique<ToneSource>(settings.toneHz);
        } else {
            auto wav = WavFileSource::open(settings.audioIn);
            if (!wav) {
                return wav.error();
            }
            sources.audio = std::move(wav).value();
        }
    }
    if (settings.video) {
        if (settings.videoIn.isEmpty()) {
            sources.width = settings.patternWidth;
            sources.height = settings.patternHeight;
            sources.frameRate = settings.patternFrameRate;
            sources.video
                = std::make_unique<TestPatternSource>(sources.width, sources.height, sources.frameRate);
        } else {
            auto y4m = Y4mFileSource::open(settings.videoIn);
            if (!y4m) {
                return y4m.error();
            }
            sources.width = (*y4m)->header().width;
            sources.height = (*y4m)->header().height;
            sources.frameRate = (*y4m)->frameRate();
            sources.video = std::move(y4m).value();
        }
    }
    return sources;
}

} // namespace ward::media
