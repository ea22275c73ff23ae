#include "devices/AudioRing.h"

#include <algorithm>

namespace ward::devices {

AudioRing::AudioRing(std::size_t capacity)
    : m_data(std::max<std::size_t>(capacity, 1))
{ }

std::size_t AudioRing::push(const std::int16_t* samples, std::size_t count)
{
    const std::size_t cap = m_data.size();
    std::size_t dropped = 0;
    if (count >= cap) {
        // Only the newest `cap` samples can stay.
        dropped = m_size + (count - cap);
        samples += count - cap;
        count = cap;
        m_head = 0;
        m_size = 0;
    } else if (m_size + count > cap) {
        dropped = m_size + count - cap;
        m_head = (m_head + dropped) % cap;
        m_size -= dropped;
    }
    std::size_t tail = (m_head + m_size) % cap;
    std::size_t remaining = count;
    while (remaining > 0) {
        const std::size_t run = std::min(remaining, cap - tail);
        std::copy_n(samples, run, m_data.begin() + static_cast<std::ptrdiff_t>(tail));
        samples += run;
        remaining -= run;
        tail = (tail + run) % cap;
    }
    m_size += count;
    return dropped;
}

bool AudioRing::pop(std::int16_t* out, std::size_t count)
{
    if (count > m_size) {
        return false;
    }
    const std::size_t cap = m_data.size();
    std::size_t remaining = count;
    while (remaining > 0) {
        const std::size_t run = std::min(remaining, cap - m_head);
        std::copy_n(m_data.begin() + static_cast<std::ptrdiff_t>(m_head), run, out);
        out += run;
        remaining -= run;
        m_head = (m_head + run) % cap;
    }
    m_size -= count;
    return true;
}

void AudioRing::clear()
{
    m_head = 0;
    m_size = 0;
}

} // namespace ward::devices
