// ward_load: a load generator against a real ward-server on loopback. It starts the server on a fresh data
// folder, enrols half the clients as patients and half as clinicians (clinicians confirm TOTP), signs them
// all in, pairs each patient with a clinician through a real check-in and admission, then has every client
// send signal.send envelopes to its peer at a steady rate for a fixed time. It prints connections held,
// enrolment and sign-in times, signals delivered per second, one-way latency percentiles, refusals by
// WireError, and the server's memory and CPU time. It measures and never fails on a figure; the exit status
// is non-zero only when the run could not be set up.
#include "load/LoadClient.h"
#include "load/LoadStats.h"
#include "load/ServerUnderTest.h"

#include "crypto/Sodium.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace ward;
using namespace ward::bench;

namespace {

struct Options {
    int clients = 500;
    int seconds = 30;
    double rate = 10; // signals per second per client
    int concurrency = 50; // enrolments or sign-ins in flight at once
    int payloadBytes = 200;
    QString server;
};

struct PhaseResult {
    int succeeded = 0;
    double seconds = 0;
};

// Runs `step` on clients [0, count) with at most `window` in flight, until all finish or `timeoutMs`.
PhaseResult runPhase(
    int count, int window, int timeoutMs, const std::function<void(int, LoadClient::Done)>& step)
{
    struct State {
        int next = 0;
        int finished = 0;
        int succeeded = 0;
        bool over = false;
    };
    auto state = std::make_shared<State>();
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    std::function<void()> launch = [&] {
        while (state->next < count && state->next - state->finished < window) {
            const int index = state->next++;
            step(index, [state, &loop, &launch, count](bool ok) {
                if (state->over) {
                    return; // a late answer after the phase timed out
                }
                ++state->finished;
                state->succeeded += ok ? 1 : 0;
                if (state->finished == count) {
                    loop.quit();
                } else {
                    QTimer::singleShot(0, &loop, [&launch] { launch(); });
                }
            });
        }
    };
    QTimer::singleShot(0, &loop, [&launch] { launch(); });
    QTimer::singleShot(timeoutMs, &loop, [&loop] { loop.quit(); });
    if (count > 0) {
        loop.exec();
    }
    state->over = true;
    return PhaseResult { state->succeeded, static_cast<double>(clock.nsecsElapsed()) / 1e9 };
}

std::optional<Options> parseOptions(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load generator against a real ward-server on loopback."));
    parser.addHelpOption();
    const QCommandLineOption clients(QStringLiteral("clients"),
        QStringLiteral("Devices (even; half patients)."), QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Signalling time."),
        QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Signals per second per client."),
        QStringLiteral("R"), QStringLiteral("10"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
        QStringLiteral("Enrolments or sign-ins in flight at once."), QStringLiteral("N"),
        QStringLiteral("50"));
    const QCommandLineOption payload(QStringLiteral("payload-bytes"),
        QStringLiteral("Bytes of each signal payload (at least 16)."), QStringLiteral("N"),
        QStringLiteral("200"));
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("The ward-server binary."),
        QStringLiteral("PATH"), QStringLiteral(WARD_SERVER_PATH));
    parser.addOptions({ clients, seconds, rate, concurrency, payload, server });
    parser.process(app);
    Options options;
    bool ok[5] = {};
    options.clients = parser.value(clients).toInt(&ok[0]);
    options.seconds = parser.value(seconds).toInt(&ok[1]);
    options.rate = parser.value(rate).toDouble(&ok[2]);
    options.concurrency = parser.value(concurrency).toInt(&ok[3]);
    options.payloadBytes = parser.value(payload).toInt(&ok[4]);
    options.server = parser.value(server);
    if (!(ok[0] && ok[1] && ok[2] && ok[3] && ok[4]) || options.clients < 2 || options.clients % 2 != 0
        || options.seconds < 1 || options.rate <= 0 || options.rate > 1000 || options.concurrency < 1
        || options.payloadBytes < 16 || options.payloadBytes > 4096) {
        std::fprintf(stderr,
            "ward_load: --clients must be an even number >= 2, --seconds >= 1, --rate in (0, 1000], "
            "--concurrency >= 1, --payload-bytes in 16..4096\n");
        return std::nullopt;
    }
    return options;
}

// Sockets for every client and the server: lift the soft descriptor limit to the hard one (the server,
// started after this, inherits it).
void raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::vector<InvitationSpec> invitationSpecs(int pairs)
{
    std::vector<InvitationSpec> specs;
    for (int i = 0; i < pairs; ++i) {
        specs.push_back({ crypto::credential::Role::Clinician, QStringLiteral("dr.load%1").arg(i),
            QStringLiteral("Dr. Load %1").arg(i) });
    }
    for (int i = 0; i < pairs; ++i) {
        specs.push_back({ crypto::credential::Role::Patient, QStringLiteral("p.load%1").arg(i),
            QStringLiteral("Patient Load %1").arg(i) });
    }
    return specs;
}

ProcessSample sampleOrZero(const ServerUnderTest& server)
{
    auto sample = server.sample();
    return sample ? sample.value() : ProcessSample {};
}

std::int64_t ownCpuMs()
{
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

double mib(std::int64_t kib)
{
    return static_cast<double>(kib) / 1024.0;
}

} // namespace

namespace {

struct SignalWindow {
    double seconds = 0;
    std::int64_t peakRssKiB = 0; // the highest VmRSS sampled each second
    ProcessSample atStart;
    ProcessSample atStop; // when the last signal was sent, before the drain
};

// Every client sends to its peer at `rate` per second, phases spread evenly, for `seconds`; then a short
// drain lets envelopes in flight arrive. The server's RSS is sampled each second for the peak.
SignalWindow runSignalling(std::vector<std::unique_ptr<LoadClient>>& clients, const Options& options,
    LoadStats& stats, const ServerUnderTest& server)
{
    constexpr int kTickMs = 2;
    constexpr int kDrainMs = 3'000;
    const auto intervalUs = static_cast<std::int64_t>(1e6 / options.rate);
    const std::int64_t startUs = monotonicUs();
    std::vector<std::int64_t> due(clients.size());
    for (std::size_t i = 0; i < clients.size(); ++i) {
        due[i]
            = startUs + intervalUs * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(clients.size());
    }
    SignalWindow window;
    QEventLoop loop;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const std::int64_t now = monotonicUs();
        for (std::size_t i = 0; i < clients.size(); ++i) {
            if (due[i] <= now) {
                clients[i]->sendSignal(options.payloadBytes);
                due[i] += intervalUs;
            }
        }
    });
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &loop,
        [&] { window.peakRssKiB = std::max(window.peakRssKiB, sampleOrZero(server).rssKiB); });
    stats.recording = true;
    window.atStart = sampleOrZero(server);
    ticker.start(kTickMs);
    sampler.start(1'000);
    QTimer::singleShot(options.seconds * 1'000, &loop, [&] {
        ticker.stop();
        window.atStop = sampleOrZero(server);
        window.seconds = static_cast<double>(monotonicUs() - startUs) / 1e6;
        QTimer::singleShot(kDrainMs, &loop, [&loop] { loop.quit(); });
    });
    loop.exec();
    stats.recording = false;
    return window;
}

void printPhase(const char* name, const PhaseResult& result, int count)
{
    std::printf("%-28s %d/%d in %.2f s (%.1f/s)\n", name, result.succeeded, count, result.seconds,
        result.seconds > 0 ? result.succeeded / result.seconds : 0.0);
}

void printMemory(const char* when, const ProcessSample& sample)
{
    std::printf("  %-24s VmRSS %7.1f MiB  VmHWM %7.1f MiB  CPU %6.2f s\n", when, mib(sample.rssKiB),
        mib(sample.hwmKiB), static_cast<double>(sample.cpuMs) / 1000.0);
}

void printSignalling(LoadStats& stats, const SignalWindow& window)
{
    std::printf("signalling (%.1f s):          sent %lld, accepted %lld, delivered %lld (%.0f/s), "
                "out of order %lld\n",
        window.seconds, static_cast<long long>(stats.sent), static_cast<long long>(stats.accepted),
        static_cast<long long>(stats.delivered), static_cast<double>(stats.delivered) / window.seconds,
        static_cast<long long>(stats.outOfOrder));
    std::printf("one-way latency:             p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        static_cast<double>(stats.percentileUs(50)) / 1000.0,
        static_cast<double>(stats.percentileUs(90)) / 1000.0,
        static_cast<double>(stats.percentileUs(99)) / 1000.0,
        static_cast<double>(stats.percentileUs(100)) / 1000.0);
}

void printErrors(const LoadStats& stats)
{
    if (stats.errors.empty()) {
        std::printf("errors:                      none\n");
        return;
    }
    std::printf("errors:\n");
    for (const auto& [what, count] : stats.errors) {
        std::printf("  %-60s %lld\n", what.toUtf8().constData(), static_cast<long long>(count));
    }
}

// Patient i checks in to clinician i's room and clinician i admits them; done when both hold the visit id.
PhaseResult pairClients(
    std::vector<std::unique_ptr<LoadClient>>& clients, int pairs, int concurrency, int timeoutMs)
{
    return runPhase(pairs, concurrency, timeoutMs, [&](int i, LoadClient::Done done) {
        LoadClient& clinician = *clients[static_cast<std::size_t>(i)];
        LoadClient& patient = *clients[static_cast<std::size_t>(pairs + i)];
        clinician.setPeer(patient.userId());
        patient.setPeer(clinician.userId());
        auto shared = std::make_shared<LoadClient::Done>(std::move(done));
        patient.checkIn(clinician.userId(), [&clinician, &patient, shared](bool checkedIn) {
            if (!checkedIn) {
                (*shared)(false);
                return;
            }
            clinician.admit(patient.userId(), [&clinician, &patient, shared](bool admitted) {
                if (!admitted) {
                    (*shared)(false);
                    return;
                }
                patient.waitForAdmission([&clinician, &patient, shared](
                                             bool) { (*shared)(patient.visit() == clinician.visit()); });
            });
        });
    });
}

void printServerFigures(const ProcessSample& beforeLoad, const ProcessSample& afterSignIn,
    const SignalWindow& window, const ProcessSample& end, std::int64_t ownSetupCpuMs,
    std::int64_t ownSignalCpuMs)
{
    std::printf("server memory and CPU time:\n");
    printMemory("started (before load)", beforeLoad);
    printMemory("all signed in", afterSignIn);
    std::printf("  %-24s VmRSS %7.1f MiB (highest of the per-second samples while signalling)\n", "peak",
        mib(std::max(window.peakRssKiB, end.rssKiB)));
    printMemory("end", end);
    std::printf("server CPU while signalling: %.2f s (%.0f%% of one core)\n",
        static_cast<double>(window.atStop.cpuMs - window.atStart.cpuMs) / 1000.0,
        100.0 * static_cast<double>(window.atStop.cpuMs - window.atStart.cpuMs) / 1000.0 / window.seconds);
    std::printf("load generator CPU:          %.2f s setup, %.2f s signalling\n",
        static_cast<double>(ownSetupCpuMs) / 1000.0, static_cast<double>(ownSignalCpuMs) / 1000.0);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const auto options = parseOptions(app);
    if (!options) {
        return 2;
    }
    raiseDescriptorLimit();
    crypto::ensureSodium();
    const int pairs = options->clients / 2;
    std::printf("ward_load: %d clients (%d clinicians, %d patients), %d s at %.1f signals/s each, "
                "%d-byte payloads\n",
        options->clients, pairs, pairs, options->seconds, options->rate, options->payloadBytes);

    ServerUnderTest server(options->server);
    QElapsedTimer clock;
    clock.start();
    auto initialised = server.init();
    auto links = initialised ? server.invite(invitationSpecs(pairs))
                             : Result<std::vector<protocol::EnrolmentLink>>(initialised.error());
    auto started = links ? server.start(options->clients * 2 + 100) : Status(links.error());
    if (!started) {
        std::fprintf(stderr, "ward_load: %s\n", started.error().message.toUtf8().constData());
        return 1;
    }
    std::printf("server:                      %s (pid %lld) on %s; init and %d invitations %.2f s\n",
        options->server.toUtf8().constData(), static_cast<long long>(server.pid()),
        server.address().toUtf8().constData(), options->clients,
        static_cast<double>(clock.elapsed()) / 1000.0);

    LoadStats stats;
    std::vector<std::unique_ptr<LoadClient>> clients;
    for (int i = 0; i < options->clients; ++i) {
        clients.push_back(std::make_unique<LoadClient>(std::move(links.value()[static_cast<std::size_t>(i)]),
            i < pairs ? crypto::credential::Role::Clinician : crypto::credential::Role::Patient, stats));
    }
    const ProcessSample beforeLoad = sampleOrZero(server);
    constexpr int kPhaseTimeoutMs = 300'000;
    const std::int64_t ownCpuStart = ownCpuMs();

    const PhaseResult enrolled = runPhase(options->clients, options->concurrency, kPhaseTimeoutMs,
        [&](int i, LoadClient::Done done) { clients[static_cast<std::size_t>(i)]->enrol(std::move(done)); });
    printPhase("enrolment:", enrolled, options->clients);
    if (enrolled.succeeded != options->clients) {
        printErrors(stats);
        return 1;
    }
    const PhaseResult signedIn = runPhase(options->clients, options->concurrency, kPhaseTimeoutMs,
        [&](int i, LoadClient::Done done) { clients[static_cast<std::size_t>(i)]->signIn(std::move(done)); });
    printPhase("sign-in:", signedIn, options->clients);
    const ProcessSample afterSignIn = sampleOrZero(server);

    const PhaseResult paired = pairClients(clients, pairs, options->concurrency, kPhaseTimeoutMs);
    printPhase("pairing (check-in, admit):", paired, pairs);

    const std::int64_t ownCpuSignalStart = ownCpuMs();
    const SignalWindow window = runSignalling(clients, *options, stats, server);
    const std::int64_t ownCpuEnd = ownCpuMs();
    printSignalling(stats, window);

    const int online = static_cast<int>(
        std::count_if(clients.begin(), clients.end(), [](const auto& client) { return client->online(); }));
    const ProcessSample end = sampleOrZero(server);
    std::printf("connections:                 %d/%d online at the end, %lld dropped during the run; "
                "server holds %d sockets\n",
        online, options->clients, static_cast<long long>(stats.drops), end.sockets);
    printErrors(stats);
    printServerFigures(
        beforeLoad, afterSignIn, window, end, ownCpuSignalStart - ownCpuStart, ownCpuEnd - ownCpuSignalStart);
    clients.clear();
    const int exitCode = server.stop();
    std::printf(
        "server exit %d; its last counters: %s\n", exitCode, server.lastStatsLine().toUtf8().constData());
    return 0;
}
