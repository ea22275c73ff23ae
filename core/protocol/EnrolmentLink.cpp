#include "protocol/EnrolmentLink.h"

#include "crypto/credential/OrganisationFingerprint.h"
#include "crypto/otp/Base32.h"
#include "protocol/CertificatePin.h"

#include <QHostAddress>
#include <QStringList>

namespace ward::protocol {

namespace {

constexpr char kPrefix[] = "ward://enrol?";

Error linkError(const QString& what)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("This is not a usable Ward invitation: %1. Ask your clinic for a new link.")
            .arg(what));
}

bool isHostNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
        || c == u'.';
}

bool validHost(const QString& host)
{
    if (host.isEmpty() || host.size() > kMaxHostChars) {
        return false;
    }
    if (host.contains(u':')) {
        // A zone such as %eth0 names an interface of one machine; it means nothing in a shared link.
        return !host.contains(u'%') && QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol;
    }
    for (const QChar c : host) {
        if (!isHostNameChar(c)) {
            return false;
        }
    }
    return !host.startsWith(u'.') && !host.startsWith(u'-');
}

} // namespace

Result<HostPort> parseHostPort(QStringView text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0 || colon == text.size() - 1) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("\"%1\" is not HOST:PORT.").arg(text.left(kMaxHostChars + 8).toString()));
    }
    QStringView host = text.left(colon);
    const QStringView portText = text.mid(colon + 1);
    if (host.startsWith(u'[')) {
        if (!host.endsWith(u']')) {
            return makeError(
                ErrorCode::InvalidArgument, QStringLiteral("An IPv6 address must end with ']'."));
        }
        host = host.mid(1, host.size() - 2);
        if (!host.contains(u':')) {
            return makeError(
                ErrorCode::InvalidArgument, QStringLiteral("Only IPv6 addresses go in brackets."));
        }
    } else if (host.contains(u':')) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("Put an IPv6 address in brackets: [::1]:7443."));
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port == 0 || port > 65535 || portText.startsWith(u'+') || portText.size() > 5) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("The port must be a number from 1 to 65535."));
    }
    if (!validHost(host.toString())) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The host is not a name or an address."));
    }
    return HostPort { host.toString(), static_cast<std::uint16_t>(port) };
}

QByteArray organisationFingerprintBytes(const QByteArray& organisationKey)
{
    QString text = crypto::credential::organisationFingerprint(organisationKey);
    text.remove(u' ');
    return QByteArray::fromHex(text.toLatin1());
}

Result<EnrolmentLink> EnrolmentLink::parse(const crypto::SecretBytes& link)
{
    return parse(link.data(), link.size());
}

Result<EnrolmentLink> EnrolmentLink::parse(const std::uint8_t* data, std::size_t size)
{
    if (size > kMaxEnrolmentLinkBytes) {
        return linkError(QStringLiteral("it is too long"));
    }
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] < 0x21 || data[i] > 0x7e) {
            return linkError(QStringLiteral("it contains spaces or characters a link cannot hold"));
        }
    }
    const std::size_t prefixLength = sizeof(kPrefix) - 1;
    if (size < prefixLength || std::memcmp(data, kPrefix, prefixLength) != 0) {
        return linkError(QStringLiteral("it does not begin with ward://enrol?"));
    }
    EnrolmentLink link;
    bool seenVersion = false;
    bool seenServer = false;
    bool seenCode = false;
    bool seenPin = false;
    bool seenOrg = false;
    std::size_t pos = prefixLength;
    while (pos <= size) {
        std::size_t end = pos;
        while (end < size && data[end] != '&') {
            ++end;
        }
        const auto* pair = reinterpret_cast<const char*>(data + pos);
        const std::size_t pairLength = end - pos;
        const void* equalsAt = std::memchr(pair, '=', pairLength);
        if (equalsAt == nullptr) {
            return linkError(QStringLiteral("a parameter has no value"));
        }
        const std::size_t nameLength = static_cast<std::size_t>(static_cast<const char*>(equalsAt) - pair);
        const QByteArray name(pair, static_cast<qsizetype>(nameLength));
        const std::uint8_t* value = data + pos + nameLength + 1;
        const std::size_t valueLength = pairLength - nameLength - 1;
        const QString valueText = name == "code"
            ? QString()
            : QString::fromLatin1(reinterpret_cast<const char*>(value), static_cast<qsizetype>(valueLength));
        auto once = [&](bool& seen) {
            const bool first = !seen;
            seen = true;
            return first;
        };
        if (name == "v") {
            if (!once(seenVersion) || valueText != QLatin1String("1")) {
                return linkError(QStringLiteral("it is of a version this app does not know; update Ward"));
            }
        } else if (name == "server") {
            if (!once(seenServer)) {
                return linkError(QStringLiteral("it names the server twice"));
            }
            auto hostPort = parseHostPort(valueText);
            if (!hostPort) {
                return linkError(QStringLiteral("the server address is wrong"));
            }
            link.host = hostPort->host;
            link.port = hostPort->port;
        } else if (name == "code") {
            if (!once(seenCode)) {
                return linkError(QStringLiteral("it holds two codes"));
            }
            auto code = crypto::otp::base32Decode(value, valueLength);
            if (!code || code->size() != kInvitationCodeBytes) {
                return linkError(QStringLiteral("the invitation code is damaged"));
            }
            link.code = std::move(code.value());
        } else if (name == "pin") {
            auto pin = parseCertificatePinHex(valueText);
            if (!once(seenPin) || !pin) {
                return linkError(QStringLiteral("the server certificate pin is damaged"));
            }
            link.certificatePin = *pin;
        } else if (name == "org") {
            auto org = parseCertificatePinHex(valueText);
            if (!once(seenOrg) || !org) {
                return linkError(QStringLiteral("the organisation fingerprint is damaged"));
            }
            link.organisationFingerprint = *org;
        } else {
            return linkError(QStringLiteral("it has a parameter this app does not know"));
        }
        pos = end + 1;
    }
    if (!seenVersion || !seenServer || !seenCode || !seenPin || !seenOrg) {
        return linkError(QStringLiteral("part of it is missing"));
    }
    return link;
}

crypto::SecretBytes EnrolmentLink::build() const
{
    const crypto::SecretBytes codeText = crypto::otp::base32Encode(code, crypto::otp::Base32Padding::Omit);
    const QByteArray before = QByteArray(kPrefix) + "v=1&server=" + serverAddress().toLatin1() + "&code=";
    const QByteArray after = "&pin=" + certificatePin.toHex() + "&org=" + organisationFingerprint.toHex();
    crypto::SecretBytes out(
        static_cast<std::size_t>(before.size()) + codeText.size() + static_cast<std::size_t>(after.size()));
    std::memcpy(out.data(), before.constData(), static_cast<std::size_t>(before.size()));
    std::memcpy(out.data() + before.size(), codeText.data(), codeText.size());
    std::memcpy(out.data() + before.size() + codeText.size(), after.constData(),
        static_cast<std::size_t>(after.size()));
    return out;
}

QString EnrolmentLink::serverAddress() const
{
    const QString shownHost = host.contains(u':') ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2").arg(shownHost, QString::number(port));
}

} // namespace ward::protocol
