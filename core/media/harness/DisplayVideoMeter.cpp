#include "media/harness/DisplayVideoMeter.h"

#include "media/video/Psnr.h"

#include <algorithm>
#include <numeric>

namespace ward::media {

namespace {
constexpr std::uint32_t kReferenceSpan = 2 * 90000; // two seconds of the 90 kHz clock
}

DisplayVideoMeter::DisplayVideoMeter(int width, int height, VideoSink* recording)
    : m_recording(recording)
    , m_shown(VideoFrame::blankI420(width, height))
{ }

void DisplayVideoMeter::encoded(const VideoFrame& picture, std::uint32_t timestamp, MediaTime)
{
    m_references[timestamp] = picture;
    while (!m_references.empty() && timestamp - m_references.begin()->first > kReferenceSpan) {
        m_references.erase(m_references.begin());
    }
}

void DisplayVideoMeter::tick(std::optional<DecodedPicture> picture, MediaTime now)
{
    if (picture) {
        ++m_shownCount;
        const auto reference = m_references.find(picture->timestamp);
        if (reference != m_references.end() && reference->second.width == picture->picture.width
            && reference->second.height == picture->picture.height) {
            m_psnr.push_back(psnrI420(reference->second, picture->picture));
        }
        if (m_lastNew) {
            const MediaTime gap = now - *m_lastNew;
            if (gap > kFreezeThreshold) {
                m_frozenMs += toMilliseconds(gap);
                m_longestFreezeMs = std::max(m_longestFreezeMs, toMilliseconds(gap));
            }
        }
        m_lastNew = now;
        const MediaTime captured
            = static_cast<MediaTime>(picture->timestamp) * kMicrosecondsPerSecond / 90000;
        m_history.push_back({ picture->decodedAt, captured });
        m_shown = std::move(picture->picture);
    }
    if (m_recording) {
        m_recording->show(m_shown, now);
    }
}

std::optional<MediaTime> DisplayVideoMeter::firstFreshPictureAfter(
    MediaTime from, MediaTime capturedFrom) const
{
    for (const Shown& shown : m_history) {
        if (shown.decodedAt >= from && shown.capturedAt >= capturedFrom) {
            return shown.decodedAt;
        }
    }
    return std::nullopt;
}

void DisplayVideoMeter::finish(VideoFigures& figures, MediaTime end) const
{
    figures.framesShown = m_shownCount;
    double frozen = m_frozenMs;
    double longest = m_longestFreezeMs;
    if (m_lastNew && end - *m_lastNew > kFreezeThreshold) {
        frozen += toMilliseconds(end - *m_lastNew);
        longest = std::max(longest, toMilliseconds(end - *m_lastNew));
    }
    figures.frozenMs = frozen;
    figures.longestFreezeMs = longest;
    if (!m_history.empty()) {
        figures.firstPictureMs = toMilliseconds(m_history.front().decodedAt);
    }
    if (!m_psnr.empty()) {
        figures.psnrMeanDb
            = std::accumulate(m_psnr.begin(), m_psnr.end(), 0.0) / static_cast<double>(m_psnr.size());
        figures.psnrMinDb = *std::min_element(m_psnr.begin(), m_psnr.end());
    }
}

} // namespace ward::media
