// What packet protection costs on top of the cipher: sealing and opening 160-byte (an Opus frame) and
// 1200-byte (a video fragment) packets, each beside the bare libsodium XChaCha20-Poly1305 call on the same
// data. The "vs_bare" counter is ours / bare in thread CPU time, measured by alternating the two in blocks of
// the same packets.
#include "common/Clock.h"
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketHeader.h"
#include "crypto/packet/PacketKeySchedule.h"
#include "crypto/packet/PacketOpener.h"
#include "crypto/packet/PacketSealer.h"

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdint>
#include <ctime>
#include <vector>

namespace {

using namespace ward::crypto;
using namespace ward::crypto::packet;
using Bytes = std::vector<std::uint8_t>;

constexpr int kRounds = 40;
constexpr std::size_t kBlock = 1000;

struct Fixture {
    explicit Fixture(std::size_t size)
        : key(initialPacketKey(SecretBytes::random(kKeyBytes), PacketKind::Media).value())
        , sealer(
              PacketSealer::create(key.clone(), PacketLimits::forKind(PacketKind::Media), ward::systemClock())
                  .value())
        , opener(
              PacketOpener::create(key.clone(), PacketLimits::forKind(PacketKind::Media), ward::systemClock())
                  .value())
        , plain(size, 0x5a)
    { }

    Bytes sealOne()
    {
        Bytes packet(plain.size() + kOverheadBytes);
        benchmark::DoNotOptimize(
            sealer.seal(0, plain.data(), plain.size(), packet.data(), packet.size()).ok());
        return packet;
    }

    void bareSeal(std::uint8_t* out, const PacketHeader& header)
    {
        unsigned long long written = 0;
        const auto nonce = header.nonce();
        crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeaderBytes, &written, plain.data(), plain.size(),
            nonce.data(), kHeaderBytes, nullptr, nonce.data(), key.data());
    }

    // Opens with the key of the packet's epoch, as the receiver would after a rekey; a bare call with a stale
    // key would fail at the tag and skip the decryption, and look cheaper than it is.
    int bareOpen(const Bytes& packet, std::uint8_t* out)
    {
        const PacketHeader header = *PacketHeader::read(packet.data(), packet.size());
        while (openKeyEpoch < header.epoch) {
            advanceEpochKey(openKey.data());
            ++openKeyEpoch;
        }
        unsigned long long written = 0;
        const auto nonce = header.nonce();
        return crypto_aead_xchacha20poly1305_ietf_decrypt(out, &written, nullptr,
            packet.data() + kHeaderBytes, packet.size() - kHeaderBytes, packet.data(), kHeaderBytes,
            nonce.data(), openKey.data());
    }

    SecretBytes key;
    PacketSealer sealer;
    PacketOpener opener;
    Bytes plain;
    SecretBytes openKey = key.clone();
    std::uint32_t openKeyEpoch = 0;
};

// CPU time of this thread, so that other processes on a busy machine do not tilt the ratio.
double threadSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

template <typename Work> double seconds(Work&& work)
{
    const double start = threadSeconds();
    work();
    return threadSeconds() - start;
}

void BM_PacketSeal(benchmark::State& state)
{
    Fixture f(static_cast<std::size_t>(state.range(0)));
    Bytes out(f.plain.size() + kOverheadBytes);
    for (auto _ : state) {
        auto written = f.sealer.seal(1, f.plain.data(), f.plain.size(), out.data(), out.size());
        benchmark::DoNotOptimize(written.ok());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));

    double ours = 0;
    double bare = 0;
    PacketHeader header;
    for (int round = 0; round < kRounds; ++round) {
        const auto runOurs = [&] {
            for (std::size_t i = 0; i < kBlock; ++i) {
                benchmark::DoNotOptimize(
                    f.sealer.seal(2, f.plain.data(), f.plain.size(), out.data(), out.size()).ok());
                benchmark::ClobberMemory();
            }
        };
        const auto runBare = [&] {
            for (std::size_t i = 0; i < kBlock; ++i) {
                header.sequence++;
                f.bareSeal(out.data(), header);
                benchmark::ClobberMemory();
            }
        };
        if (round % 2 == 0) {
            ours += seconds(runOurs);
            bare += seconds(runBare);
        } else {
            bare += seconds(runBare);
            ours += seconds(runOurs);
        }
    }
    state.counters["vs_bare"] = ours / bare;
}
BENCHMARK(BM_PacketSeal)->Arg(160)->Arg(1200);

void BM_BareSeal(benchmark::State& state)
{
    Fixture f(static_cast<std::size_t>(state.range(0)));
    Bytes out(f.plain.size() + kOverheadBytes);
    PacketHeader header;
    for (auto _ : state) {
        header.sequence++;
        f.bareSeal(out.data(), header);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BareSeal)->Arg(160)->Arg(1200);

void BM_PacketOpen(benchmark::State& state)
{
    Fixture f(static_cast<std::size_t>(state.range(0)));
    Bytes out(f.plain.size());
    std::vector<Bytes> batch;
    std::size_t next = 0;
    for (auto _ : state) {
        if (next == batch.size()) {
            // Every packet opens once only, so fresh ones are sealed between timed stretches.
            state.PauseTiming();
            batch.clear();
            for (std::size_t i = 0; i < 4096; ++i) {
                batch.push_back(f.sealOne());
            }
            next = 0;
            state.ResumeTiming();
        }
        const Bytes& packet = batch[next++];
        benchmark::DoNotOptimize(f.opener.open(packet.data(), packet.size(), out.data(), out.size()).status);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));

    // The ratio on the same fresh packets: each block opened by us and, in alternating order, by bare calls.
    double ours = 0;
    double bare = 0;
    std::uint64_t bareFailed = 0;
    for (int round = 0; round < kRounds; ++round) {
        batch.clear();
        for (std::size_t i = 0; i < kBlock; ++i) {
            batch.push_back(f.sealOne());
        }
        const auto runOurs = [&] {
            for (const Bytes& packet : batch) {
                benchmark::DoNotOptimize(
                    f.opener.open(packet.data(), packet.size(), out.data(), out.size()).status);
                benchmark::ClobberMemory();
            }
        };
        const auto runBare = [&] {
            for (const Bytes& packet : batch) {
                bareFailed += f.bareOpen(packet, out.data()) != 0 ? 1 : 0;
                benchmark::ClobberMemory();
            }
        };
        if (round % 2 == 0) {
            ours += seconds(runOurs);
            bare += seconds(runBare);
        } else {
            bare += seconds(runBare);
            ours += seconds(runOurs);
        }
    }
    state.counters["vs_bare"] = ours / bare;
    // Both are 0 when the two sides did the same work.
    state.counters["dropped"] = static_cast<double>(f.opener.counters().dropped());
    state.counters["bare_failed"] = static_cast<double>(bareFailed);
}
BENCHMARK(BM_PacketOpen)->Arg(160)->Arg(1200);

void BM_BareOpen(benchmark::State& state)
{
    Fixture f(static_cast<std::size_t>(state.range(0)));
    const Bytes packet = f.sealOne();
    Bytes out(f.plain.size());
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.bareOpen(packet, out.data()));
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BareOpen)->Arg(160)->Arg(1200);

} // namespace
