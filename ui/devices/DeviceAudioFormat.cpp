#include "devices/DeviceAudioFormat.h"

#include "media/AudioFrame.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ward::devices {

namespace {

constexpr int kMaxChannels = 32;
constexpr int kMinRate = 8000;
constexpr int kMaxRate = 384000;

template <typename T> T load(const char* at)
{
    T value;
    std::memcpy(&value, at, sizeof(T));
    return value;
}

template <typename T> void append(QByteArray& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// One stored sample as a 16-bit value.
std::int32_t sampleToInt16(const char* at, QAudioFormat::SampleFormat format)
{
    switch (format) {
    case QAudioFormat::UInt8:
        return (static_cast<std::int32_t>(load<std::uint8_t>(at)) - 128) * 256;
    case QAudioFormat::Int16:
        return load<std::int16_t>(at);
    case QAudioFormat::Int32:
        return load<std::int32_t>(at) / 65536;
    case QAudioFormat::Float: {
        const float value = std::clamp(load<float>(at), -1.0F, 1.0F);
        return static_cast<std::int32_t>(std::lround(value * 32767.0F));
    }
    default:
        return 0;
    }
}

void appendSample(QByteArray& out, std::int16_t sample, QAudioFormat::SampleFormat format)
{
    switch (format) {
    case QAudioFormat::UInt8:
        append(out, static_cast<std::uint8_t>((sample / 256) + 128));
        break;
    case QAudioFormat::Int16:
        append(out, sample);
        break;
    case QAudioFormat::Int32:
        append(out, static_cast<std::int32_t>(sample) * 65536);
        break;
    case QAudioFormat::Float:
        append(out, static_cast<float>(sample) / 32768.0F);
        break;
    default:
        break;
    }
}

} // namespace

QAudioFormat engineAudioFormat()
{
    QAudioFormat format;
    format.setSampleRate(media::kEngineSampleRate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    return format;
}

QAudioFormat chooseDeviceFormat(const QAudioDevice& device, const QAudioFormat& wanted)
{
    if (device.isFormatSupported(wanted)) {
        return wanted;
    }
    return device.preferredFormat();
}

bool isConvertibleFormat(const QAudioFormat& format)
{
    switch (format.sampleFormat()) {
    case QAudioFormat::UInt8:
    case QAudioFormat::Int16:
    case QAudioFormat::Int32:
    case QAudioFormat::Float:
        break;
    default:
        return false;
    }
    return format.channelCount() >= 1 && format.channelCount() <= kMaxChannels
        && format.sampleRate() >= kMinRate && format.sampleRate() <= kMaxRate;
}

std::vector<std::int16_t> toMonoInt16(const char* data, std::size_t bytes, const QAudioFormat& format)
{
    if (!isConvertibleFormat(format)) {
        return {};
    }
    const auto sampleBytes = static_cast<std::size_t>(format.bytesPerSample());
    const auto channels = static_cast<std::size_t>(format.channelCount());
    const std::size_t frameBytes = sampleBytes * channels;
    const std::size_t frames = bytes / frameBytes;
    std::vector<std::int16_t> mono(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        const char* frame = data + i * frameBytes;
        std::int32_t sum = 0;
        for (std::size_t c = 0; c < channels; ++c) {
            sum += sampleToInt16(frame + c * sampleBytes, format.sampleFormat());
        }
        mono[i] = static_cast<std::int16_t>(
            std::clamp<std::int32_t>(sum / static_cast<std::int32_t>(channels), -32768, 32767));
    }
    return mono;
}

void appendFromMonoInt16(
    QByteArray& out, const std::int16_t* samples, std::size_t count, const QAudioFormat& format)
{
    if (!isConvertibleFormat(format)) {
        return;
    }
    out.reserve(out.size() + static_cast<qsizetype>(count) * format.bytesPerFrame());
    for (std::size_t i = 0; i < count; ++i) {
        for (int c = 0; c < format.channelCount(); ++c) {
            appendSample(out, samples[i], format.sampleFormat());
        }
    }
}

} // namespace ward::devices
