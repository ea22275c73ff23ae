// A bounded queue of mono samples between a device thread and the pipeline thread. It holds no lock of its
// own: its owner guards every call with one mutex. When it is full the oldest samples make room, so the delay
// between the microphone and the pipeline can never grow past the capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ward::devices {

class AudioRing {
public:
    explicit AudioRing(std::size_t capacity);

    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_data.size(); }

    // Appends `count` samples; returns how many of the oldest were dropped to make room.
    std::size_t push(const std::int16_t* samples, std::size_t count);
    // Moves the oldest `count` samples to `out`; takes nothing and returns false when fewer are buffered.
    bool pop(std::int16_t* out, std::size_t count);
    void clear();

private:
    std::vector<std::int16_t> m_data;
    std::size_t m_head = 0; // index of the oldest sample
    std::size_t m_size = 0;
};

} // namespace ward::devices
