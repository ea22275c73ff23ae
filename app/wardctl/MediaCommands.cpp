// wardctl media loopback: the media engine end to end in one process on a simulated clock and network, for
// measuring delay, loss recovery, picture quality, adaptation and CPU cost. Writes the figures as JSON to
// --report and prints a short summary.
#include "Commands.h"
#include "ExitCode.h"
#include "MediaOptions.h"
#include "media/harness/LoopbackHarness.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kReport = QStringLiteral("--report");

Status writeReport(const QString& path, const media::LoopbackReport& report)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(ErrorCode::Io,
            QStringLiteral("Could not write the report to %1: %2. Choose a folder you can write to.")
                .arg(path, file.errorString()));
    }
    file.write(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        return makeError(ErrorCode::Io,
            QStringLiteral("Could not save the report to %1: %2.").arg(path, file.errorString()));
    }
    return {};
}

void printSummary(const media::LoopbackSettings& settings, const media::LoopbackReport& report)
{
    if (settings.audio) {
        const media::AudioFigures& a = report.audio;
        std::printf("audio: %llu frames sent, %llu received, %llu lost (%llu FEC-recovered, %llu concealed); "
                    "delay mean %.1f ms, p95 %.1f ms; longest silence %.0f ms\n",
            static_cast<unsigned long long>(a.framesSent), static_cast<unsigned long long>(a.received),
            static_cast<unsigned long long>(a.lost), static_cast<unsigned long long>(a.fecRecovered),
            static_cast<unsigned long long>(a.concealed), a.delayMeanMs, a.delayP95Ms, a.longestSilenceMs);
    }
    if (settings.video) {
        const media::VideoFigures& v = report.video;
        std::printf(
            "video: %llu frames sent, %llu decoded; PSNR mean %.1f dB; frozen %.0f ms (longest %.0f ms); "
            "%llu keyframe requests\n",
            static_cast<unsigned long long>(v.framesSent), static_cast<unsigned long long>(v.framesDecoded),
            v.psnrMeanDb, v.frozenMs, v.longestFreezeMs, static_cast<unsigned long long>(v.keyframeRequests));
    }
    std::printf("cpu: %.3f s per second of media (%.1f s of media in %.1f s)\n", report.cpuPerMediaSecond(),
        report.mediaSeconds, report.wallSeconds);
}

int runLoopback(Arguments& args)
{
    OptionSpec spec { mediaValueOptions() + networkValueOptions(), mediaFlagOptions() };
    spec.withValue.insert(kReport);
    if (auto problem = args.validate(spec, 2); problem || !args.positionals().isEmpty()) {
        return usage(
            problem.value_or(QStringLiteral("media loopback takes no arguments besides its options")));
    }
    const auto report = args.value(kReport);
    if (!report) {
        return usage(QStringLiteral("media loopback needs --report FILE.json"));
    }
    media::LoopbackSettings settings;
    if (auto problem = readMediaOptions(args, settings)) {
        return usage(*problem);
    }
    if (auto problem = readNetworkOptions(args, settings)) {
        return usage(*problem);
    }
    auto result = media::runLoopback(settings, [](int done, int total) {
        if (done % 10 == 0 || done == total) {
            std::fprintf(stderr, "media loopback: %d of %d s simulated\n", done, total);
        }
    });
    if (!result) {
        return fail(result.error());
    }
    if (const Status written = writeReport(*report, *result); !written) {
        return fail(written.error());
    }
    printSummary(settings, *result);
    return kExitOk;
}

} // namespace

int runMedia(Arguments& args)
{
    if (args.words().value(1) == QLatin1String("loopback")) {
        return runLoopback(args);
    }
    return usage(QStringLiteral("media takes: loopback"));
}

} // namespace ward::ctl
