#include "media/audio/JitterEstimator.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ward::media {

void JitterEstimator::add(MediaTime arrivalOffset)
{
    m_offsets.push_back(arrivalOffset);
    if (m_offsets.size() > kWindowPackets) {
        m_offsets.pop_front();
    }
    std::vector<MediaTime> sorted(m_offsets.begin(), m_offsets.end());
    const auto rank
        = static_cast<std::size_t>(std::ceil(kPercentile * static_cast<double>(sorted.size()))) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
    const MediaTime high = sorted[rank];
    m_reference = *std::min_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank + 1));
    m_jitter = high - m_reference;
}

void JitterEstimator::reset()
{
    m_offsets.clear();
    m_reference = 0;
    m_jitter = 0;
}

} // namespace ward::media
