// The PCM format a sound device is opened with, and conversion between it and the engine's samples. We ask
// for what the engine uses (48 kHz, mono, 16-bit) and take the device's own format when it refuses; any of
// Qt's sample formats and channel counts then become mono int16 (channels averaged) and back (the mono
// sample on every channel). Sample rates are not touched here: media::Resampler does that.
#pragma once

#include <QAudioDevice>
#include <QAudioFormat>
#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ward::devices {

// 48 kHz, one channel, Int16.
QAudioFormat engineAudioFormat();
// `wanted` when the device takes it, otherwise the device's preferred format.
QAudioFormat chooseDeviceFormat(const QAudioDevice& device, const QAudioFormat& wanted);
// A format this file can convert: a known sample format, 1..32 channels, 8..384 kHz.
bool isConvertibleFormat(const QAudioFormat& format);

// `bytes` holds whole frames of `format` (a trailing partial frame is ignored).
std::vector<std::int16_t> toMonoInt16(const char* data, std::size_t bytes, const QAudioFormat& format);
// Appends `count` mono samples to `out` in `format`.
void appendFromMonoInt16(
    QByteArray& out, const std::int16_t* samples, std::size_t count, const QAudioFormat& format);

} // namespace ward::devices
