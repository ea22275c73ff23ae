// The pieces under the audio adapters, in memory: the ring between device and pipeline, and the conversions
// between device formats and the engine's mono int16.
#include "devices/AudioRing.h"
#include "devices/DeviceAudioFormat.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <numeric>

using namespace ward;

namespace {

QAudioFormat format(QAudioFormat::SampleFormat sampleFormat, int channels, int rate = 48000)
{
    QAudioFormat f;
    f.setSampleFormat(sampleFormat);
    f.setChannelCount(channels);
    f.setSampleRate(rate);
    return f;
}

template <typename T> QByteArray bytesOf(std::initializer_list<T> values)
{
    QByteArray bytes;
    for (T value : values) {
        bytes.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    return bytes;
}

std::vector<std::int16_t> mono(const QByteArray& bytes, const QAudioFormat& f)
{
    return devices::toMonoInt16(bytes.constData(), static_cast<std::size_t>(bytes.size()), f);
}

} // namespace

TEST_CASE("AudioRing hands samples over in order and keeps only the newest when full", "[devices][ring]")
{
    devices::AudioRing ring(8);
    std::vector<std::int16_t> in(20);
    std::iota(in.begin(), in.end(), std::int16_t { 1 });
    std::array<std::int16_t, 8> out {};

    CHECK(ring.push(in.data(), 5) == 0);
    CHECK(ring.pop(out.data(), 3));
    CHECK((out[0] == 1 && out[1] == 2 && out[2] == 3));
    // Wraps around the end of its storage.
    CHECK(ring.push(in.data() + 5, 5) == 0);
    CHECK(ring.size() == 7);
    CHECK(ring.pop(out.data(), 7));
    CHECK(std::equal(out.begin(), out.begin() + 7, in.begin() + 3));

    // Full: the oldest go.
    CHECK(ring.push(in.data(), 6) == 0);
    CHECK(ring.push(in.data() + 6, 5) == 3);
    CHECK(ring.size() == 8);
    CHECK(ring.pop(out.data(), 8));
    CHECK(std::equal(out.begin(), out.end(), in.begin() + 3));

    // More than it holds at once: only the last `capacity` stay.
    CHECK(ring.push(in.data(), 2) == 0);
    CHECK(ring.push(in.data(), 20) == 14);
    CHECK(ring.pop(out.data(), 8));
    CHECK(std::equal(out.begin(), out.end(), in.begin() + 12));

    // Too few: nothing taken.
    CHECK(ring.push(in.data(), 2) == 0);
    CHECK_FALSE(ring.pop(out.data(), 3));
    CHECK(ring.size() == 2);
}

TEST_CASE("device samples of every sample format become engine int16", "[devices][format]")
{
    CHECK(mono(bytesOf<std::uint8_t>({ 0, 128, 255 }), format(QAudioFormat::UInt8, 1))
        == std::vector<std::int16_t> { -32768, 0, 32512 });
    CHECK(mono(bytesOf<std::int16_t>({ -32768, 5, 32767 }), format(QAudioFormat::Int16, 1))
        == std::vector<std::int16_t> { -32768, 5, 32767 });
    CHECK(mono(bytesOf<std::int32_t>({ INT32_MIN, 65536 * 5, INT32_MAX }), format(QAudioFormat::Int32, 1))
        == std::vector<std::int16_t> { -32768, 5, 32767 });
    // Float clips at full scale rather than wrapping.
    CHECK(mono(bytesOf<float>({ -1.0F, 0.5F, 1.0F, 3.0F, -7.0F }), format(QAudioFormat::Float, 1))
        == std::vector<std::int16_t> { -32767, 16384, 32767, 32767, -32767 });
}

TEST_CASE("several channels are averaged into one, and a partial frame is left out", "[devices][format]")
{
    // Two stereo frames and half of a third.
    const QByteArray stereo = bytesOf<std::int16_t>({ 1000, 3000, -32768, -32768, 77 });
    CHECK(mono(stereo, format(QAudioFormat::Int16, 2)) == std::vector<std::int16_t> { 2000, -32768 });
    const QByteArray six = bytesOf<float>({ 0.5F, 0.5F, 0.5F, -0.5F, -0.5F, -0.5F });
    CHECK(mono(six, format(QAudioFormat::Float, 6)) == std::vector<std::int16_t> { 0 });
}

TEST_CASE("engine samples go out in the device's format on every channel", "[devices][format]")
{
    const std::vector<std::int16_t> samples { -32768, 0, 16384 };
    QByteArray out;
    devices::appendFromMonoInt16(out, samples.data(), samples.size(), format(QAudioFormat::Float, 2));
    REQUIRE(out.size() == qsizetype { 24 }); // three samples, two channels, four bytes
    std::array<float, 6> floats {};
    std::memcpy(floats.data(), out.constData(), sizeof(floats));
    CHECK(floats == std::array<float, 6> { -1.0F, -1.0F, 0.0F, 0.0F, 0.5F, 0.5F });

    for (const auto sampleFormat : { QAudioFormat::UInt8, QAudioFormat::Int16, QAudioFormat::Int32 }) {
        INFO("sample format " << sampleFormat);
        const QAudioFormat f = format(sampleFormat, 3);
        QByteArray bytes;
        devices::appendFromMonoInt16(bytes, samples.data(), samples.size(), f);
        CHECK(bytes.size() == qsizetype { 3 } * f.bytesPerFrame());
        // Back to the engine: the same samples, to the precision of the format.
        const std::vector<std::int16_t> back = mono(bytes, f);
        REQUIRE(back.size() == samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            CHECK(std::abs(back[i] - samples[i]) <= (sampleFormat == QAudioFormat::UInt8 ? 255 : 0));
        }
    }
}

TEST_CASE("formats the conversions cannot handle are recognised", "[devices][format]")
{
    CHECK(devices::isConvertibleFormat(devices::engineAudioFormat()));
    CHECK(devices::isConvertibleFormat(format(QAudioFormat::Float, 8, 44100)));
    CHECK_FALSE(devices::isConvertibleFormat(format(QAudioFormat::Unknown, 1)));
    CHECK_FALSE(devices::isConvertibleFormat(format(QAudioFormat::Int16, 0)));
    CHECK_FALSE(devices::isConvertibleFormat(format(QAudioFormat::Int16, 1, 1000)));
    CHECK(mono(bytesOf<std::int16_t>({ 1, 2 }), format(QAudioFormat::Unknown, 1)).empty());
}
