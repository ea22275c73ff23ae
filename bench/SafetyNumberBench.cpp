// What opening the safety number screen costs: one safety number at Ward's 5200 iterations (2 x 5200
// SHA-512 rounds), and the comparison of a scanned code, which should be negligible next to it.
#include "crypto/safety/SafetyNumber.h"

#include <benchmark/benchmark.h>

namespace {

using ward::crypto::safety::SafetyNumber;
using ward::crypto::safety::SafetyParty;

const SafetyParty kLocal { QByteArray(1, '\xED') + QByteArray(32, '\x11'), "alice@00ff00ff00ff00ff" };
const SafetyParty kRemote { QByteArray(1, '\xED') + QByteArray(32, '\x22'), "dr.ruiz@00ff00ff00ff00ff" };

void BM_SafetyNumber5200(benchmark::State& state)
{
    for (auto _ : state) {
        auto number = SafetyNumber::compute(kLocal, kRemote);
        benchmark::DoNotOptimize(number.ok());
    }
}
BENCHMARK(BM_SafetyNumber5200)->Unit(benchmark::kMillisecond);

void BM_SafetyNumberCompareScanned(benchmark::State& state)
{
    const auto mine = SafetyNumber::compute(kLocal, kRemote, 2);
    const QByteArray theirs = SafetyNumber::compute(kRemote, kLocal, 2).value().scannable();
    for (auto _ : state) {
        auto match = mine.value().matchesScanned(theirs);
        benchmark::DoNotOptimize(match.ok());
    }
}
BENCHMARK(BM_SafetyNumberCompareScanned)->Unit(benchmark::kMicrosecond);

} // namespace
