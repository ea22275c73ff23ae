// The newest picture a capture thread has produced, waiting for the pipeline: each picture is handed over
// once (stamped with the time it is taken) and numbered in the order it arrived; a picture not taken in time
// is replaced by the next. Also holds the source's frame rate and a count of pictures that could not be used.
// Thread-safe: one mutex guards everything; nothing here emits signals.
#pragma once

#include "media/VideoFrame.h"

#include <cstdint>
#include <mutex>
#include <optional>

namespace ward::devices {

class NewestFrame {
public:
    explicit NewestFrame(double frameRate)
        : m_frameRate(frameRate)
    { }

    void put(media::VideoFrame frame)
    {
        std::lock_guard lock(m_mutex);
        frame.sourceIndex = m_delivered++;
        m_newest = std::move(frame);
    }
    std::optional<media::VideoFrame> take(media::MediaTime now)
    {
        std::optional<media::VideoFrame> frame;
        {
            std::lock_guard lock(m_mutex);
            frame.swap(m_newest);
        }
        if (frame) {
            frame->captureTime = now;
        }
        return frame;
    }
    void clear()
    {
        std::lock_guard lock(m_mutex);
        m_newest.reset();
    }

    void countDropped()
    {
        std::lock_guard lock(m_mutex);
        ++m_dropped;
    }
    std::uint64_t dropped() const
    {
        std::lock_guard lock(m_mutex);
        return m_dropped;
    }

    void setFrameRate(double frameRate)
    {
        std::lock_guard lock(m_mutex);
        m_frameRate = frameRate;
    }
    double frameRate() const
    {
        std::lock_guard lock(m_mutex);
        return m_frameRate;
    }

private:
    mutable std::mutex m_mutex;
    std::optional<media::VideoFrame> m_newest;
    std::uint64_t m_delivered = 0;
    std::uint64_t m_dropped = 0;
    double m_frameRate;
};

} // namespace ward::devices
