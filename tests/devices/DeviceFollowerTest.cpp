// Devices changing under a running call, on a real PulseAudio daemon: a new default source, a chosen device
// unplugged, a new default sink. The adapters move without stopping and the follower names the new device.
#include "DeviceTestSupport.h"

#include "devices/DeviceFollower.h"
#include "devices/MicrophoneSource.h"
#include "devices/SpeakerOutput.h"
#include "devices/SystemDefaults.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kWindow = 4800; // 100 ms: whole cycles of 1 kHz and 1.5 kHz

struct Switch {
    devices::DeviceFollower::Kind kind;
    QString description;
};

struct Recorded {
    double share1000;
    double share1500;
};

Recorded listen(const std::vector<std::int16_t>& samples)
{
    return { toneShare(samples.data(), samples.size(), media::kEngineSampleRate, 1000),
        toneShare(samples.data(), samples.size(), media::kEngineSampleRate, 1500) };
}

void requireTestSoundServer()
{
    const QString problem = testSoundServerProblem();
    INFO(problem.toStdString());
    REQUIRE(problem.isEmpty());
}

// Plays a tone into each of two loops: 1 kHz into A, 1.5 kHz into B.
struct TwoTones {
    SineGenerator toneA { 1000, 0.3 };
    SineGenerator toneB { 1500, 0.3 };
    devices::SpeakerOutput speakerA { [this](int n) { return toneA.next(n); } };
    devices::SpeakerOutput speakerB { [this](int n) { return toneB.next(n); } };
};

} // namespace

TEST_CASE("DeviceFollower moves a recording microphone to a new default source without stopping it",
    "[devices][follower]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_follow_a")));
    REQUIRE(pulse.setDefaultSource(QStringLiteral("ward_follow_a.mic")));
    REQUIRE(waitUntil([] { return devices::defaultAudioInput().id() == "ward_follow_a.mic"; }));

    TwoTones tones;
    REQUIRE(tones.speakerA.open(waitForOutput("ward_follow_a")).ok());
    devices::MicrophoneSource microphone;
    REQUIRE(microphone.open().ok());
    CHECK(microphone.followsDefault());
    CHECK(microphone.device().id() == "ward_follow_a.mic");

    devices::DeviceFollower follower;
    follower.setPollInterval(100ms);
    follower.setMicrophone(&microphone);
    std::vector<Switch> switches;
    QObject::connect(&follower, &devices::DeviceFollower::deviceChanged,
        [&](devices::DeviceFollower::Kind kind, const QString& description) {
            switches.push_back({ kind, description });
        });

    PipelineReader reader(microphone);
    const Recorded before = listen(reader.waitForTone(1000));
    CHECK(before.share1000 > 0.9);
    CHECK(before.share1500 < 0.01);

    // A second device appears and becomes the default while the pipeline keeps reading.
    REQUIRE(pulse.addLoop(QStringLiteral("ward_follow_b")));
    REQUIRE(tones.speakerB.open(waitForOutput("ward_follow_b")).ok());
    REQUIRE(pulse.setDefaultSource(QStringLiteral("ward_follow_b.mic")));
    REQUIRE(waitUntil([&] { return !switches.empty(); }));
    const std::size_t movedAt = reader.samples().size();

    REQUIRE(switches.size() == 1);
    CHECK(switches[0].kind == devices::DeviceFollower::Kind::Microphone);
    CHECK(switches[0].description == waitForInput("ward_follow_b.mic").description());
    CHECK(microphone.device().id() == "ward_follow_b.mic");
    CHECK(microphone.followsDefault());
    CHECK(microphone.isActive());

    const Recorded after = listen(reader.waitForTone(1500));
    CHECK(after.share1500 > 0.9);
    CHECK(after.share1000 < 0.01);
    CHECK(switches.size() == 1); // nothing moved twice
    // The pipeline read on through the move: the recording only grew.
    CHECK(reader.samples().size() > movedAt);
}

TEST_CASE("DeviceFollower moves a microphone whose chosen device is unplugged to the default",
    "[devices][follower]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_unplug_a")));
    REQUIRE(pulse.addLoop(QStringLiteral("ward_unplug_b")));
    REQUIRE(pulse.setDefaultSource(QStringLiteral("ward_unplug_a.mic")));
    REQUIRE(waitUntil([] { return devices::defaultAudioInput().id() == "ward_unplug_a.mic"; }));

    TwoTones tones;
    REQUIRE(tones.speakerA.open(waitForOutput("ward_unplug_a")).ok());
    REQUIRE(tones.speakerB.open(waitForOutput("ward_unplug_b")).ok());
    devices::MicrophoneSource microphone;
    REQUIRE(microphone.open(waitForInput("ward_unplug_b.mic")).ok());
    CHECK_FALSE(microphone.followsDefault());

    devices::DeviceFollower follower;
    follower.setPollInterval(100ms);
    follower.setMicrophone(&microphone);
    std::vector<Switch> switches;
    QObject::connect(&follower, &devices::DeviceFollower::deviceChanged,
        [&](devices::DeviceFollower::Kind kind, const QString& description) {
            switches.push_back({ kind, description });
        });

    PipelineReader reader(microphone);
    CHECK(listen(reader.waitForTone(1500)).share1500 > 0.9);
    // The default changing does not move a microphone someone chose.
    follower.check();
    CHECK(switches.empty());

    tones.speakerB.close();
    REQUIRE(pulse.removeLoop(QStringLiteral("ward_unplug_b")));
    REQUIRE(waitUntil([&] { return !switches.empty(); }));
    CHECK(switches[0].kind == devices::DeviceFollower::Kind::Microphone);
    CHECK(microphone.device().id() == "ward_unplug_a.mic");
    CHECK(microphone.followsDefault());
    CHECK(listen(reader.waitForTone(1000)).share1000 > 0.9);
}

TEST_CASE("DeviceFollower moves a playing speaker to a new default sink", "[devices][follower]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_out_a")));
    REQUIRE(pulse.addLoop(QStringLiteral("ward_out_b")));
    REQUIRE(pulse.setDefaultSink(QStringLiteral("ward_out_a")));
    REQUIRE(waitUntil([] { return devices::defaultAudioOutput().id() == "ward_out_a"; }));

    SineGenerator tone(1000, 0.3);
    devices::SpeakerOutput speaker([&](int n) { return tone.next(n); });
    REQUIRE(speaker.open().ok());
    CHECK(speaker.device().id() == "ward_out_a");
    devices::MicrophoneSource onB;
    REQUIRE(onB.open(waitForInput("ward_out_b.mic")).ok());

    devices::DeviceFollower follower;
    follower.setPollInterval(100ms);
    follower.setSpeaker(&speaker);
    std::vector<Switch> switches;
    QObject::connect(&follower, &devices::DeviceFollower::deviceChanged,
        [&](devices::DeviceFollower::Kind kind, const QString& description) {
            switches.push_back({ kind, description });
        });

    PipelineReader reader(onB);
    REQUIRE(waitUntil([&] { return reader.samples().size() >= 3 * kWindow; }));
    CHECK(rmsDbfs(reader.last(kWindow).data(), kWindow) < -60); // B hears nothing yet

    REQUIRE(pulse.setDefaultSink(QStringLiteral("ward_out_b")));
    REQUIRE(waitUntil([&] { return !switches.empty(); }));
    CHECK(switches[0].kind == devices::DeviceFollower::Kind::Speaker);
    CHECK(speaker.device().id() == "ward_out_b");
    CHECK(listen(reader.waitForTone(1000)).share1000 > 0.9);
}

TEST_CASE("DeviceFollower keeps a microphone on its device while the default is one Qt does not list",
    "[devices][follower]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    // B first, so that Qt lists it first and offers it as its stand-in default.
    REQUIRE(pulse.addLoop(QStringLiteral("ward_hidden_b")));
    REQUIRE(pulse.addLoop(QStringLiteral("ward_hidden_a")));
    REQUIRE(pulse.setDefaultSource(QStringLiteral("ward_hidden_a.mic")));
    REQUIRE(waitUntil([] { return devices::defaultAudioInput().id() == "ward_hidden_a.mic"; }));
    devices::MicrophoneSource microphone;
    REQUIRE(microphone.open().ok());

    devices::DeviceFollower follower;
    follower.setPollInterval(0ms);
    follower.setMicrophone(&microphone);
    std::vector<Switch> switches;
    QObject::connect(&follower, &devices::DeviceFollower::deviceChanged,
        [&](devices::DeviceFollower::Kind kind, const QString& description) {
            switches.push_back({ kind, description });
        });

    // A monitor source: PulseAudio's default now, but Qt never lists monitors, so there is nothing to move
    // to.
    REQUIRE(pulse.setDefaultSource(QStringLiteral("ward_hidden_a.monitor")));
    REQUIRE(waitUntil([] {
        bool listed = true;
        const QAudioDevice standIn = devices::defaultAudioInput(&listed);
        return !listed && standIn.id() == "ward_hidden_b.mic";
    }));
    follower.check();
    CHECK(switches.empty());
    CHECK(microphone.device().id() == "ward_hidden_a.mic");
}
