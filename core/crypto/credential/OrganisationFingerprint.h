// The fingerprint of an organisation key: what clinic IT reads aloud or prints on an invitation so that a
// person can compare it with what their device shows. BLAKE2b-256 of "ward/v1/org-fingerprint\0" and the
// 32-byte key, as 16 groups of 4 lower-case hex digits (the same shape as a device fingerprint).
#pragma once

#include <QByteArray>
#include <QString>

namespace ward::crypto::credential {

// Empty when the key is not 32 bytes.
QString organisationFingerprint(const QByteArray& organisationKey);

} // namespace ward::crypto::credential
