#include "media/audio/PlayoutQueue.h"

#include "media/audio/AudioJitterBuffer.h"

#include <algorithm>

namespace ward::media {

namespace {
int rank(PlayoutKind kind)
{
    switch (kind) {
    case PlayoutKind::Concealed:
        return 4;
    case PlayoutKind::FecRecovered:
        return 3;
    case PlayoutKind::Decoded:
        return 2;
    case PlayoutKind::Silence:
        return 1;
    case PlayoutKind::Waiting:
        break;
    }
    return 0;
}
} // namespace

std::int64_t PlayoutQueue::Segment::sourceAt(int offset, int channels) const
{
    const int total = length(channels);
    if (total <= 0) {
        return sourceStart;
    }
    return sourceStart + static_cast<std::int64_t>(offset) * sourceLength / total;
}

PlayoutQueue::PlayoutQueue(int channels)
    : m_channels(std::max(channels, 1))
{ }

void PlayoutQueue::append(
    std::int64_t sourceStart, int sourceLength, PlayoutKind kind, std::vector<std::int16_t> samples)
{
    const int frames = static_cast<int>(samples.size()) / m_channels;
    if (frames <= 0) {
        return;
    }
    samples.resize(static_cast<std::size_t>(frames) * static_cast<std::size_t>(m_channels));
    m_available += frames;
    m_segments.push_back(Segment { sourceStart, sourceLength, kind, std::move(samples), 0 });
}

void PlayoutQueue::clear()
{
    m_segments.clear();
    m_available = 0;
}

PlayoutQueue::Taken PlayoutQueue::take(int count, std::vector<std::int16_t>& out)
{
    Taken taken;
    taken.kind = PlayoutKind::Silence;
    out.assign(static_cast<std::size_t>(std::max(count, 0)) * static_cast<std::size_t>(m_channels), 0);
    if (!m_segments.empty()) {
        taken.sourceTimestamp = m_segments.front().sourceAt(m_segments.front().played, m_channels);
    }
    int written = 0;
    int bestRank = 0;
    while (written < count && !m_segments.empty()) {
        Segment& segment = m_segments.front();
        const int n = std::min(count - written, segment.length(m_channels) - segment.played);
        const auto from = segment.samples.begin() + static_cast<std::ptrdiff_t>(segment.played) * m_channels;
        std::copy(from, from + static_cast<std::ptrdiff_t>(n) * m_channels,
            out.begin() + static_cast<std::ptrdiff_t>(written) * m_channels);
        if (n > 0 && rank(segment.kind) > bestRank) {
            bestRank = rank(segment.kind);
            taken.kind = segment.kind;
        }
        written += n;
        segment.played += n;
        m_available -= n;
        if (segment.played >= segment.length(m_channels)) {
            m_segments.pop_front();
        }
    }
    return taken;
}

PlayoutKind PlayoutQueue::newestKind() const
{
    return m_segments.empty() ? PlayoutKind::Waiting : m_segments.back().kind;
}

int PlayoutQueue::newestUnplayed() const
{
    return m_segments.empty() ? 0 : m_segments.back().length(m_channels) - m_segments.back().played;
}

PlayoutQueue::Segment& PlayoutQueue::compactNewest()
{
    Segment& segment = m_segments.back();
    if (segment.played > 0) {
        const std::int64_t start = segment.sourceAt(segment.played, m_channels);
        segment.sourceLength -= static_cast<int>(start - segment.sourceStart);
        segment.sourceStart = start;
        segment.samples.erase(segment.samples.begin(),
            segment.samples.begin() + static_cast<std::ptrdiff_t>(segment.played) * m_channels);
        segment.played = 0;
    }
    return segment;
}

int PlayoutQueue::stretchNewest(int minLag, int maxLag, StretchDirection direction)
{
    if (m_segments.empty()) {
        return 0;
    }
    Segment& segment = compactNewest();
    const int lag = timeStretch(segment.samples, m_channels, minLag, maxLag, direction);
    const int change = direction == StretchDirection::Shorten ? -lag : lag;
    m_available += change;
    return change;
}

int PlayoutQueue::truncateNewest(int count)
{
    if (m_segments.empty() || count <= 0) {
        return 0;
    }
    Segment& segment = compactNewest();
    const int dropped = std::min(count, segment.length(m_channels));
    segment.samples.resize(segment.samples.size() - static_cast<std::size_t>(dropped) * m_channels);
    m_available -= dropped;
    if (segment.samples.empty()) {
        m_segments.pop_back();
    }
    return dropped;
}

void PlayoutQueue::extendNewest(const std::vector<std::int16_t>& samples)
{
    if (m_segments.empty()) {
        return;
    }
    Segment& segment = m_segments.back();
    const int frames = static_cast<int>(samples.size()) / m_channels;
    segment.samples.insert(segment.samples.end(), samples.begin(),
        samples.begin() + static_cast<std::ptrdiff_t>(frames) * m_channels);
    m_available += frames;
}

} // namespace ward::media
