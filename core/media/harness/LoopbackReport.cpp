#include "media/harness/LoopbackReport.h"

#include <QJsonArray>

#include <cmath>

namespace ward::media {

namespace {

double rounded(double value, int decimals = 2)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QJsonObject audioJson(const AudioFigures& a)
{
    return QJsonObject {
        { "framesSent", qint64(a.framesSent) },
        { "packetsSent", qint64(a.packetsSent) },
        { "received", qint64(a.received) },
        { "lost", qint64(a.lost) },
        { "late", qint64(a.late) },
        { "concealed", qint64(a.concealed) },
        { "fecRecovered", qint64(a.fecRecovered) },
        { "stretchedFrames", qint64(a.stretchedFrames) },
        { "delayMeanMs", rounded(a.delayMeanMs) },
        { "delayP95Ms", rounded(a.delayP95Ms) },
        { "delayMaxMs", rounded(a.delayMaxMs) },
        { "targetDelayMs", rounded(a.targetDelayMs) },
        { "longestSilenceMs", rounded(a.longestSilenceMs) },
    };
}

QJsonObject videoJson(const VideoFigures& v)
{
    return QJsonObject {
        { "framesCaptured", qint64(v.framesCaptured) },
        { "framesSent", qint64(v.framesSent) },
        { "framesDecoded", qint64(v.framesDecoded) },
        { "framesShown", qint64(v.framesShown) },
        { "framesLost", qint64(v.framesLost) },
        { "keyframesSent", qint64(v.keyframesSent) },
        { "keyframeRequests", qint64(v.keyframeRequests) },
        { "decodeErrors", qint64(v.decodeErrors) },
        { "psnrMeanDb", rounded(v.psnrMeanDb) },
        { "psnrMinDb", rounded(v.psnrMinDb) },
        { "frozenMs", rounded(v.frozenMs) },
        { "longestFreezeMs", rounded(v.longestFreezeMs) },
        { "firstPictureMs", rounded(v.firstPictureMs) },
        { "recoveryAfterBurstMs", rounded(v.recoveryAfterBurstMs) },
        { "adaptationMs", rounded(v.adaptationMs) },
        { "roundTripMs", rounded(v.roundTripMs) },
    };
}

QJsonObject networkJson(const NetworkStats& n)
{
    return QJsonObject {
        { "sent", qint64(n.sent) },
        { "delivered", qint64(n.delivered) },
        { "droppedRandom", qint64(n.droppedRandom) },
        { "droppedBurst", qint64(n.droppedBurst) },
        { "droppedQueue", qint64(n.droppedQueue) },
        { "reordered", qint64(n.reordered) },
    };
}

} // namespace

QJsonObject LoopbackReport::toJson() const
{
    QJsonArray samples;
    for (const BitrateSample& s : bitrate) {
        samples.append(QJsonObject {
            { "t", rounded(s.atSeconds) },
            { "targetKbps", rounded(s.targetKbps, 1) },
            { "audioKbps", rounded(s.audioKbps, 1) },
            { "videoKbps", rounded(s.videoKbps, 1) },
            { "width", s.width },
            { "height", s.height },
            { "fps", rounded(s.frameRate, 1) },
        });
    }
    QJsonObject videoObject = videoJson(video);
    videoObject.insert("bitrate", samples);
    return QJsonObject {
        { "mediaSeconds", rounded(mediaSeconds) },
        { "seed", qint64(seed) },
        { "cpu",
            QJsonObject {
                { "processSeconds", rounded(cpuSeconds, 3) },
                { "perMediaSecond", rounded(cpuPerMediaSecond(), 3) },
                { "wallSeconds", rounded(wallSeconds, 3) },
            } },
        { "audio", audioJson(audio) },
        { "video", videoObject },
        { "network", networkJson(network) },
    };
}

} // namespace ward::media
