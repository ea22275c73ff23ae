#include "media/harness/LoopbackHarness.h"

#include "crypto/packet/PacketKeySchedule.h"
#include "crypto/packet/PacketSession.h"
#include "media/audio/AudioProcessor.h"
#include "media/harness/DisplayVideoMeter.h"
#include "media/harness/LoopbackSources.h"
#include "media/harness/PlayoutAudioMeter.h"
#include "media/io/WavFile.h"
#include "media/io/Y4mFile.h"
#include "media/pipeline/MediaSession.h"

#include <QElapsedTimer>

#include <algorithm>
#include <ctime>
#include <optional>

namespace ward::media {

namespace {

constexpr MediaTime kStep = fromMilliseconds(1);
constexpr MediaTime kPlayoutInterval = fromMilliseconds(10);
constexpr MediaTime kBitrateSampleInterval = fromMilliseconds(500);

double processCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// The two directions of the run's packet protection, as a real call has them after its handshake.
struct ProtectedPair {
    crypto::packet::PacketSession sender;
    crypto::packet::PacketSession receiver;

    static Result<ProtectedPair> create(const Clock& clock)
    {
        const auto forward = crypto::SecretBytes::random(crypto::packet::kKeyBytes);
        const auto backward = crypto::SecretBytes::random(crypto::packet::kKeyBytes);
        auto sender = crypto::packet::PacketSession::create(
            forward, backward, crypto::packet::Role::Initiator, clock);
        if (!sender) {
            return sender.error();
        }
        auto receiver = crypto::packet::PacketSession::create(
            forward, backward, crypto::packet::Role::Responder, clock);
        if (!receiver) {
            return receiver.error();
        }
        return ProtectedPair { std::move(sender).value(), std::move(receiver).value() };
    }
};

NetworkConditions feedbackConditions(const NetworkConditions& media)
{
    NetworkConditions back = media;
    back.burstLossStart = -1;
    back.burstLossDuration = 0;
    back.bandwidthKbps = 0;
    back.bandwidthSchedule.clear();
    back.seed = media.seed ^ 0x9e3779b97f4a7c15ULL;
    return back;
}

// The first time the cap drops below the rate before it, and the new cap.
std::optional<BandwidthStep> firstBandwidthDrop(const NetworkConditions& conditions)
{
    int before = conditions.bandwidthKbps;
    for (const BandwidthStep& step : conditions.bandwidthSchedule) {
        if (step.kbps > 0 && (before == 0 || step.kbps < before)) {
            return step;
        }
        before = step.kbps;
    }
    return std::nullopt;
}

class Run {
public:
    Run(const LoopbackSettings& settings, LoopbackSources sources)
        : m_settings(settings)
        , m_sources(std::move(sources))
        , m_forward(settings.network)
        , m_backward(feedbackConditions(settings.network))
        , m_drop(firstBandwidthDrop(settings.network))
    { }

    Status prepare()
    {
        const Clock clock = [this] { return m_now / kMicrosecondsPerMillisecond; };
        auto pair = ProtectedPair::create(clock);
        if (!pair) {
            return pair.error();
        }
        m_packets.emplace(std::move(pair).value());

        MediaSessionSettings settings;
        settings.send.audio.channels = m_sources.audio ? m_sources.audio->channels() : 1;
        settings.send.audio.frameMs = m_settings.audioFrameMs;
        settings.send.video = m_sources.video != nullptr;
        settings.send.maxWidth = std::max(2, m_sources.width);
        settings.send.maxHeight = std::max(2, m_sources.height);
        settings.send.maxFrameRate = std::max(1.0, m_sources.frameRate);
        settings.send.bandwidth.startBitrate = m_settings.startBitrate;
        settings.send.bandwidth.maximumBitrate = m_settings.maxBitrate;
        settings.receive.jitter.channels = settings.send.audio.channels;
        settings.receive.jitter.frameSamples
            = static_cast<int>(kPlayoutInterval * kEngineSampleRate / kMicrosecondsPerSecond);
        m_channels = settings.send.audio.channels;

        auto sender = MediaSession::create(
            settings, m_packets->sender, [this](const QByteArray& packet) { m_forward.send(packet, m_now); });
        if (!sender) {
            return sender.error();
        }
        auto receiver = MediaSession::create(settings, m_packets->receiver,
            [this](const QByteArray& packet) { m_backward.send(packet, m_now); });
        if (!receiver) {
            return receiver.error();
        }
        m_sender = std::move(sender).value();
        m_receiver = std::move(receiver).value();
        if (m_settings.captureProcessing) {
            AudioProcessingSettings processing;
            processing.channels = m_channels;
            auto processor = AudioProcessor::create(processing);
            if (!processor) {
                return processor.error();
            }
            m_processor.emplace(std::move(processor).value());
        }
        return openRecordings();
    }

    Result<LoopbackReport> run(const LoopbackProgress& progress)
    {
        const double cpuStart = processCpuSeconds();
        QElapsedTimer wall;
        wall.start();
        const MediaTime end = static_cast<MediaTime>(m_settings.seconds) * kMicrosecondsPerSecond;
        const MediaTime audioFrame = fromMilliseconds(m_settings.audioFrameMs);
        const MediaTime displayInterval = m_sources.video
            ? static_cast<MediaTime>(static_cast<double>(kMicrosecondsPerSecond) / m_sources.frameRate)
            : 0;
        MediaTime nextDisplay = 0;
        for (m_now = 0; m_now <= end; m_now += kStep) {
            for (auto& arrival : m_forward.deliver(m_now)) {
                m_receiver->receivePacket(arrival.packet, m_now);
            }
            for (auto& arrival : m_backward.deliver(m_now)) {
                m_sender->receivePacket(arrival.packet, m_now);
            }
            if (m_sources.audio && m_now > 0 && m_now % audioFrame == 0) {
                if (const Status sent = captureAudio(m_now - audioFrame); !sent) {
                    return sent.error();
                }
            }
            if (m_sources.video && m_sender->videoFrameDue(m_now)) {
                if (const Status sent = captureVideo(); !sent) {
                    return sent.error();
                }
            }
            m_sender->tick(m_now);
            m_receiver->tick(m_now);
            if (m_sources.audio && m_now % kPlayoutInterval == 0) {
                m_audioMeter->played(m_receiver->receiver().playAudio(m_now), m_now);
            }
            if (m_sources.video && m_now >= nextDisplay) {
                m_videoMeter->tick(m_receiver->receiver().takePicture(), m_now);
                nextDisplay += displayInterval;
            }
            watchAdaptation();
            if (m_now % kBitrateSampleInterval == 0 && m_now > 0) {
                sampleBitrate();
            }
            if (progress && m_now % kMicrosecondsPerSecond == 0 && m_now > 0) {
                progress(static_cast<int>(m_now / kMicrosecondsPerSecond), m_settings.seconds);
            }
        }
        LoopbackReport report = figures(end);
        report.cpuSeconds = processCpuSeconds() - cpuStart;
        report.wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
        if (const Status closed = closeRecordings(); !closed) {
            return closed.error();
        }
        return report;
    }

private:
    Status openRecordings()
    {
        if (!m_settings.audioOut.isEmpty() && m_sources.audio) {
            auto wav = WavFileSink::create(m_settings.audioOut, m_channels);
            if (!wav) {
                return wav.error();
            }
            m_audioOut = std::move(wav).value();
        }
        if (!m_settings.videoOut.isEmpty() && m_sources.video) {
            auto y4m = Y4mFileSink::create(
                m_settings.videoOut, m_sources.width, m_sources.height, m_sources.frameRate);
            if (!y4m) {
                return y4m.error();
            }
            m_videoOut = std::move(y4m).value();
        }
        m_audioMeter.emplace(m_sender->sender().audioLookaheadSamples(), 0, m_audioOut.get());
        if (m_sources.video) {
            m_videoMeter.emplace(m_sources.width, m_sources.height, m_videoOut.get());
            m_sender->sender().setEncoderInputObserver(
                [this](const VideoFrame& picture, std::uint32_t timestamp) {
                    m_videoMeter->encoded(picture, timestamp, m_now);
                });
        }
        return {};
    }

    Status closeRecordings()
    {
        if (m_audioOut) {
            if (const Status done = m_audioOut->finish(); !done) {
                return done;
            }
        }
        if (m_videoOut) {
            return m_videoOut->finish();
        }
        return {};
    }

    Status captureAudio(MediaTime capturedAt)
    {
        const int samples = m_sender->sender().encoderFrameSamples();
        AudioFrame frame = m_sources.audio->read(samples, capturedAt);
        frame.timestamp = m_audioTimestamp;
        frame.captureTime = capturedAt;
        m_audioTimestamp += static_cast<std::uint32_t>(samples);
        if (m_processor) {
            m_processor->capture(frame);
        }
        return m_sender->captureAudio(frame, m_now);
    }

    Status captureVideo()
    {
        auto frame = m_sources.video->frameAt(m_now);
        if (!frame) {
            return {};
        }
        frame->captureTime = m_now;
        return m_sender->captureVideo(*frame, m_now);
    }

    void watchAdaptation()
    {
        if (m_drop && !m_adaptedAt && m_now >= m_drop->at
            && m_sender->sender().bandwidth().targetBitrate() <= m_drop->kbps * 1000) {
            m_adaptedAt = m_now;
        }
    }

    void sampleBitrate()
    {
        const SenderStats& stats = m_sender->sender().stats();
        const MediaAllocation& allocation = m_sender->sender().allocation();
        const double seconds = static_cast<double>(kBitrateSampleInterval) / kMicrosecondsPerSecond;
        BitrateSample sample;
        sample.atSeconds = static_cast<double>(m_now) / kMicrosecondsPerSecond;
        sample.targetKbps = m_sender->sender().bandwidth().targetBitrate() / 1000.0;
        sample.audioKbps = static_cast<double>(stats.audioBytes - m_lastAudioBytes) * 8 / 1000.0 / seconds;
        sample.videoKbps = static_cast<double>(stats.videoBytes - m_lastVideoBytes) * 8 / 1000.0 / seconds;
        sample.width = allocation.width;
        sample.height = allocation.height;
        sample.frameRate = allocation.frameRate;
        m_lastAudioBytes = stats.audioBytes;
        m_lastVideoBytes = stats.videoBytes;
        m_bitrate.push_back(sample);
    }

    LoopbackReport figures(MediaTime end) const
    {
        LoopbackReport report;
        report.mediaSeconds = static_cast<double>(end) / kMicrosecondsPerSecond;
        report.seed = m_settings.network.seed;
        report.network = m_forward.stats();
        report.bitrate = m_bitrate;
        const SenderStats& sent = m_sender->sender().stats();
        const MediaReceiver& receiver = m_receiver->receiver();
        const JitterStats& jitter = receiver.audioStats();
        AudioFigures& audio = report.audio;
        audio.framesSent = sent.audioFrames;
        audio.packetsSent = sent.audioPackets;
        audio.received = jitter.received;
        audio.lost = jitter.lost;
        audio.late = jitter.late;
        audio.concealed = jitter.concealed;
        audio.fecRecovered = jitter.fecRecovered;
        audio.stretchedFrames = jitter.stretchedFrames;
        audio.targetDelayMs = toMilliseconds(jitter.targetDelay);
        m_audioMeter->finish(audio);
        if (m_videoMeter) {
            VideoFigures& video = report.video;
            video.framesCaptured = sent.videoFramesCaptured;
            video.framesSent = sent.videoFramesEncoded;
            video.framesDecoded = receiver.stats().videoFramesDecoded;
            video.keyframesSent = sent.keyframes;
            video.keyframeRequests = receiver.stats().keyframeRequests;
            video.decodeErrors = receiver.stats().videoDecodeErrors;
            video.framesLost = receiver.videoStats().framesLost;
            video.roundTripMs = toMilliseconds(m_sender->sender().bandwidth().roundTripTime());
            m_videoMeter->finish(video, end);
            const NetworkConditions& network = m_settings.network;
            if (network.burstLossStart >= 0 && network.burstLossDuration > 0) {
                const MediaTime burstEnd = network.burstLossStart + network.burstLossDuration;
                if (const auto fresh
                    = m_videoMeter->firstFreshPictureAfter(burstEnd, network.burstLossStart)) {
                    video.recoveryAfterBurstMs = toMilliseconds(*fresh - burstEnd);
                }
            }
            if (m_drop && m_adaptedAt) {
                video.adaptationMs = toMilliseconds(*m_adaptedAt - m_drop->at);
            }
        }
        return report;
    }

    const LoopbackSettings& m_settings;
    LoopbackSources m_sources;
    SimulatedNetwork m_forward;
    SimulatedNetwork m_backward;
    std::optional<BandwidthStep> m_drop;
    std::optional<MediaTime> m_adaptedAt;
    MediaTime m_now = 0;
    int m_channels = 1;
    std::optional<ProtectedPair> m_packets;
    std::unique_ptr<MediaSession> m_sender;
    std::unique_ptr<MediaSession> m_receiver;
    std::optional<AudioProcessor> m_processor;
    std::unique_ptr<WavFileSink> m_audioOut;
    std::unique_ptr<Y4mFileSink> m_videoOut;
    std::optional<PlayoutAudioMeter> m_audioMeter;
    std::optional<DisplayVideoMeter> m_videoMeter;
    std::vector<BitrateSample> m_bitrate;
    std::uint32_t m_audioTimestamp = 0;
    std::uint64_t m_lastAudioBytes = 0;
    std::uint64_t m_lastVideoBytes = 0;
};

} // namespace

Result<LoopbackReport> runLoopback(const LoopbackSettings& settings, const LoopbackProgress& progress)
{
    if (settings.seconds <= 0 || settings.seconds > 3600) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("A loopback run lasts 1 to 3600 seconds."));
    }
    if (settings.audioFrameMs != 10 && settings.audioFrameMs != 20) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("Audio frames are 10 or 20 ms."));
    }
    if (!settings.audio && !settings.video) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("A loopback run needs audio, video or both."));
    }
    auto sources = LoopbackSources::open(settings);
    if (!sources) {
        return sources.error();
    }
    Run run(settings, std::move(sources).value());
    if (const Status ready = run.prepare(); !ready) {
        return ready.error();
    }
    return run.run(progress);
}

} // namespace ward::media
