// The scannable (QR) form of a safety number: a version and the first 32 bytes of each party's fingerprint
// hash, as the local device sees them. The bytes are those of Signal's CombinedFingerprints protobuf, which
// always comes out in one fixed 74-byte layout for a version below 128:
//   08 VV  12 22 0a 20 <local: 32 bytes>  1a 22 0a 20 <remote: 32 bytes>
// (field 1 varint version; field 2 and field 3 each a 34-byte message holding field 1, 32 content bytes).
// Ward writes and reads only that layout: anything else, in length or in any framing byte, is refused, so
// parse() and encode() are exact inverses.
#pragma once

#include "common/Result.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace ward::crypto::safety {

struct ScannableSafetyNumber {
    static constexpr std::size_t kEncodedBytes = 74;
    static constexpr std::size_t kFingerprintBytes = 32;
    static constexpr std::uint32_t kMaxVersion = 127; // one varint byte

    std::uint32_t version = 0;
    QByteArray local; // kFingerprintBytes
    QByteArray remote; // kFingerprintBytes

    // Requires version <= kMaxVersion and 32-byte fingerprints (checked by the caller that built it).
    QByteArray encode() const;

    // InvalidArgument with a plain sentence when `bytes` is not exactly that layout.
    static Result<ScannableSafetyNumber> parse(const QByteArray& bytes);
};

} // namespace ward::crypto::safety
