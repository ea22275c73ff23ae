// The sender's inputs for a loopback run, opened from its settings: a WAV file or a tone, a Y4M file or the
// test pattern (or no video), with the picture size and rate the run works at.
#pragma once

#include "common/Result.h"
#include "media/harness/LoopbackSettings.h"
#include "media/io/AudioSource.h"
#include "media/io/VideoSource.h"

#include <memory>

namespace ward::media {

struct LoopbackSources {
    std::unique_ptr<AudioSource> audio; // null without audio
    std::unique_ptr<VideoSource> video; // null without video
    int width = 0;
    int height = 0;
    double frameRate = 0;

    static Result<LoopbackSources> open(const LoopbackSettings& settings);
};

} // namespace ward::media
