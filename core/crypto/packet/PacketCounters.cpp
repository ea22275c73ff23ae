#include "crypto/packet/PacketCounters.h"

namespace ward::crypto::packet {

const char* openStatusName(OpenStatus status)
{
    switch (status) {
    case OpenStatus::Opened:
        return "opened";
    case OpenStatus::Truncated:
        return "truncated";
    case OpenStatus::Malformed:
        return "malformed";
    case OpenStatus::WrongEpoch:
        return "wrong epoch";
    case OpenStatus::TooOld:
        return "too old";
    case OpenStatus::Replayed:
        return "replayed";
    case OpenStatus::Tampered:
        return "tampered";
    case OpenStatus::OutputTooSmall:
        return "output too small";
    }
    return "unknown";
}

} // namespace ward::crypto::packet
