// The packet receiver reads bytes straight from the network. The input is used twice with one fixed key:
// whole, as a single packet into a fresh receiver, and as a script of steps (seal, deliver, replay, corrupt,
// move the clock, skip ahead) played between a sealer and a receiver. Nothing may crash, and:
//   - no (stream, sequence) opens twice, whatever the bytes;
//   - a packet with a flipped bit never opens;
//   - a sealed packet that opens gives back exactly what was sealed;
//   - the receiver's epoch never goes back, and every judged packet is counted once.
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketHeader.h"
#include "crypto/packet/PacketKeySchedule.h"
#include "crypto/packet/PacketOpener.h"
#include "crypto/packet/PacketSealer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace {

using namespace ward::crypto;
using namespace ward::crypto::packet;
using Bytes = std::vector<std::uint8_t>;

SecretBytes fixedKey()
{
    SecretBytes key(kKeyBytes);
    for (std::size_t i = 0; i < kKeyBytes; ++i) {
        key.data()[i] = static_cast<std::uint8_t>(0xa0 + i);
    }
    return key;
}

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size)
    { }
    bool done() const { return m_at >= m_size; }
    std::uint8_t byte() { return m_at < m_size ? m_data[m_at++] : 0; }
    std::uint16_t word() { return static_cast<std::uint16_t>((byte() << 8) | byte()); }
    Bytes take(std::size_t count)
    {
        const std::size_t n = std::min(count, m_size - std::min(m_at, m_size));
        Bytes out(m_data + m_at, m_data + m_at + n);
        m_at += n;
        return out;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_at = 0;
};

struct Sent {
    Bytes packet;
    Bytes plaintext;
};

class Script {
public:
    Script()
        : m_now(std::make_shared<std::int64_t>(1'000'000))
    {
        PacketLimits limits = PacketLimits::forKind(PacketKind::Media);
        limits.rekeyAfterPackets = 16; // epochs change often enough for the fuzzer to see it
        ward::Clock clock = [now = m_now] { return *now; };
        auto sealer = PacketSealer::create(fixedKey(), limits, clock);
        auto opener = PacketOpener::create(fixedKey(), limits, clock);
        if (!sealer || !opener) {
            std::abort();
        }
        m_sealer = std::make_unique<PacketSealer>(std::move(sealer).value());
        m_opener = std::make_unique<PacketOpener>(std::move(opener).value());
    }

    void run(Input& in)
    {
        while (!in.done()) {
            switch (in.byte() % 6) {
            case 0: // bytes from the network
                deliver(in.take(in.word() % 2048), nullptr);
                break;
            case 1: // the sender seals a packet and holds it back
                seal(in.byte() % 4, in.take(in.byte()));
                break;
            case 2: // a held packet arrives (again, perhaps)
                if (!m_sent.empty()) {
                    const Sent& sent = m_sent[in.byte() % m_sent.size()];
                    deliver(sent.packet, &sent.plaintext);
                }
                break;
            case 3: // a held packet arrives with one bit flipped
                if (!m_sent.empty()) {
                    Bytes corrupt = m_sent[in.byte() % m_sent.size()].packet;
                    const std::uint16_t bit = in.word();
                    corrupt[(bit / 8) % corrupt.size()] ^= static_cast<std::uint8_t>(1U << (bit % 8));
                    if (deliver(corrupt, nullptr) == OpenStatus::Opened) {
                        std::abort();
                    }
                }
                break;
            case 4: // time moves, either way
                *m_now += static_cast<std::int8_t>(in.byte()) * std::int64_t { 250 };
                break;
            default: // the sender sends many packets that are all lost
                skipAhead(in.byte() % 4, in.byte() * std::size_t { 16 });
                break;
            }
        }
    }

private:
    void seal(std::uint16_t stream, Bytes plaintext)
    {
        Bytes packet(plaintext.size() + kOverheadBytes);
        if (m_sealer->seal(stream, plaintext.data(), plaintext.size(), packet.data(), packet.size()).ok()) {
            if (m_sent.size() == 64) {
                m_sent.erase(m_sent.begin());
            }
            m_sent.push_back(Sent { std::move(packet), std::move(plaintext) });
        }
    }

    void skipAhead(std::uint16_t stream, std::size_t count)
    {
        std::uint8_t packet[kOverheadBytes];
        for (std::size_t i = 0; i < count; ++i) {
            (void)m_sealer->seal(stream, nullptr, 0, packet, sizeof packet);
        }
    }

    OpenStatus deliver(const Bytes& packet, const Bytes* expected)
    {
        const std::uint32_t epochBefore = m_opener->epoch();
        const OpenResult result = m_opener->open(packet.data(), packet.size(), m_out.data(), m_out.size());
        ++m_delivered;
        if (m_opener->epoch() < epochBefore
            || m_opener->counters().opened() + m_opener->counters().dropped() != m_delivered) {
            std::abort();
        }
        if (result.status == OpenStatus::Opened) {
            if (!m_opened.insert({ result.header.stream, result.header.sequence }).second) {
                std::abort(); // a replay got through
            }
            if (expected != nullptr
                && (result.size != expected->size()
                    || (result.size != 0 && std::memcmp(m_out.data(), expected->data(), result.size) != 0))) {
                std::abort();
            }
        }
        return result.status;
    }

    std::shared_ptr<std::int64_t> m_now;
    std::unique_ptr<PacketSealer> m_sealer;
    std::unique_ptr<PacketOpener> m_opener;
    std::vector<Sent> m_sent;
    std::set<std::pair<std::uint16_t, std::uint64_t>> m_opened;
    std::array<std::uint8_t, kMaxMediaPacketBytes> m_out {};
    std::uint64_t m_delivered = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    {
        auto opener = PacketOpener::create(
            fixedKey(), PacketLimits::forKind(PacketKind::Message), [] { return std::int64_t { 0 }; });
        if (!opener) {
            std::abort();
        }
        std::vector<std::uint8_t> out(size);
        const OpenResult result = opener->open(data, size, out.data(), out.size());
        if (result.status != OpenStatus::Opened && result.size != 0) {
            std::abort();
        }
    }
    Input in(data, size);
    Script script;
    script.run(in);
    return 0;
}
