// Opus encoding and decoding as a call uses them: a tone comes out at its frequency, DTX stops sending in
// silence, the bitrate the congestion controller sets is the one packets get, FEC is present exactly when
// the encoder was asked for it (and libopus agrees about which packets carry it), and damaged input is an
// error, never a crash.
#include "media/audio/AudioDecoder.h"
#include "media/audio/AudioEncoder.h"
#include "media/audio/OpusPacketInfo.h"
#include "media/pipeline/MediaPayload.h"

#include "AudioTestSignals.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace ward;
using namespace ward::media;
using ward::media::test::Lcg;
using ward::media::test::speechLikeFrame;
using ward::media::test::toneShare;

namespace {

AudioFrame pureTone(int index, int samples, int channels, double hz)
{
    AudioFrame frame = AudioFrame::silence(samples, channels);
    for (int i = 0; i < samples; ++i) {
        const double t = static_cast<double>(index * samples + i) / kEngineSampleRate;
        const auto value = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * hz * t));
        for (int c = 0; c < channels; ++c) {
            frame.samples[static_cast<std::size_t>(i) * static_cast<std::size_t>(channels)
                + static_cast<std::size_t>(c)]
                = value;
        }
    }
    return frame;
}

AudioEncoder makeEncoder(const AudioEncoderSettings& settings = {})
{
    auto encoder = AudioEncoder::create(settings);
    REQUIRE(encoder);
    return std::move(encoder).value();
}

AudioDecoder makeDecoder(int channels = 1)
{
    auto decoder = AudioDecoder::create(channels);
    REQUIRE(decoder);
    return std::move(decoder).value();
}

// Encodes `frames` frames of the speech-like tone; DTX is off so that every frame gives a packet.
std::vector<QByteArray> speechPackets(AudioEncoderSettings settings, int frames)
{
    settings.dtx = false;
    AudioEncoder encoder = makeEncoder(settings);
    std::vector<QByteArray> packets;
    for (int k = 0; k < frames; ++k) {
        auto packet = encoder.encode(speechLikeFrame(k, encoder.frameSamples(), settings.channels));
        REQUIRE(packet);
        REQUIRE_FALSE(packet->isEmpty());
        packets.push_back(packet.value());
    }
    return packets;
}

double averageSize(const std::vector<QByteArray>& packets, std::size_t from, std::size_t to)
{
    double total = 0;
    for (std::size_t i = from; i < to; ++i) {
        total += static_cast<double>(packets[i].size());
    }
    return total / static_cast<double>(to - from);
}

} // namespace

TEST_CASE("A 1 kHz tone comes out of the decoder at 1 kHz", "[media][audio]")
{
    const int channels = GENERATE(1, 2);
    const int frameMs = GENERATE(10, 20);
    AudioEncoderSettings settings;
    settings.channels = channels;
    settings.frameMs = frameMs;
    AudioEncoder encoder = makeEncoder(settings);
    AudioDecoder decoder = makeDecoder(channels);
    const int samples = encoder.frameSamples();
    CHECK(samples == 48 * frameMs);
    for (int k = 0; k < 50; ++k) {
        auto packet = encoder.encode(pureTone(k, samples, channels, 1000.0));
        REQUIRE(packet);
        REQUIRE_FALSE(packet->isEmpty());
        CHECK(static_cast<std::size_t>(packet->size()) <= kMaxOpusPacketBytes);
        CHECK(AudioDecoder::packetSamples(packet.value()) == samples);
        auto decoded = decoder.decode(packet.value());
        REQUIRE(decoded);
        REQUIRE(decoded->channels == channels);
        REQUIRE(decoded->sampleCount() == samples);
        if (k < 5) {
            continue; // the codec's start-up and look-ahead
        }
        for (int c = 0; c < channels; ++c) {
            const auto count = static_cast<std::size_t>(samples);
            const std::int16_t* first = decoded->samples.data() + c;
            const auto stride = static_cast<std::size_t>(channels);
            CHECK(toneShare(first, count, 1000.0, stride) > 0.95);
            CHECK(toneShare(first, count, 1500.0, stride) < 0.01);
        }
    }
}

TEST_CASE("The encoder's look-ahead is reported and is a few milliseconds", "[media][audio]")
{
    AudioEncoder encoder = makeEncoder();
    CHECK(encoder.lookaheadSamples() >= kEngineSampleRate / 400);
    CHECK(encoder.lookaheadSamples() <= kEngineSampleRate / 100);
}

TEST_CASE(
    "With DTX the encoder sends nothing for most of a silence, and without it every frame", "[media][audio]")
{
    const bool dtx = GENERATE(true, false);
    AudioEncoderSettings settings;
    settings.dtx = dtx;
    AudioEncoder encoder = makeEncoder(settings);
    int empty = 0;
    for (int k = 0; k < 100; ++k) {
        auto packet = encoder.encode(speechLikeFrame(k, 960, 1, k >= 20));
        REQUIRE(packet);
        if (k < 20) {
            CHECK_FALSE(packet->isEmpty()); // speech is always sent
        }
        empty += packet->isEmpty() ? 1 : 0;
    }
    if (dtx) {
        CHECK(empty >= 60); // of 80 silent frames, all but the hang-over and the comfort-noise updates
    } else {
        CHECK(empty == 0);
    }
}

TEST_CASE(
    "A lower bitrate makes packets smaller, and the bitrate is held within 16-64 kbit/s", "[media][audio]")
{
    AudioEncoderSettings settings;
    settings.bitrate = 64000;
    settings.dtx = false;
    AudioEncoder encoder = makeEncoder(settings);
    Lcg noise(7);
    std::vector<QByteArray> packets;
    for (int k = 0; k < 150; ++k) {
        if (k == 75) {
            REQUIRE(encoder.setBitrate(16000));
            CHECK(encoder.bitrate() == 16000);
        }
        AudioFrame frame = speechLikeFrame(k, 960);
        for (auto& s : frame.samples) {
            s = static_cast<std::int16_t>(s / 2 + static_cast<int>(noise.next() % 4001) - 2000);
        }
        auto packet = encoder.encode(frame);
        REQUIRE(packet);
        packets.push_back(packet.value());
    }
    const double high = averageSize(packets, 25, 75);
    const double low = averageSize(packets, 100, 150);
    CHECK(high > 120); // about 64000 / 8 / 50 = 160 bytes
    CHECK(low < 0.5 * high);

    REQUIRE(encoder.setBitrate(1000));
    CHECK(encoder.bitrate() == kMinAudioBitrate);
    REQUIRE(encoder.setBitrate(1000000));
    CHECK(encoder.bitrate() == kMaxAudioBitrate);
    settings.bitrate = 500;
    CHECK(makeEncoder(settings).bitrate() == kMinAudioBitrate);
}

TEST_CASE("Packets carry FEC when it is on and loss is expected, and only then", "[media][audio]")
{
    AudioEncoderSettings settings;
    settings.channels = GENERATE(1, 2);

    SECTION("FEC on, 10 % loss expected: SILK and hybrid packets after a voiced one carry LBRR")
    {
        settings.expectedLossPercent = 10;
        const auto packets = speechPackets(settings, 200);
        int eligible = 0;
        int carrying = 0;
        for (std::size_t k = 1; k < packets.size(); ++k) {
            const OpusPacketInfo info = inspectOpusPacket(packets[k]);
            REQUIRE(info.valid());
            if (info.mode != OpusMode::Celt && inspectOpusPacket(packets[k - 1]).voiceActive) {
                ++eligible;
                carrying += AudioDecoder::carriesFec(packets[k]) ? 1 : 0;
            }
        }
        CHECK(eligible > 150);
        CHECK(carrying >= eligible * 95 / 100);
        CHECK_FALSE(AudioDecoder::carriesFec(packets[0])); // nothing before it to protect
    }
    SECTION("FEC off, or no loss expected: no packet carries LBRR")
    {
        const bool fecOff = GENERATE(true, false);
        settings.inbandFec = !fecOff;
        settings.expectedLossPercent = fecOff ? 10 : 0;
        for (const QByteArray& packet : speechPackets(settings, 100)) {
            CHECK_FALSE(AudioDecoder::carriesFec(packet));
        }
    }
    SECTION("Setting the expected loss later turns FEC on")
    {
        settings.expectedLossPercent = 0;
        settings.dtx = false;
        AudioEncoder encoder = makeEncoder(settings);
        int carrying = 0;
        for (int k = 0; k < 100; ++k) {
            if (k == 50) {
                REQUIRE(encoder.setExpectedLoss(20));
                CHECK(encoder.settings().expectedLossPercent == 20);
            }
            auto packet = encoder.encode(speechLikeFrame(k, 960, settings.channels));
            REQUIRE(packet);
            if (AudioDecoder::carriesFec(packet.value())) {
                CHECK(k >= 50);
                ++carrying;
            }
        }
        CHECK(carrying > 30);
    }
}

TEST_CASE("carriesFec agrees with libopus: FEC decoding differs from concealment exactly when LBRR is there",
    "[media][audio]")
{
    AudioEncoderSettings settings;
    settings.channels = GENERATE(1, 2);
    settings.expectedLossPercent = 10;
    const auto packets = speechPackets(settings, 120);
    int withFec = 0;
    int differentWithoutFec = 0;
    for (std::size_t k = 1; k < packets.size(); ++k) {
        // Two decoders in the same state: one recovers frame k-1 from packet k, the other conceals it.
        AudioDecoder recovering = makeDecoder(settings.channels);
        AudioDecoder concealing = makeDecoder(settings.channels);
        for (std::size_t j = k >= 4 ? k - 4 : 0; j + 1 < k; ++j) {
            REQUIRE(recovering.decode(packets[j]));
            REQUIRE(concealing.decode(packets[j]));
        }
        auto recovered = recovering.decodeFec(packets[k], 960);
        auto concealed = concealing.conceal(960);
        REQUIRE(recovered);
        REQUIRE(concealed);
        REQUIRE(recovered->sampleCount() == 960);
        const bool same = recovered->samples == concealed->samples;
        if (AudioDecoder::carriesFec(packets[k])) {
            ++withFec;
            CHECK_FALSE(same);
        } else if (!same) {
            ++differentWithoutFec; // Opus smooths a bandwidth change the same way, rarely
        }
    }
    CHECK(withFec > 80);
    CHECK(differentWithoutFec <= 2);
}

TEST_CASE("CELT-only packets never carry FEC", "[media][audio]")
{
    AudioEncoderSettings settings;
    settings.expectedLossPercent = 10;
    const auto packets = speechPackets(settings, 50);
    const auto found = std::find_if(packets.begin(), packets.end(), &AudioDecoder::carriesFec);
    REQUIRE(found != packets.end());
    QByteArray withLbrr = *found;
    // The same bytes under a CELT-only TOC (configuration 31: fullband, 20 ms) are CELT data, not SILK.
    withLbrr[0] = static_cast<char>((31 << 3) | (withLbrr[0] & 0x07));
    CHECK(inspectOpusPacket(withLbrr).mode == OpusMode::Celt);
    CHECK_FALSE(AudioDecoder::carriesFec(withLbrr));

    // A stationary tone at 64 kbit/s with no loss expected is coded CELT-only.
    settings.expectedLossPercent = 0;
    settings.bitrate = 64000;
    settings.dtx = false;
    AudioEncoder encoder = makeEncoder(settings);
    int celt = 0;
    for (int k = 0; k < 50; ++k) {
        auto packet = encoder.encode(pureTone(k, 960, 1, 1000.0));
        REQUIRE(packet);
        if (inspectOpusPacket(packet.value()).mode == OpusMode::Celt) {
            ++celt;
            CHECK_FALSE(AudioDecoder::carriesFec(packet.value()));
        }
    }
    CHECK(celt > 40);
}

TEST_CASE("The encoder refuses frames and settings it cannot take, with a sentence", "[media][audio]")
{
    AudioEncoderSettings settings;
    SECTION("settings")
    {
        settings.channels = GENERATE(0, 3);
        auto encoder = AudioEncoder::create(settings);
        REQUIRE_FALSE(encoder);
        CHECK(encoder.error().code == ErrorCode::InvalidArgument);
        CHECK_FALSE(encoder.error().message.isEmpty());
    }
    SECTION("frame length")
    {
        settings.frameMs = GENERATE(5, 15, 40);
        auto encoder = AudioEncoder::create(settings);
        REQUIRE_FALSE(encoder);
        CHECK(encoder.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("expected loss")
    {
        settings.expectedLossPercent = GENERATE(-1, 101);
        CHECK_FALSE(AudioEncoder::create(settings));
        AudioEncoder encoder = makeEncoder();
        auto status = encoder.setExpectedLoss(settings.expectedLossPercent);
        REQUIRE_FALSE(status);
        CHECK(status.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("frames")
    {
        AudioEncoder encoder = makeEncoder();
        AudioFrame wrongLength = AudioFrame::silence(480);
        AudioFrame wrongChannels = AudioFrame::silence(960, 2);
        AudioFrame wrongRate = AudioFrame::silence(960, 1, 44100);
        AudioFrame ragged = AudioFrame::silence(960);
        ragged.samples.push_back(0);
        for (const AudioFrame* frame : { &wrongLength, &wrongChannels, &wrongRate, &ragged }) {
            auto packet = encoder.encode(*frame);
            REQUIRE_FALSE(packet);
            CHECK(packet.error().code == ErrorCode::InvalidArgument);
            CHECK(packet.error().message.contains(QStringLiteral("960")));
        }
        CHECK(encoder.encode(AudioFrame::silence(960))); // and it still works
    }
}

TEST_CASE("The decoder refuses oversized, empty and damaged packets and survives garbage", "[media][audio]")
{
    AudioDecoder decoder = makeDecoder();
    const QByteArray oversized(static_cast<qsizetype>(kMaxOpusPacketBytes) + 1, '\x08');
    CHECK(decoder.decode(oversized).error().code == ErrorCode::InvalidArgument);
    CHECK(decoder.decode(QByteArray()).error().code == ErrorCode::InvalidArgument);
    CHECK(decoder.decodeFec(oversized, 960).error().code == ErrorCode::InvalidArgument);
    // Code 3 with no frames, code 3 with 7 frames of 20 ms (140 ms), code 2 with a length past the end.
    for (const QByteArray& damaged :
        { QByteArray("\x0b\x00", 2), QByteArray("\x0b\x07", 2), QByteArray("\x0a\xfc\x05\x00", 4) }) {
        CHECK(AudioDecoder::packetSamples(damaged) == 0);
        auto decoded = decoder.decode(damaged);
        REQUIRE_FALSE(decoded);
        CHECK_FALSE(decoded.error().message.isEmpty());
    }
    Lcg random(99);
    for (int i = 0; i < 300; ++i) {
        QByteArray garbage(static_cast<qsizetype>(1 + random.next() % 400), Qt::Uninitialized);
        for (auto& byte : garbage) {
            byte = static_cast<char>(random.next());
        }
        auto decoded = decoder.decode(garbage);
        if (decoded) {
            CHECK(decoded->sampleCount() == AudioDecoder::packetSamples(garbage));
        } else {
            CHECK_FALSE(decoded.error().message.isEmpty());
        }
        (void)AudioDecoder::carriesFec(garbage);
    }
    auto afterwards = decoder.conceal(960);
    REQUIRE(afterwards);
    CHECK(afterwards->sampleCount() == 960);
}

TEST_CASE("Concealment and FEC recovery work in 2.5 ms steps only", "[media][audio]")
{
    AudioDecoder decoder = makeDecoder(2);
    for (const int samples : { 120, 480, 960, 2880, 5760 }) {
        auto concealed = decoder.conceal(samples);
        REQUIRE(concealed);
        CHECK(concealed->sampleCount() == samples);
        CHECK(concealed->channels == 2);
    }
    for (const int samples : { 0, -960, 100, 5880 }) {
        auto concealed = decoder.conceal(samples);
        REQUIRE_FALSE(concealed);
        CHECK(concealed.error().code == ErrorCode::InvalidArgument);
    }
    AudioEncoderSettings settings;
    settings.expectedLossPercent = 10;
    const auto packets = speechPackets(settings, 3);
    CHECK_FALSE(decoder.decodeFec(packets[2], 1000));
    CHECK(AudioDecoder::packetSamples(packets[2]) == 960);
    CHECK(AudioDecoder::packetSamples(QByteArray()) == 0);
}

TEST_CASE("The decoder refuses a channel count it cannot play", "[media][audio]")
{
    auto decoder = AudioDecoder::create(GENERATE(0, 3, -1));
    REQUIRE_FALSE(decoder);
    CHECK(decoder.error().code == ErrorCode::InvalidArgument);
}
