#include "crypto/safety/ScannableSafetyNumber.h"

#include <cassert>

namespace ward::crypto::safety {

namespace {

// Field 2 (local) and field 3 (remote): tag, length 34, then the inner field 1 with length 32.
constexpr char kLocalFrame[] = "\x12\x22\x0a\x20";
constexpr char kRemoteFrame[] = "\x1a\x22\x0a\x20";
constexpr qsizetype kFrameBytes = 4;
constexpr qsizetype kLocalAt = 2 + kFrameBytes;
constexpr qsizetype kRemoteAt = kLocalAt + ScannableSafetyNumber::kFingerprintBytes + kFrameBytes;
static_assert(kRemoteAt + ScannableSafetyNumber::kFingerprintBytes == ScannableSafetyNumber::kEncodedBytes);

Error notASafetyCode()
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The scanned code is not a safety number code. Scan the code on the other person's "
                       "safety number screen."));
}

} // namespace

QByteArray ScannableSafetyNumber::encode() const
{
    assert(version <= kMaxVersion);
    assert(static_cast<std::size_t>(local.size()) == kFingerprintBytes);
    assert(static_cast<std::size_t>(remote.size()) == kFingerprintBytes);
    QByteArray out;
    out.reserve(static_cast<qsizetype>(kEncodedBytes));
    out.append('\x08');
    out.append(static_cast<char>(version));
    out.append(kLocalFrame, kFrameBytes);
    out.append(local);
    out.append(kRemoteFrame, kFrameBytes);
    out.append(remote);
    return out;
}

Result<ScannableSafetyNumber> ScannableSafetyNumber::parse(const QByteArray& bytes)
{
    if (static_cast<std::size_t>(bytes.size()) != kEncodedBytes || bytes[0] != '\x08'
        || static_cast<std::uint8_t>(bytes[1]) > kMaxVersion
        || bytes.mid(2, kFrameBytes) != QByteArray(kLocalFrame, kFrameBytes)
        || bytes.mid(kRemoteAt - kFrameBytes, kFrameBytes) != QByteArray(kRemoteFrame, kFrameBytes)) {
        return notASafetyCode();
    }
    ScannableSafetyNumber out;
    out.version = static_cast<std::uint8_t>(bytes[1]);
    out.local = bytes.mid(kLocalAt, kFingerprintBytes);
    out.remote = bytes.mid(kRemoteAt, kFingerprintBytes);
    return out;
}

} // namespace ward::crypto::safety
