#include "media/congestion/BitrateAllocator.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace ward::media {

namespace {

// The ladder for a 4:3 or 16:9 camera at up to 720p30; each rung's box is fitted to the real source.
constexpr BitrateAllocator::Rung kLadder[] = {
    { 1280, 720, 30, 1500000 },
    { 960, 540, 30, 900000 },
    { 640, 480, 30, 500000 },
    { 480, 360, 30, 300000 },
    { 320, 240, 30, 180000 },
    { 320, 240, 15, 100000 },
    { 320, 180, 15, 60000 },
};

int evenAtLeastTwo(double value)
{
    return std::max(2, static_cast<int>(std::lround(value)) / 2 * 2);
}

} // namespace

BitrateAllocator::BitrateAllocator(int maxWidth, int maxHeight, double maxFrameRate)
    : m_ladder(fitLadder(maxWidth, maxHeight, maxFrameRate))
    , m_rung(m_ladder.size())
{ }

std::vector<BitrateAllocator::Rung> BitrateAllocator::fitLadder(
    int maxWidth, int maxHeight, double maxFrameRate)
{
    std::vector<Rung> ladder;
    if (maxWidth <= 0 || maxHeight <= 0 || !(maxFrameRate > 0)) {
        return ladder;
    }
    for (const Rung& box : kLadder) {
        // The largest size of the source's shape that fits the rung's box, never larger than the source.
        const double scale
            = std::min({ 1.0, double(box.width) / double(maxWidth), double(box.height) / double(maxHeight) });
        Rung rung;
        rung.width = scale < 1.0 ? evenAtLeastTwo(maxWidth * scale) : maxWidth;
        rung.height = scale < 1.0 ? evenAtLeastTwo(maxHeight * scale) : maxHeight;
        rung.frameRate = std::min(box.frameRate, maxFrameRate);
        rung.minimumBitrate = box.minimumBitrate;
        const bool sameAsAbove = !ladder.empty() && ladder.back().width == rung.width
            && ladder.back().height == rung.height && ladder.back().frameRate == rung.frameRate;
        if (sameAsAbove) {
            // A small source reaches its best picture at the lower rung's rate.
            ladder.back().minimumBitrate = rung.minimumBitrate;
        } else {
            ladder.push_back(rung);
        }
    }
    return ladder;
}

std::size_t BitrateAllocator::highestRungFor(int videoBitrate) const
{
    const auto fits = std::find_if(m_ladder.begin(), m_ladder.end(),
        [videoBitrate](const Rung& rung) { return videoBitrate >= rung.minimumBitrate; });
    return static_cast<std::size_t>(std::distance(m_ladder.begin(), fits));
}

void BitrateAllocator::stepRung(int videoBitrate, MediaTime now)
{
    if (!m_started) {
        // The first estimate is taken as it is: there is no picture yet to keep steady.
        m_started = true;
        m_rung = highestRungFor(videoBitrate);
        return;
    }
    if (m_rung < m_ladder.size() && videoBitrate < m_ladder[m_rung].minimumBitrate) {
        m_rung = highestRungFor(videoBitrate);
        m_rungHeldSince.reset();
        return;
    }
    if (m_rung == 0 || m_ladder.empty()) {
        m_rungHeldSince.reset();
        return;
    }
    const Rung& above = m_ladder[m_rung - 1];
    if (double(videoBitrate) < kStepUpMargin * double(above.minimumBitrate)) {
        m_rungHeldSince.reset();
        return;
    }
    if (!m_rungHeldSince) {
        m_rungHeldSince = now;
    }
    if (now - *m_rungHeldSince >= kStepUpHold) {
        --m_rung;
        m_rungHeldSince.reset();
    }
}

MediaAllocation BitrateAllocator::allocate(int targetBitrate, MediaTime now)
{
    MediaAllocation allocation;
    allocation.audioBitrate = std::clamp(targetBitrate / 10, kMinimumAudioBitrate, kMaximumAudioBitrate);
    const int videoBitrate = std::max(0, targetBitrate - allocation.audioBitrate);
    stepRung(videoBitrate, now);
    if (m_rung < m_ladder.size()) {
        const Rung& rung = m_ladder[m_rung];
        allocation.videoBitrate = videoBitrate;
        allocation.width = rung.width;
        allocation.height = rung.height;
        allocation.frameRate = rung.frameRate;
    }
    m_current = allocation;
    return allocation;
}

} // namespace ward::media
