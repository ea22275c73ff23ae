// `wardctl media loopback` as a person measuring the media engine runs it: the report file, the recordings on
// the playout timeline (their offset against the input is the end-to-end delay), and plain refusals of
// wrong options and unreadable inputs.
#include "WardctlRunner.h"

#include "media/AudioFrame.h"
#include "media/audio/AudioAnalysis.h"
#include "media/io/WavFile.h"
#include "media/io/Y4mFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <cmath>

using namespace ward;

namespace {

QJsonObject readReport(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The delay of `heard` against the tone that was sent, from where the tone begins in the recording.
double toneOnsetMs(const std::vector<std::int16_t>& heard)
{
    for (std::size_t i = 0; i < heard.size(); ++i) {
        if (std::abs(heard[i]) > 2000) {
            return static_cast<double>(i) * 1000.0 / media::kEngineSampleRate;
        }
    }
    return -1;
}

} // namespace

TEST_CASE("media loopback writes a report and recordings whose offset is the measured delay",
    "[integration][media]")
{
    test::Wardctl wardctl;
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const QString audioOut = dir.filePath(QStringLiteral("heard.wav"));
    const QString videoOut = dir.filePath(QStringLiteral("seen.y4m"));
    const auto run
        = wardctl.run({ QStringLiteral("media"), QStringLiteral("loopback"), QStringLiteral("--tone"),
                          QStringLiteral("1000"), QStringLiteral("--pattern"), QStringLiteral("--size"),
                          QStringLiteral("320x240"), QStringLiteral("--seconds"), QStringLiteral("4"),
                          QStringLiteral("--audio-out"), audioOut, QStringLiteral("--video-out"), videoOut,
                          QStringLiteral("--report"), report },
            {}, false);
    INFO(run);
    REQUIRE(run.exitCode == 0);
    CHECK(run.out.contains("audio: "));
    CHECK(run.out.contains("video: "));

    const QJsonObject figures = readReport(report);
    const double delayMean = figures["audio"].toObject()["delayMeanMs"].toDouble();
    CHECK(figures["mediaSeconds"].toDouble() == 4.0);
    CHECK(figures["audio"].toObject()["framesSent"].toInt() == 200);
    CHECK(figures["video"].toObject()["framesDecoded"].toInt() > 100);
    CHECK(figures["cpu"].toObject()["perMediaSecond"].toDouble() > 0);

    auto heard = media::WavFileSource::open(audioOut);
    REQUIRE(heard);
    const media::AudioFrame all = (*heard)->read(4 * media::kEngineSampleRate, 0);
    // The tone starts at sample 0 of the input, so where it starts in the recording is the delay.
    const double onset = toneOnsetMs(all.samples);
    INFO("onset " << onset << " ms, reported mean delay " << delayMean << " ms");
    CHECK(std::abs(onset - delayMean) <= 12.0);
    CHECK(media::tonePowerShare(all.samples.data() + media::kEngineSampleRate, media::kEngineSampleRate,
              media::kEngineSampleRate, 1000)
        > 0.9);

    auto seen = media::Y4mFileSource::open(videoOut);
    REQUIRE(seen);
    CHECK((*seen)->header().width == 320);
    CHECK((*seen)->header().height == 240);
    int frames = 0;
    for (media::MediaTime t = 0; !(*seen)->finished() && frames < 1000; t += 1000000 / 30) {
        if ((*seen)->frameAt(t)) {
            ++frames;
        }
    }
    CHECK(frames >= 4 * 30);
}

TEST_CASE(
    "media loopback refuses wrong options and unreadable inputs with a sentence", "[integration][media]")
{
    test::Wardctl wardctl;
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const auto loopback = [&](QStringList extra) {
        QStringList args { QStringLiteral("media"), QStringLiteral("loopback"), QStringLiteral("--report"),
            report };
        args.append(extra);
        return wardctl.run(args, {}, false);
    };
    test::checkWardctlFailure(loopback({ QStringLiteral("--loss"), QStringLiteral("150") }), 2);
    test::checkWardctlFailure(loopback({ QStringLiteral("--bandwidth"), QStringLiteral("2000,300") }), 2);
    test::checkWardctlFailure(
        loopback({ QStringLiteral("--tone"), QStringLiteral("440"), QStringLiteral("--audio-in"), report }),
        2);
    const auto missing = loopback({ QStringLiteral("--audio-in"), dir.filePath(QStringLiteral("none.wav")) });
    test::checkWardctlFailure(missing, 1);
    CHECK_FALSE(QFile::exists(report));

    QFile notWav(dir.filePath(QStringLiteral("text.wav")));
    REQUIRE(notWav.open(QIODevice::WriteOnly));
    notWav.write("this is not a sound file at all, just words");
    notWav.close();
    test::checkWardctlFailure(loopback({ QStringLiteral("--audio-in"), notWav.fileName() }), 1);
}
