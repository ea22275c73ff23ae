// The enrolment invitation a clinic hands a person, as a link and a QR code:
//   ward://enrol?v=1&server=HOST:PORT&code=BASE32&pin=HEX64&org=HEX64
// code: the one-time invitation code (kInvitationCodeBytes random bytes, base32 without padding); server:
// where the device connects; pin: certificatePin of the server's TLS certificate; org: the organisation key
// fingerprint (the 64 hex digits of organisationFingerprint without spaces). The link holds a bearer secret
// until it is used, so it travels as SecretBytes. Parsing is strict: printable ASCII, at most
// kMaxEnrolmentLinkBytes, each parameter exactly once, nothing unknown.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace ward::protocol {

inline constexpr std::size_t kMaxEnrolmentLinkBytes = 1024;
inline constexpr std::size_t kInvitationCodeBytes = 20;
inline constexpr qsizetype kMaxHostChars = 253;

struct EnrolmentLink {
    QString host; // a DNS name, an IPv4 address, or an IPv6 address without brackets
    std::uint16_t port = 0;
    crypto::SecretBytes code; // the raw kInvitationCodeBytes bytes
    QByteArray certificatePin; // 32 bytes
    QByteArray organisationFingerprint; // 32 bytes

    static Result<EnrolmentLink> parse(const std::uint8_t* data, std::size_t size);
    static Result<EnrolmentLink> parse(const crypto::SecretBytes& link);
    crypto::SecretBytes build() const;
    // "host:port", with brackets around an IPv6 host.
    QString serverAddress() const;
};

// "host:port" or "[v6]:port" -> host and port; InvalidArgument naming what is wrong.
struct HostPort {
    QString host;
    std::uint16_t port = 0;
};
Result<HostPort> parseHostPort(QStringView text);

// The organisation key's fingerprint as 32 bytes (BLAKE2b-256, the digest organisationFingerprint shows).
QByteArray organisationFingerprintBytes(const QByteArray& organisationKey);

} // namespace ward::protocol
