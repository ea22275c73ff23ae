// Complete Noise_XX_25519_ChaChaPoly_BLAKE2b handshakes per second, both sides in one process: three
// messages with short payloads, then Split on both sides. Each side's static key pair is random and fixed
// for the run, as a device's is; ephemeral keys are fresh for every handshake, as in a real call.
#include "crypto/noise/NoiseHandshakeState.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <utility>

namespace {

using namespace ward::crypto::noise;

NoiseHandshakeState side(NoiseRole role, const NoiseKeyPair& keys)
{
    NoiseHandshakeConfig config;
    config.protocolName = QStringLiteral("Noise_XX_25519_ChaChaPoly_BLAKE2b");
    config.role = role;
    config.prologue = QByteArray("ward bench");
    config.localStatic = keys.clone();
    auto state = NoiseHandshakeState::create(std::move(config));
    if (!state) {
        std::abort();
    }
    return std::move(state).value();
}

// Moves one message from `from` to `to`; a benchmark that silently measured failures would be worthless.
void relay(NoiseHandshakeState& from, NoiseHandshakeState& to, const QByteArray& payload)
{
    auto message = from.writeMessage(payload);
    if (!message || !to.readMessage(message.value())) {
        std::abort();
    }
}

void BM_NoiseXXHandshake(benchmark::State& state)
{
    const NoiseKeyPair initiatorKeys = NoiseKeyPair::generate();
    const NoiseKeyPair responderKeys = NoiseKeyPair::generate();
    const QByteArray payload(64, 'p');
    for (auto _ : state) {
        NoiseHandshakeState initiator = side(NoiseRole::Initiator, initiatorKeys);
        NoiseHandshakeState responder = side(NoiseRole::Responder, responderKeys);
        relay(initiator, responder, payload);
        relay(responder, initiator, payload);
        relay(initiator, responder, payload);
        auto a = initiator.split();
        auto b = responder.split();
        if (!a || !b) {
            std::abort();
        }
        benchmark::DoNotOptimize(a->handshakeHash.constData());
        benchmark::DoNotOptimize(b->handshakeHash.constData());
    }
    state.counters["handshakes/s"]
        = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NoiseXXHandshake)->Unit(benchmark::kMicrosecond);

} // namespace
