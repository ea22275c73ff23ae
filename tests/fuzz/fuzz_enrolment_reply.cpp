// The enrol reply is the first thing a new device believes from a server. The input is read as CBOR (the
// frame limit applies) and, when it is a map, checked against a fixed invitation. Nothing may crash, every
// refusal has a sentence, and an accepted reply always carries the organisation key the invitation pinned
// and the invitation's server and certificate pin.
#include "crypto/DeviceIdentity.h"
#include "crypto/credential/SigningKey.h"
#include "net/EnrolmentReply.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/ProtocolLimits.h"

#include <QCborMap>
#include <QCborValue>

#include <cstdint>
#include <cstdlib>

namespace {

using namespace ward;

struct Fixture {
    protocol::EnrolmentLink link;
    QByteArray deviceKey;
    Fixture()
    {
        link.host = QStringLiteral("127.0.0.1");
        link.port = 8443;
        link.code = crypto::SecretBytes(protocol::kInvitationCodeBytes);
        link.certificatePin = QByteArray(32, '\x11');
        // A fixed organisation key: the all-0x22 bytes, which a fuzzer can place in its input.
        link.organisationFingerprint = protocol::organisationFingerprintBytes(QByteArray(32, '\x22'));
        deviceKey = QByteArray(32, '\x33');
    }
};

const Fixture& fixture()
{
    static const Fixture f;
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > static_cast<std::size_t>(protocol::kMaxFrameBytes)) {
        return 0;
    }
    const QCborValue value
        = QCborValue::fromCbor(QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)));
    if (!value.isMap()) {
        return 0;
    }
    const Fixture& f = fixture();
    auto reply = net::checkEnrolmentReply(value.toMap(), f.link, f.deviceKey, 1'750'000'000);
    if (!reply) {
        if (reply.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    const net::ServerAccount& account = reply->account;
    if (protocol::organisationFingerprintBytes(account.organisationKey) != f.link.organisationFingerprint
        || account.certificatePin != f.link.certificatePin || account.host != f.link.host
        || account.port != f.link.port) {
        std::abort();
    }
    return 0;
}
