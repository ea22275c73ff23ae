#include "MediaOptions.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace ward::ctl {

namespace {

const QString kAudioIn = QStringLiteral("--audio-in");
const QString kTone = QStringLiteral("--tone");
const QString kNoAudio = QStringLiteral("--no-audio");
const QString kVideoIn = QStringLiteral("--video-in");
const QString kPattern = QStringLiteral("--pattern");
const QString kSize = QStringLiteral("--size");
const QString kFps = QStringLiteral("--fps");
const QString kSeconds = QStringLiteral("--seconds");
const QString kFrameMs = QStringLiteral("--frame-ms");
const QString kProcessing = QStringLiteral("--processing");
const QString kAudioOut = QStringLiteral("--audio-out");
const QString kVideoOut = QStringLiteral("--video-out");
const QString kLoss = QStringLiteral("--loss");
const QString kBurstLoss = QStringLiteral("--burst-loss");
const QString kBurstAt = QStringLiteral("--burst-at");
const QString kJitter = QStringLiteral("--jitter");
const QString kDelay = QStringLiteral("--delay");
const QString kReorder = QStringLiteral("--reorder");
const QString kBandwidth = QStringLiteral("--bandwidth");
const QString kSeed = QStringLiteral("--seed");
const QString kBitrate = QStringLiteral("--bitrate");

std::optional<double> number(const QString& text, double min, double max)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max || text.trimmed() != text) {
        return std::nullopt;
    }
    return value;
}

// "2000" or "2000,300@10,800@20": a cap in kbit/s from the start, then later caps from the given second.
std::optional<QString> readBandwidth(const QString& text, media::NetworkConditions& network)
{
    const QString problem = QStringLiteral(
        "--bandwidth takes KBITS or a list like 2000,300@10 (300 kbit/s from second 10); 0 means no cap");
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() > 16) {
        return problem;
    }
    for (int i = 0; i < parts.size(); ++i) {
        const QStringList rateAt = parts[i].split(QLatin1Char('@'));
        const auto kbps = number(rateAt.value(0), 0, 1000000);
        if (!kbps || rateAt.size() > 2 || (i == 0) != (rateAt.size() == 1)) {
            return problem;
        }
        if (i == 0) {
            network.bandwidthKbps = static_cast<int>(*kbps);
            continue;
        }
        const auto at = number(rateAt.value(1), 0, 3600);
        if (!at) {
            return problem;
        }
        network.bandwidthSchedule.push_back(
            { static_cast<media::MediaTime>(*at * media::kMicrosecondsPerSecond), static_cast<int>(*kbps) });
    }
    return std::nullopt;
}

std::optional<QString> readVideoSize(const Arguments& args, media::LoopbackSettings& settings)
{
    if (const auto size = args.value(kSize)) {
        const QStringList wh = size->split(QLatin1Char('x'));
        const auto width = number(wh.value(0), 16, media::kMaxVideoWidth);
        const auto height = number(wh.value(1), 16, media::kMaxVideoHeight);
        if (wh.size() != 2 || !width || !height || std::fmod(*width, 2) != 0 || std::fmod(*height, 2) != 0) {
            return QStringLiteral("--size takes WIDTHxHEIGHT with even numbers, at most %1x%2")
                .arg(media::kMaxVideoWidth)
                .arg(media::kMaxVideoHeight);
        }
        settings.patternWidth = static_cast<int>(*width);
        settings.patternHeight = static_cast<int>(*height);
    }
    if (const auto fps = args.value(kFps)) {
        const auto rate = number(*fps, 1, 30);
        if (!rate) {
            return QStringLiteral("--fps takes a frame rate from 1 to 30");
        }
        settings.patternFrameRate = *rate;
    }
    return std::nullopt;
}

} // namespace

QSet<QString> mediaValueOptions()
{
    return { kAudioIn, kTone, kVideoIn, kSize, kFps, kSeconds, kFrameMs, kAudioOut, kVideoOut };
}

QSet<QString> mediaFlagOptions()
{
    return { kNoAudio, kPattern, kProcessing };
}

QSet<QString> networkValueOptions()
{
    return { kLoss, kBurstLoss, kBurstAt, kJitter, kDelay, kReorder, kBandwidth, kSeed, kBitrate };
}

std::optional<QString> readMediaOptions(const Arguments& args, media::LoopbackSettings& settings)
{
    if (args.value(kAudioIn) && args.value(kTone)) {
        return QStringLiteral("give --audio-in or --tone, not both");
    }
    if (args.value(kVideoIn) && args.flag(kPattern)) {
        return QStringLiteral("give --video-in or --pattern, not both");
    }
    settings.audio = !args.flag(kNoAudio);
    settings.audioIn = args.value(kAudioIn).value_or(QString());
    if (const auto tone = args.value(kTone)) {
        const auto hz = number(*tone, 20, 20000);
        if (!hz) {
            return QStringLiteral("--tone takes a frequency from 20 to 20000 Hz");
        }
        settings.toneHz = *hz;
    }
    settings.videoIn = args.value(kVideoIn).value_or(QString());
    settings.video = args.flag(kPattern) || !settings.videoIn.isEmpty();
    if (auto problem = readVideoSize(args, settings)) {
        return problem;
    }
    if (const auto seconds = args.value(kSeconds)) {
        const auto n = number(*seconds, 1, 3600);
        if (!n || std::fmod(*n, 1) != 0) {
            return QStringLiteral("--seconds takes a whole number from 1 to 3600");
        }
        settings.seconds = static_cast<int>(*n);
    }
    if (const auto frame = args.value(kFrameMs)) {
        if (*frame != QLatin1String("10") && *frame != QLatin1String("20")) {
            return QStringLiteral("--frame-ms takes 10 or 20");
        }
        settings.audioFrameMs = frame->toInt();
    }
    settings.captureProcessing = args.flag(kProcessing);
    settings.audioOut = args.value(kAudioOut).value_or(QString());
    settings.videoOut = args.value(kVideoOut).value_or(QString());
    return std::nullopt;
}

std::optional<QString> readNetworkOptions(const Arguments& args, media::LoopbackSettings& settings)
{
    media::NetworkConditions& network = settings.network;
    if (const auto loss = args.value(kLoss)) {
        const auto percent = number(*loss, 0, 100);
        if (!percent) {
            return QStringLiteral("--loss takes a percentage from 0 to 100");
        }
        network.lossPercent = *percent;
    }
    if (const auto reorder = args.value(kReorder)) {
        const auto percent = number(*reorder, 0, 100);
        if (!percent) {
            return QStringLiteral("--reorder takes a percentage from 0 to 100");
        }
        network.reorderPercent = *percent;
    }
    const auto milliseconds = [&args](const QString& name, double max) -> std::optional<media::MediaTime> {
        const auto ms = number(args.value(name).value_or(QString()), 0, max);
        return ms ? std::optional(static_cast<media::MediaTime>(*ms * media::kMicrosecondsPerMillisecond))
                  : std::nullopt;
    };
    for (const auto& [name, field] :
        { std::pair { kJitter, &network.jitter }, std::pair { kDelay, &network.baseDelay },
            std::pair { kBurstLoss, &network.burstLossDuration } }) {
        if (args.value(name)) {
            const auto value = milliseconds(name, 60000);
            if (!value) {
                return QStringLiteral("%1 takes milliseconds from 0 to 60000").arg(name);
            }
            *field = *value;
        }
    }
    if (network.burstLossDuration > 0) {
        // By default the burst comes in the middle of the run, when everything has settled.
        network.burstLossStart
            = static_cast<media::MediaTime>(settings.seconds) * media::kMicrosecondsPerSecond / 2;
        if (args.value(kBurstAt)) {
            const auto at = number(*args.value(kBurstAt), 0, 3600);
            if (!at) {
                return QStringLiteral("--burst-at takes the second the burst starts");
            }
            network.burstLossStart = static_cast<media::MediaTime>(*at * media::kMicrosecondsPerSecond);
        }
    }
    if (const auto bandwidth = args.value(kBandwidth)) {
        if (auto problem = readBandwidth(*bandwidth, network)) {
            return problem;
        }
    }
    if (const auto bitrate = args.value(kBitrate)) {
        const auto kbps = number(*bitrate, 50, 10000);
        if (!kbps) {
            return QStringLiteral("--bitrate takes the sender's highest rate in kbit/s, from 50 to 10000");
        }
        settings.maxBitrate = static_cast<int>(*kbps * 1000);
        settings.startBitrate = std::min(settings.startBitrate, settings.maxBitrate);
    }
    if (const auto seed = args.value(kSeed)) {
        bool ok = false;
        network.seed = seed->toULongLong(&ok);
        if (!ok) {
            return QStringLiteral("--seed takes a whole number");
        }
    }
    return std::nullopt;
}

} // namespace ward::ctl
