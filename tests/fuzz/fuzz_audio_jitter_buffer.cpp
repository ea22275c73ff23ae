// The audio jitter buffer takes sequence numbers, timestamps and Opus bytes from the network. The input is
// a script played against one buffer (channels, pull size and delay limits from its first bytes): insert a
// packet of real Opus (one of a few encoded at start-up) or of raw bytes, with sequence numbers, timestamps
// and arrival times that step, jump, repeat and go backwards; and pull as time moves on. Nothing may crash,
// and:
//   - every pull gives exactly frameSamples * channels samples and says what they are;
//   - every lost frame is either recovered from FEC or concealed (concealed + fecRecovered == lost);
//   - no counter ever goes back.
#include "media/audio/AudioEncoder.h"
#include "media/audio/AudioJitterBuffer.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numbers>
#include <vector>

namespace {

using namespace ward::media;

// Speech-like packets (a 1 kHz tone whose loudness moves, with FEC and DTX) of 10 and 20 ms, mono and
// stereo, so that the buffer's decoding, FEC and concealment paths all run on real Opus.
const std::vector<QByteArray>& realPackets()
{
    static const std::vector<QByteArray> packets = [] {
        std::vector<QByteArray> out;
        for (const int channels : { 1, 2 }) {
            for (const int frameMs : { 20, 10 }) {
                AudioEncoderSettings settings;
                settings.channels = channels;
                settings.frameMs = frameMs;
                auto encoder = AudioEncoder::create(settings);
                if (!encoder) {
                    std::abort();
                }
                const int samples = encoder->frameSamples();
                for (int k = 0; k < 24; ++k) {
                    AudioFrame frame = AudioFrame::silence(samples, channels);
                    for (int i = 0; i < samples * channels; ++i) {
                        const int sampleIndex = k * samples + i / channels; // per channel
                        const double t = static_cast<double>(sampleIndex) / kEngineSampleRate;
                        frame.samples[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(9000
                            * (0.5 + 0.5 * std::sin(2 * std::numbers::pi * 4 * t))
                            * std::sin(2 * std::numbers::pi * 1000 * t));
                    }
                    auto packet = encoder->encode(frame);
                    if (packet && !packet->isEmpty()) {
                        out.push_back(packet.value());
                    }
                }
            }
        }
        return out;
    }();
    return packets;
}

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size)
    { }
    bool done() const { return m_at >= m_size; }
    std::uint8_t byte() { return m_at < m_size ? m_data[m_at++] : 0; }
    std::uint16_t word() { return static_cast<std::uint16_t>((byte() << 8) | byte()); }
    QByteArray take(std::size_t count)
    {
        const std::size_t n = std::min(count, m_size - std::min(m_at, m_size));
        QByteArray out(reinterpret_cast<const char*>(m_data + m_at), static_cast<qsizetype>(n));
        m_at += n;
        return out;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_at = 0;
};

bool counterWentBack(const JitterStats& before, const JitterStats& after)
{
    return after.received < before.received || after.duplicates < before.duplicates
        || after.late < before.late || after.lost < before.lost || after.concealed < before.concealed
        || after.fecRecovered < before.fecRecovered || after.stretchedFrames < before.stretchedFrames
        || after.invalid < before.invalid;
}

void check(const AudioJitterBuffer& buffer, const JitterStats& before)
{
    const JitterStats& stats = buffer.stats();
    if (stats.concealed + stats.fecRecovered != stats.lost || counterWentBack(before, stats)) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::vector<QByteArray>& real = realPackets();
    Input in(data, size);
    JitterBufferSettings settings;
    const std::uint8_t shape = in.byte();
    settings.channels = 1 + (shape & 1);
    settings.frameSamples = 120 * (1 + (shape >> 1) % 16); // 2.5 to 40 ms
    settings.minimumDelay = fromMilliseconds(in.byte() % 64);
    settings.maximumDelay = settings.minimumDelay + fromMilliseconds(in.word() % 1000);
    auto created = AudioJitterBuffer::create(settings);
    if (!created) {
        std::abort();
    }
    AudioJitterBuffer buffer = std::move(created).value();
    const auto expectedSize
        = static_cast<std::size_t>(settings.frameSamples) * static_cast<std::size_t>(settings.channels);

    std::uint64_t sequence = 1000;
    std::uint32_t timestamp = 0xfffff000u;
    MediaTime now = 0;
    AudioPacket last;
    while (!in.done()) {
        const JitterStats before = buffer.stats();
        switch (in.byte() % 6) {
        case 0: // the next packet, real Opus, after a small step
        case 1: {
            sequence += static_cast<std::int8_t>(in.byte());
            timestamp += static_cast<std::uint32_t>(static_cast<std::int8_t>(in.byte()) * 120);
            AudioPacket packet { sequence, timestamp, now + MediaTime { in.byte() } * 250,
                real[in.byte() % real.size()] };
            last = packet;
            buffer.insert(std::move(packet));
            break;
        }
        case 2: { // raw bytes
            sequence += static_cast<std::int8_t>(in.byte());
            timestamp += static_cast<std::uint32_t>(static_cast<std::int8_t>(in.byte()) * 120);
            AudioPacket packet { sequence, timestamp, now, in.take(in.word() % 1400) };
            last = packet;
            buffer.insert(std::move(packet));
            break;
        }
        case 3: // a big jump of the sender's numbers, or a copy of the last packet
            if (in.byte() & 1) {
                sequence += static_cast<std::uint64_t>(in.word()) << (in.byte() % 48);
                timestamp += static_cast<std::uint32_t>(in.word()) << 16;
            } else {
                last.arrival = now;
                buffer.insert(last);
            }
            break;
        default: { // pulls as time goes on (and now and then a stall or a step back)
            const int pulls = 1 + in.byte() % 8;
            const std::int8_t drift = static_cast<std::int8_t>(in.byte());
            for (int i = 0; i < pulls; ++i) {
                now += static_cast<MediaTime>(settings.frameSamples) * kMicrosecondsPerSecond
                        / kEngineSampleRate
                    + MediaTime { drift } * 100;
                const PlayoutFrame frame = buffer.pull(now);
                if (frame.audio.samples.size() != expectedSize || frame.audio.channels != settings.channels
                    || frame.kind < PlayoutKind::Waiting || frame.kind > PlayoutKind::Silence) {
                    std::abort();
                }
            }
            break;
        }
        }
        check(buffer, before);
    }
    return 0;
}
