// The visit reason on its way from a patient to the clinician's devices, never readable by the server.
// sealVisitReason seals it to each device from a directory.lookup reply that the patient can trust: not
// revoked, its static key signed by its signing key, and holding a clinic credential (not a patient's) that
// verifies for that signing key against the organisation key pinned at enrolment, so a server cannot add a
// device of its own. openVisitReason finds the box addressed to this device in a room.queue entry.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>

namespace ward::crypto {
class DeviceIdentity;
}

namespace ward::net {

// `devices`: the reply's devices array. Returns the room.checkin "reasons" array ({device, sealed} maps);
// NotFound with a sentence when no device can be trusted, InvalidArgument for a reason that is too long.
Result<QCborArray> sealVisitReason(const QCborArray& devices, const QByteArray& organisationKey,
    const crypto::SecretBytes& reason, std::int64_t nowSeconds);

// The reason in `entry`'s "reasons" addressed to `identity`, opened; empty when there is none or it does
// not open.
crypto::SecretBytes openVisitReason(const QCborMap& entry, const crypto::DeviceIdentity& identity);

} // namespace ward::net
