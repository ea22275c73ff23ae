// What the strength meter costs per keystroke: normalisation and the policy check of a 256-character
// passphrase, and of a short one.
#include "crypto/SecretBytes.h"
#include "policy/PassphrasePolicy.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using ward::crypto::SecretBytes;
using ward::policy::PassphrasePolicy;

SecretBytes text(const std::string& s)
{
    return SecretBytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

std::string words(std::size_t length)
{
    static const char* kWords[]
        = { "orchard", "lantern", "voyage", "pebble", "meadow", "copper", "violin", "harbor" };
    std::string out;
    for (std::size_t i = 0; out.size() < length; ++i) {
        out += kWords[(i * 5 + 3) % 8];
        out += ' ';
    }
    out.resize(length);
    return out;
}

void BM_PassphraseKeystroke(benchmark::State& state)
{
    const SecretBytes raw = text(words(static_cast<std::size_t>(state.range(0))));
    const PassphrasePolicy policy;
    for (auto _ : state) {
        auto normalized = PassphrasePolicy::normalize(raw);
        benchmark::DoNotOptimize(policy.check(normalized.value()).score);
    }
}
BENCHMARK(BM_PassphraseKeystroke)->Arg(16)->Arg(256)->Unit(benchmark::kMicrosecond);

} // namespace
