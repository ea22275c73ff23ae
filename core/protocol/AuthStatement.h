// The bytes a device signs with its Ed25519 key to prove itself to the server: a purpose string, the pin of
// the TLS certificate the device sees, and the server's fresh challenge nonce. Binding the pin means a
// signature made through a man in the middle (another certificate) is useless at the real server; binding
// the purpose means an enrolment signature cannot sign anyone in, and neither can a resumption one.
#pragma once

#include <QByteArray>

namespace ward::protocol {

inline constexpr qsizetype kNonceBytes = 32;
inline constexpr qsizetype kCertificatePinBytes = 32;

enum class AuthPurpose { Enrol, SignIn, Resume };

// "ward/v1/enrol\0" (or signin, resume) || pin (32 bytes) || nonce (32 bytes).
QByteArray authStatement(AuthPurpose purpose, const QByteArray& certificatePin, const QByteArray& nonce);

} // namespace ward::protocol
