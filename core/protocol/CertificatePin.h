// A TLS certificate pin: SHA-256 of the certificate's DER encoding. Invitations carry it as 64 hex digits;
// a client accepts the server's certificate only when its pin matches, whatever the CA system says.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace ward::protocol {

QByteArray certificatePin(const QByteArray& certificateDer);
QString certificatePinHex(const QByteArray& pin);
// 64 hex digits (either case) -> 32 bytes, or nothing.
std::optional<QByteArray> parseCertificatePinHex(QStringView hex);

} // namespace ward::protocol
