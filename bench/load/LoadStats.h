// What one load run counts, shared by all its simulated devices on the one event loop: signals sent and
// delivered, one-way latencies of the signals delivered while recording, connections lost after sign-in,
// and every refusal by phase and WireError name. Single-threaded; printing is the caller's job.
#pragma once

#include "protocol/WireError.h"

#include <QString>

#include <cstdint>
#include <map>
#include <vector>

namespace ward::bench {

struct LoadStats {
    bool recording = false; // only signals sent and received while recording count
    std::int64_t sent = 0;
    std::int64_t accepted = 0; // signal.send replies that said delivered
    std::int64_t delivered = 0; // signal pushes received
    std::int64_t outOfOrder = 0; // a sequence number at or below the last one from that peer
    std::int64_t drops = 0; // a signed-in session that left Online
    std::vector<std::int64_t> latenciesUs;
    std::map<QString, std::int64_t> errors; // "phase: WireError name" or "phase: what happened"

    void countError(const QString& phase, protocol::WireError wire);
    void countFailure(const QString& phase, const QString& what);

    // The p-th percentile (0..100) by nearest rank; sorts latenciesUs. 0 when nothing was recorded.
    std::int64_t percentileUs(double p);
};

// Monotonic microseconds since the first call: the send and receive stamps of one process share it.
std::int64_t monotonicUs();

} // namespace ward::bench
