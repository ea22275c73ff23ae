// The audio jitter buffer on real Opus streams of a speech-like tone, through a simulated network with fixed
// seeds: without jitter it adds (almost) nothing; with jitter it raises its delay until nothing is late;
// lost packets are recovered from FEC or concealed and counted; DTX pauses are silence, not loss; and
// duplicates, stragglers, garbage, floods and timeline jumps are counted and survived.
#include "media/audio/AudioJitterBuffer.h"
#include "media/audio/AudioEncoder.h"
#include "media/audio/TimeStretch.h"

#include "AudioTestSignals.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

using namespace ward;
using namespace ward::media;
using ward::media::test::Lcg;
using ward::media::test::speechLikeFrame;
using ward::media::test::toneShare;

namespace {

constexpr std::uint64_t kFirstSequence = 5000;
// Just before the 32-bit wrap, so that every stream crosses it.
constexpr std::uint32_t kFirstTimestamp = 0xffff0000u;
constexpr MediaTime kNetworkDelay = fromMilliseconds(5);

struct SentPacket {
    AudioPacket packet; // arrival not yet set
    MediaTime sendTime = 0;
    int frame = 0;
};

struct StreamOptions {
    int frames = 250;
    int frameMs = 20;
    int silentFrom = -1; // frames in [silentFrom, silentTo) are digital silence
    int silentTo = -1;
};

// Encodes the speech-like tone with DTX and FEC (10 % expected loss) on; DTX frames are not sent, so the
// sequence number moves on only for packets that leave.
std::vector<SentPacket> sendStream(const StreamOptions& options)
{
    AudioEncoderSettings settings;
    settings.frameMs = options.frameMs;
    auto encoder = AudioEncoder::create(settings);
    REQUIRE(encoder);
    const int samples = encoder->frameSamples();
    std::vector<SentPacket> sent;
    std::uint64_t sequence = kFirstSequence;
    for (int k = 0; k < options.frames; ++k) {
        const bool silent = k >= options.silentFrom && k < options.silentTo;
        auto opus = encoder->encode(speechLikeFrame(k, samples, 1, silent));
        REQUIRE(opus);
        if (opus->isEmpty()) {
            continue;
        }
        SentPacket packet;
        packet.packet.sequence = sequence++;
        packet.packet.timestamp = kFirstTimestamp + static_cast<std::uint32_t>(k * samples);
        packet.packet.opus = opus.value();
        packet.sendTime = fromMilliseconds(static_cast<std::int64_t>(k) * options.frameMs);
        packet.frame = k;
        sent.push_back(packet);
    }
    return sent;
}

// Every packet arrives kNetworkDelay plus `extra(packet)` after it was sent; `drop` loses it.
std::vector<AudioPacket> deliver(const std::vector<SentPacket>& sent,
    const std::function<MediaTime(const SentPacket&)>& extra = {},
    const std::function<bool(const SentPacket&)>& drop = {})
{
    std::vector<AudioPacket> arrivals;
    for (const SentPacket& s : sent) {
        if (drop && drop(s)) {
            continue;
        }
        AudioPacket packet = s.packet;
        packet.arrival = s.sendTime + kNetworkDelay + (extra ? extra(s) : 0);
        arrivals.push_back(packet);
    }
    std::stable_sort(arrivals.begin(), arrivals.end(),
        [](const AudioPacket& a, const AudioPacket& b) { return a.arrival < b.arrival; });
    return arrivals;
}

struct Played {
    MediaTime at = 0;
    PlayoutFrame frame;
    JitterStats stats;
};

AudioJitterBuffer makeBuffer(int frameSamples = 960)
{
    JitterBufferSettings settings;
    settings.frameSamples = frameSamples;
    auto buffer = AudioJitterBuffer::create(settings);
    REQUIRE(buffer);
    return std::move(buffer).value();
}

MediaTime pullInterval(const AudioJitterBuffer& buffer)
{
    return static_cast<MediaTime>(buffer.settings().frameSamples) * kMicrosecondsPerSecond
        / kEngineSampleRate;
}

// Pulls every frame interval from `firstPull` until `until`, inserting each packet once its arrival time
// has come. Every pull must give exactly one frame of samples.
std::vector<Played> play(AudioJitterBuffer& buffer, const std::vector<AudioPacket>& arrivals, MediaTime until,
    MediaTime firstPull = 13000)
{
    std::vector<Played> played;
    std::size_t next = 0;
    const auto expectedSize = static_cast<std::size_t>(buffer.settings().frameSamples)
        * static_cast<std::size_t>(buffer.settings().channels);
    for (MediaTime now = firstPull; now < until; now += pullInterval(buffer)) {
        while (next < arrivals.size() && arrivals[next].arrival <= now) {
            buffer.insert(arrivals[next++]);
        }
        PlayoutFrame frame = buffer.pull(now);
        REQUIRE(frame.audio.samples.size() == expectedSize);
        REQUIRE(frame.audio.channels == buffer.settings().channels);
        played.push_back(Played { now, std::move(frame), buffer.stats() });
    }
    return played;
}

// How many packets had arrived by the last pull.
std::uint64_t inserted(const std::vector<AudioPacket>& arrivals, const std::vector<Played>& played)
{
    return static_cast<std::uint64_t>(std::count_if(arrivals.begin(), arrivals.end(),
        [&](const AudioPacket& packet) { return packet.arrival <= played.back().at; }));
}

// The sender timeline in milliseconds of a played frame's first sample.
double senderMs(const PlayoutFrame& frame)
{
    return static_cast<double>(static_cast<std::uint32_t>(frame.audio.timestamp - kFirstTimestamp)) / 48.0;
}

std::vector<std::int16_t> joined(const std::vector<Played>& played, MediaTime from, MediaTime to)
{
    std::vector<std::int16_t> samples;
    for (const Played& p : played) {
        if (p.at >= from && p.at < to) {
            samples.insert(samples.end(), p.frame.audio.samples.begin(), p.frame.audio.samples.end());
        }
    }
    return samples;
}

const Played& at(const std::vector<Played>& played, MediaTime time)
{
    const auto it
        = std::find_if(played.begin(), played.end(), [time](const Played& p) { return p.at >= time; });
    REQUIRE(it != played.end());
    return *it;
}

int count(const std::vector<Played>& played, PlayoutKind kind, MediaTime from = 0,
    MediaTime to = std::numeric_limits<MediaTime>::max())
{
    return static_cast<int>(std::count_if(played.begin(), played.end(),
        [&](const Played& p) { return p.at >= from && p.at < to && p.frame.kind == kind; }));
}

} // namespace

TEST_CASE(
    "Without jitter or loss every frame is decoded, in order, within one pull interval", "[media][audio]")
{
    const int packetMs = GENERATE(20, 10);
    const int frameSamples = GENERATE(960, 480);
    CAPTURE(packetMs, frameSamples);
    StreamOptions options;
    options.frameMs = packetMs;
    options.frames = 5000 / packetMs;
    AudioJitterBuffer buffer = makeBuffer(frameSamples);
    const auto arrivals = deliver(sendStream(options));
    const auto played = play(buffer, arrivals, fromMilliseconds(5000));

    // A pull longer than a packet waits for the packet that completes it, and no longer.
    const MediaTime packetTime = fromMilliseconds(packetMs);
    const MediaTime allowed
        = pullInterval(buffer) + std::max<MediaTime>(0, pullInterval(buffer) - packetTime);
    const auto first = std::find_if(
        played.begin(), played.end(), [](const Played& p) { return p.frame.kind != PlayoutKind::Waiting; });
    REQUIRE(first != played.end());
    CHECK(first->at <= kNetworkDelay + allowed);
    // It opens with the first packet (perhaps after some silence) and goes on without a gap or overlap.
    const auto lead = static_cast<std::int32_t>(kFirstTimestamp - first->frame.audio.timestamp);
    CHECK(lead >= 0);
    CHECK(lead < frameSamples);
    for (auto it = first; it != played.end(); ++it) {
        const auto i = static_cast<std::uint32_t>(it - first);
        CAPTURE(i);
        REQUIRE(it->frame.kind == PlayoutKind::Decoded);
        CHECK(it->stats.currentDelay >= 0);
        CHECK(it->stats.currentDelay <= allowed);
        CHECK(it->frame.audio.timestamp
            == first->frame.audio.timestamp + i * static_cast<std::uint32_t>(frameSamples));
    }
    const JitterStats& stats = buffer.stats();
    CHECK(stats.received == inserted(arrivals, played));
    CHECK(stats.lost == 0);
    CHECK(stats.late == 0);
    CHECK(stats.stretchedFrames == 0);
    CHECK(stats.targetDelay == 0);
    CHECK(stats.jitter == 0);
    CHECK(toneShare(joined(played, fromMilliseconds(200), fromMilliseconds(4800)), 1000.0) > 0.8);
}

TEST_CASE("With 30 ms of jitter the target rises to cover it and, after warm-up, nothing is concealed",
    "[media][audio]")
{
    const int frameSamples = GENERATE(960, 480);
    CAPTURE(frameSamples);
    StreamOptions options;
    options.frames = 500;
    const auto sent = sendStream(options);
    Lcg random(2024);
    const auto arrivals = deliver(sent, [&](const SentPacket&) {
        return static_cast<MediaTime>(random.uniform() * static_cast<double>(fromMilliseconds(30)));
    });
    int reordered = 0;
    for (std::size_t i = 1; i < arrivals.size(); ++i) {
        reordered += arrivals[i].sequence < arrivals[i - 1].sequence ? 1 : 0;
    }
    REQUIRE(reordered > 20);

    AudioJitterBuffer buffer = makeBuffer(frameSamples);
    const auto played = play(buffer, arrivals, fromMilliseconds(10000));
    const JitterStats& warm = at(played, fromMilliseconds(2000)).stats;
    const JitterStats& stats = buffer.stats();
    CHECK(count(played, PlayoutKind::Concealed, fromMilliseconds(2000)) == 0);
    CHECK(stats.concealed == warm.concealed);
    CHECK(stats.lost == warm.lost);
    CHECK(stats.received + stats.late == inserted(arrivals, played));
    CHECK(stats.jitter >= fromMilliseconds(25));
    CHECK(stats.jitter <= fromMilliseconds(30));
    CHECK(stats.targetDelay >= fromMilliseconds(30));
    CHECK(stats.targetDelay <= fromMilliseconds(45));
    CHECK(stats.stretchedFrames > 0);
    // The delay reaches the target in whole pull intervals, and no further; it moves by stretching a
    // frame by at most a quarter (5 ms at most), never by a jump in the sender's timeline.
    for (std::size_t i = 1; i < played.size(); ++i) {
        if (played[i].at >= fromMilliseconds(2000)) {
            const auto advance = static_cast<std::int32_t>(
                played[i].frame.audio.timestamp - played[i - 1].frame.audio.timestamp);
            CHECK(std::abs(advance - frameSamples) <= std::min(frameSamples / 4, 240));
        }
    }
    for (const Played& p : played) {
        if (p.at >= fromMilliseconds(2000)) {
            CHECK(p.stats.currentDelay >= fromMilliseconds(30));
            CHECK(p.stats.currentDelay < p.stats.targetDelay + pullInterval(buffer) + pullInterval(buffer) / 4
                    + fromMilliseconds(2));
        }
    }
    CHECK(toneShare(joined(played, fromMilliseconds(2000), fromMilliseconds(9500)), 1000.0) > 0.8);
}

TEST_CASE(
    "At 10 % random loss FEC recovers a share of the lost frames, the rest are concealed", "[media][audio]")
{
    const int frameSamples = GENERATE(960, 480);
    CAPTURE(frameSamples);
    StreamOptions options;
    options.frames = 850; // loss for the first 10 s, none for the last 7 s
    const auto sent = sendStream(options);
    Lcg random(10);
    int dropped = 0;
    const auto arrivals = deliver(sent, {}, [&](const SentPacket& s) {
        const bool lost = s.frame >= 5 && s.frame < 500 && random.uniform() < 0.10;
        dropped += lost ? 1 : 0;
        return lost;
    });
    AudioJitterBuffer buffer = makeBuffer(frameSamples);
    const auto played = play(buffer, arrivals, fromMilliseconds(17000));
    const JitterStats& stats = buffer.stats();
    REQUIRE(dropped > 30);
    CHECK(stats.lost == static_cast<std::uint64_t>(dropped));
    CHECK(stats.concealed + stats.fecRecovered == stats.lost);
    CHECK(stats.fecRecovered > 0);
    CHECK(stats.fecRecovered >= stats.lost / 3);
    CHECK(count(played, PlayoutKind::FecRecovered) > 0);
    // While losses come, the target keeps one packet of look-ahead; five seconds after they stop it is gone.
    CHECK(at(played, fromMilliseconds(9000)).stats.targetDelay >= fromMilliseconds(20));
    CHECK(stats.targetDelay == 0);
    CHECK(stats.currentDelay <= pullInterval(buffer));
    for (const Played& p : played) {
        if (p.at >= fromMilliseconds(10500)) {
            CHECK(p.frame.kind == PlayoutKind::Decoded);
        }
    }
}

TEST_CASE("A burst of loss is concealed, and decoding resumes after it", "[media][audio]")
{
    StreamOptions options;
    const auto sent = sendStream(options);
    const auto arrivals
        = deliver(sent, {}, [](const SentPacket& s) { return s.frame >= 100 && s.frame < 110; });
    AudioJitterBuffer buffer = makeBuffer();
    const auto played = play(buffer, arrivals, fromMilliseconds(5000));
    const JitterStats& stats = buffer.stats();
    CHECK(stats.lost == 10);
    CHECK(stats.concealed + stats.fecRecovered == 10);
    CHECK(stats.concealed >= 9);
    CHECK(count(played, PlayoutKind::Concealed, fromMilliseconds(2000), fromMilliseconds(2300)) >= 9);
    for (const Played& p : played) {
        if (p.at >= fromMilliseconds(2400)) {
            CHECK(p.frame.kind == PlayoutKind::Decoded);
        }
    }
    CHECK(toneShare(joined(played, fromMilliseconds(2500), fromMilliseconds(5000)), 1000.0) > 0.8);
}

TEST_CASE("A DTX pause plays as silence, loses nothing and keeps the timeline", "[media][audio]")
{
    StreamOptions options;
    options.frames = 300;
    options.silentFrom = 100;
    options.silentTo = 225;
    const auto sent = sendStream(options);
    REQUIRE(sent.size() < 250); // DTX held most of the pause back
    AudioJitterBuffer buffer = makeBuffer();
    const auto played = play(buffer, deliver(sent), fromMilliseconds(6000));
    const JitterStats& stats = buffer.stats();
    CHECK(stats.lost == 0);
    CHECK(stats.concealed == 0);
    int silence = 0;
    int inPause = 0;
    for (std::size_t i = 0; i < played.size(); ++i) {
        const PlayoutFrame& frame = played[i].frame;
        CHECK(frame.audio.timestamp == kFirstTimestamp + static_cast<std::uint32_t>(i * 960));
        const double ms = senderMs(frame);
        if (ms >= 2500 && ms < 4400) {
            ++inPause;
            silence += frame.kind == PlayoutKind::Silence ? 1 : 0;
            CHECK(frame.kind != PlayoutKind::Concealed);
        }
        if (ms < 2000 || ms >= 4600) {
            CHECK(frame.kind == PlayoutKind::Decoded);
        }
    }
    CHECK(silence >= inPause * 8 / 10); // the rest are DTX's comfort-noise updates, decoded
    CHECK(toneShare(joined(played, fromMilliseconds(4600), fromMilliseconds(6000)), 1000.0) > 0.8);
}

TEST_CASE("Duplicates and late packets are counted and do not disturb playout", "[media][audio]")
{
    StreamOptions options;
    options.frames = 150;
    const auto sent = sendStream(options);
    std::vector<AudioPacket> arrivals
        = deliver(sent, [](const SentPacket& s) { return s.frame == 60 ? fromMilliseconds(300) : 0; });
    const std::size_t originals = arrivals.size();
    for (std::size_t i = 0; i < originals; ++i) {
        AudioPacket copy = arrivals[i];
        copy.arrival += fromMilliseconds(3);
        arrivals.push_back(copy);
    }
    std::stable_sort(arrivals.begin(), arrivals.end(),
        [](const AudioPacket& a, const AudioPacket& b) { return a.arrival < b.arrival; });
    AudioJitterBuffer buffer = makeBuffer();
    const auto played = play(buffer, arrivals, fromMilliseconds(3100));
    const JitterStats& stats = buffer.stats();
    CHECK(stats.duplicates == originals);
    CHECK(stats.late == 1);
    CHECK(stats.lost == 1);
    CHECK(stats.concealed + stats.fecRecovered == 1);
    CHECK(stats.received == originals - 1);
    // All but the late packet's frame are decoded, until the stream ends at 3 s.
    const auto beforeEnd = std::count_if(
        played.begin(), played.end(), [](const Played& p) { return p.at < fromMilliseconds(2950); });
    CHECK(count(played, PlayoutKind::Decoded, 0, fromMilliseconds(2950)) == beforeEnd - 1);
    // A copy of something played long ago is still a duplicate, not a new packet.
    AudioPacket old = sent[5].packet;
    old.arrival = fromMilliseconds(3000);
    buffer.insert(old);
    CHECK(buffer.stats().duplicates == originals + 1);
}

TEST_CASE("Packets of garbage are counted and concealed, and playout survives them", "[media][audio]")
{
    StreamOptions options;
    const auto sent = sendStream(options);
    Lcg random(666);
    std::vector<AudioPacket> arrivals = deliver(sent);
    int spoiled = 0;
    for (std::size_t i = 20; i < arrivals.size(); i += 10) {
        QByteArray& opus = arrivals[i].opus;
        switch (spoiled++ % 4) {
        case 0:
            opus = QByteArray(2000, '\x08'); // too long for Opus
            break;
        case 1:
            opus.clear();
            break;
        case 2:
            opus = QByteArray("\x0b\x00", 2); // no frames
            break;
        default:
            for (auto& byte : opus) {
                byte = static_cast<char>(random.next()); // random bytes, framing and all
            }
        }
    }
    AudioJitterBuffer buffer = makeBuffer();
    const auto played = play(buffer, arrivals, fromMilliseconds(5000));
    const JitterStats& stats = buffer.stats();
    CHECK(stats.invalid >= static_cast<std::uint64_t>(spoiled * 3 / 4));
    CHECK(stats.lost >= static_cast<std::uint64_t>(spoiled * 3 / 4));
    CHECK(stats.concealed + stats.fecRecovered == stats.lost);
    CHECK(count(played, PlayoutKind::Decoded) >= static_cast<int>(played.size()) * 8 / 10);
}

TEST_CASE("A jump in the sender's timestamps or sequence numbers is followed, not played as a gap",
    "[media][audio]")
{
    StreamOptions options;
    options.frames = 200;
    auto sent = sendStream(options);
    AudioJitterBuffer buffer = makeBuffer();
    SECTION("timestamps jump ten minutes ahead")
    {
        for (SentPacket& s : sent) {
            s.packet.timestamp += s.frame >= 100 ? 48000u * 600u : 0u;
        }
    }
    SECTION("timestamps and sequence numbers start again from zero")
    {
        for (SentPacket& s : sent) {
            if (s.frame >= 100) {
                s.packet.timestamp = static_cast<std::uint32_t>((s.frame - 100) * 960);
                s.packet.sequence -= kFirstSequence;
            }
        }
    }
    SECTION("sequence numbers jump a million ahead")
    {
        for (SentPacket& s : sent) {
            s.packet.sequence += s.frame >= 100 ? 1000000u : 0u;
        }
    }
    const auto played = play(buffer, deliver(sent), fromMilliseconds(4000));
    for (const Played& p : played) {
        if (p.at >= fromMilliseconds(2200) || p.at < fromMilliseconds(2000)) {
            CHECK(p.frame.kind == PlayoutKind::Decoded);
        }
    }
    CHECK(buffer.stats().lost == 0);
    // The last frame played is (within a stretch) the last one sent, on the new timeline.
    const auto lastSent
        = static_cast<std::int32_t>(played.back().frame.audio.timestamp - sent.back().packet.timestamp);
    CHECK(std::abs(lastSent) < 960);
}

TEST_CASE("A flood of packets without pulls is capped, and playout goes on afterwards", "[media][audio]")
{
    StreamOptions options;
    options.frames = 50;
    const auto sent = sendStream(options);
    AudioJitterBuffer buffer = makeBuffer();
    for (std::uint64_t i = 0; i < 1000; ++i) {
        AudioPacket packet = sent[i % sent.size()].packet;
        packet.sequence = kFirstSequence + i;
        packet.timestamp = kFirstTimestamp + static_cast<std::uint32_t>(i * 960);
        packet.arrival = static_cast<MediaTime>(i) * fromMilliseconds(20);
        buffer.insert(packet);
    }
    CHECK(buffer.stats().invalid >= 800);
    for (int i = 0; i < 100; ++i) {
        const PlayoutFrame frame = buffer.pull(fromMilliseconds(20000) + i * fromMilliseconds(20));
        REQUIRE(frame.audio.samples.size() == 960);
    }
}

TEST_CASE("Before the first packet the buffer plays silence and says it is waiting", "[media][audio]")
{
    AudioJitterBuffer buffer = makeBuffer(480);
    const PlayoutFrame frame = buffer.pull(0);
    CHECK(frame.kind == PlayoutKind::Waiting);
    CHECK(frame.audio.samples == std::vector<std::int16_t>(480, 0));
    CHECK(buffer.stats().currentDelay == 0);
}

TEST_CASE("The jitter buffer refuses settings it cannot play", "[media][audio]")
{
    JitterBufferSettings settings;
    SECTION("channels")
    {
        settings.channels = GENERATE(0, 3);
    }
    SECTION("pull size")
    {
        settings.frameSamples = GENERATE(0, 100, 1000, 6000);
    }
    SECTION("delays")
    {
        settings.minimumDelay = fromMilliseconds(100);
        settings.maximumDelay = fromMilliseconds(50);
    }
    auto buffer = AudioJitterBuffer::create(settings);
    REQUIRE_FALSE(buffer);
    CHECK(buffer.error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(buffer.error().message.isEmpty());
}

TEST_CASE("Time-stretching moves a tone by whole periods, without a click", "[media][audio]")
{
    const auto direction = GENERATE(StretchDirection::Shorten, StretchDirection::Lengthen);
    std::vector<std::int16_t> block(960);
    for (std::size_t i = 0; i < block.size(); ++i) {
        block[i] = static_cast<std::int16_t>(
            10000 * std::sin(2 * std::numbers::pi * 1000.0 * static_cast<double>(i) / kEngineSampleRate));
    }
    const auto largestStep = [](const std::vector<std::int16_t>& x) {
        int largest = 0;
        for (std::size_t i = 1; i < x.size(); ++i) {
            largest = std::max(largest, std::abs(x[i] - x[i - 1]));
        }
        return largest;
    };
    std::vector<std::int16_t> stretched = block;
    const int lag = timeStretch(stretched, 1, 24, 240, direction);
    CHECK(lag == 240); // five periods of 1 kHz, the most allowed
    CHECK(stretched.size() == (direction == StretchDirection::Shorten ? 960u - 240u : 960u + 240u));
    CHECK(largestStep(stretched) <= largestStep(block) + 10);
    CHECK(toneShare(stretched.data(), 720, 1000.0) > 0.99);

    std::vector<std::int16_t> tooShort(40, 0);
    CHECK(timeStretch(tooShort, 1, 24, 240, direction) == 0);
    CHECK(tooShort.size() == 40);
}
