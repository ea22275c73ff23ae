// Figures for the encrypted profile store on real SQLCipher files: unlock time with the calibrated
// Argon2id parameters, inserting 10,000 visits, listing the newest 50 of 10,000, and full-text search
// over 10,000 notes. Results and the machine they came from are recorded in bench/README.md.
#include "crypto/SecretBytes.h"
#include "store/Profile.h"
#include "store/Transaction.h"
#include "store/Vault.h"

#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

using ward::crypto::SecretBytes;
using namespace ward::store;

constexpr int kVisits = 10'000;

SecretBytes passphrase()
{
    static const char kText[] = "benchmark orchard lantern voyage";
    return SecretBytes(reinterpret_cast<const std::uint8_t*>(kText), std::strlen(kText));
}

NewVisit sampleVisit(int i)
{
    static const char* kReasons[] = { "follow-up on blood pressure", "medication review", "rash on forearm",
        "post-operative check", "persistent cough", "sleep difficulties", "knee pain after running" };
    NewVisit v;
    v.startedAtMs = 1'700'000'000'000 + std::int64_t { i } * 3'600'000;
    v.otherParty = QStringLiteral("Clinician %1").arg(i % 40);
    v.reason = QString::fromLatin1(kReasons[i % 7]);
    // One visit in a hundred mentions the word searched for below.
    v.notes = QStringLiteral(
        "Patient reports improvement. Vitals stable. Plan: continue current regimen, review in "
        "four weeks. Visit number %1. %2")
                  .arg(i)
                  .arg(i % 100 == 0 ? QStringLiteral("Referred to dermatology.") : QString());
    return v;
}

// A profile with 10,000 visits, built once and shared by the read benchmarks.
struct FilledProfile {
    QTemporaryDir dir;
    std::unique_ptr<ProfileSession> session;

    FilledProfile()
    {
        ProfileOptions options;
        options.kdfTarget = std::chrono::milliseconds(0);
        auto created = Profile::create(dir.path(), passphrase(), options);
        if (!created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.error().message));
            std::abort();
        }
        session = std::move(created).value();
        auto tx = Transaction::begin(session->database());
        for (int i = 0; i < kVisits; ++i) {
            (void)session->visits().add(sampleVisit(i));
        }
        (void)tx->commit();
    }
};

FilledProfile& filled()
{
    static FilledProfile profile;
    return profile;
}

void BM_UnlockCalibrated(benchmark::State& state)
{
    QTemporaryDir dir;
    ProfileOptions options; // the shipping default: calibrated to about 0.5 s here
    {
        auto created = Profile::create(dir.path(), passphrase(), options);
        if (!created) {
            state.SkipWithError("profile creation failed");
            return;
        }
    }
    auto vault = Vault::read(ProfilePaths { dir.path() }.vault());
    for (auto _ : state) {
        auto session = Profile::unlock(dir.path(), passphrase());
        benchmark::DoNotOptimize(session.ok());
    }
    state.counters["argon2_ops"] = static_cast<double>(vault->header().kdf.opsLimit);
    state.counters["argon2_MiB"] = static_cast<double>(vault->header().kdf.memLimitBytes >> 20);
}
BENCHMARK(BM_UnlockCalibrated)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_Insert10kVisitsOneTransactionEach(benchmark::State& state)
{
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        ProfileOptions options;
        options.kdfTarget = std::chrono::milliseconds(0);
        auto session = Profile::create(dir.path(), passphrase(), options);
        state.ResumeTiming();
        for (int i = 0; i < kVisits; ++i) {
            (void)session.value()->visits().add(sampleVisit(i));
        }
    }
    state.SetItemsProcessed(state.iterations() * kVisits);
}
BENCHMARK(BM_Insert10kVisitsOneTransactionEach)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_Insert10kVisitsOneTransaction(benchmark::State& state)
{
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        ProfileOptions options;
        options.kdfTarget = std::chrono::milliseconds(0);
        auto session = Profile::create(dir.path(), passphrase(), options);
        state.ResumeTiming();
        auto tx = Transaction::begin(session.value()->database());
        for (int i = 0; i < kVisits; ++i) {
            (void)session.value()->visits().add(sampleVisit(i));
        }
        (void)tx->commit();
    }
    state.SetItemsProcessed(state.iterations() * kVisits);
}
BENCHMARK(BM_Insert10kVisitsOneTransaction)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ListNewest50Of10k(benchmark::State& state)
{
    VisitRepository& visits = filled().session->visits();
    for (auto _ : state) {
        auto page = visits.newest(50);
        benchmark::DoNotOptimize(page->size());
    }
}
BENCHMARK(BM_ListNewest50Of10k)->Unit(benchmark::kMicrosecond);

void BM_SearchNotes10k(benchmark::State& state)
{
    VisitRepository& visits = filled().session->visits();
    std::size_t hits = 0;
    for (auto _ : state) {
        auto found = visits.search(QStringLiteral("dermatology"), VisitRepository::kMaxPageSize);
        hits = found->size();
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(BM_SearchNotes10k)->Unit(benchmark::kMicrosecond);

void BM_SearchPrefix10k(benchmark::State& state)
{
    VisitRepository& visits = filled().session->visits();
    std::size_t hits = 0;
    for (auto _ : state) {
        auto found = visits.search(QStringLiteral("derm"), VisitRepository::kMaxPageSize);
        hits = found->size();
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(BM_SearchPrefix10k)->Unit(benchmark::kMicrosecond);

} // namespace
