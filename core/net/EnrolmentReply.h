// What the server answers to "enrol", read and checked before anything is trusted: the organisation key
// must hash to the invitation's fingerprint, the issuer certificate must be signed by that key and valid
// now, and for clinic roles the credential must verify through the chain for the granted role and this
// device's signing key. Only then does the reply become the ServerAccount the profile keeps.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "net/ServerAccount.h"
#include "protocol/EnrolmentLink.h"

#include <QCborMap>

namespace ward::net {

struct EnrolmentReply {
    ServerAccount account;
    crypto::SecretBytes totpUri; // empty for patients and for a further device of a clinic account
};

// Crypto (with a sentence telling the person to stop and call the clinic) when a key or signature does not
// match; InvalidArgument when a field is missing or malformed.
Result<EnrolmentReply> checkEnrolmentReply(const QCborMap& body, const protocol::EnrolmentLink& link,
    const QByteArray& deviceSigningKey, std::int64_t nowSeconds);

} // namespace ward::net
