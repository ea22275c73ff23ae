#include "net/ServerAccount.h"

#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/ProtocolLimits.h"
#include "store/SettingsRepository.h"
#include "store/Transaction.h"

#include <array>

namespace ward::net {

namespace {

constexpr char kHost[] = "server.host";
constexpr char kPort[] = "server.port";
constexpr char kCertificatePin[] = "server.certificate_pin";
constexpr char kOrganisationKey[] = "server.organisation_key";
constexpr char kIssuerCertificate[] = "server.issuer_certificate";
constexpr char kCredential[] = "server.credential";
constexpr char kServerName[] = "server.name";
constexpr char kUserId[] = "server.user";
constexpr char kDisplayName[] = "server.display_name";
constexpr char kRole[] = "server.role";
constexpr char kRoom[] = "server.room";

Error corrupt(const char* what)
{
    return makeError(ErrorCode::Corrupt,
        QStringLiteral("The clinic account saved in this profile is damaged (%1). Enrol this device again.")
            .arg(QLatin1String(what)));
}

QByteArray fromHex(const QString& text, qsizetype size)
{
    const QByteArray bytes = QByteArray::fromHex(text.toLatin1());
    return bytes.size() == size && bytes.toHex() == text.toLatin1() ? bytes : QByteArray();
}

} // namespace

QString ServerAccount::serverAddress() const
{
    const QString portText = QString::number(port);
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host, portText)
                               : QStringLiteral("%1:%2").arg(host, portText);
}

Result<std::optional<ServerAccount>> ServerAccount::load(store::SettingsRepository& settings)
{
    std::array<std::optional<QString>, 11> values;
    const std::array<const char*, 11> keys { kHost, kPort, kCertificatePin, kOrganisationKey,
        kIssuerCertificate, kCredential, kServerName, kUserId, kDisplayName, kRole, kRoom };
    for (std::size_t i = 0; i < keys.size(); ++i) {
        auto value = settings.get(QLatin1String(keys[i]));
        if (!value) {
            return value.error();
        }
        values[i] = value.value();
    }
    if (!values[0]) {
        return std::optional<ServerAccount>();
    }
    auto text = [&values](std::size_t i) { return values[i].value_or(QString()); };

    ServerAccount account;
    account.host = text(0);
    if (account.host.isEmpty() || account.host.size() > protocol::kMaxHostChars) {
        return corrupt("host");
    }
    bool portOk = false;
    const uint port = text(1).toUInt(&portOk);
    if (!portOk || port == 0 || port > 65535) {
        return corrupt("port");
    }
    account.port = static_cast<std::uint16_t>(port);
    account.certificatePin = fromHex(text(2), protocol::kCertificatePinBytes);
    if (account.certificatePin.isEmpty()) {
        return corrupt("certificate pin");
    }
    account.organisationKey = fromHex(text(3), 32);
    if (account.organisationKey.isEmpty()) {
        return corrupt("organisation key");
    }
    account.issuerCertificate = QByteArray::fromBase64(text(4).toLatin1());
    if (account.issuerCertificate.isEmpty()) {
        return corrupt("issuer certificate");
    }
    account.credential = QByteArray::fromBase64(text(5).toLatin1());
    account.serverName = text(6);
    account.userId = text(7);
    if (!protocol::isValidUserId(account.userId)) {
        return corrupt("user id");
    }
    account.displayName = text(8);
    const auto role = crypto::credential::parseRole(text(9));
    if (!role) {
        return corrupt("role");
    }
    account.role = *role;
    if (account.needsTotp() && account.credential.isEmpty()) {
        return corrupt("credential");
    }
    account.room = text(10);
    if (!account.room.isEmpty() && !protocol::isValidUserId(account.room)) {
        return corrupt("waiting room");
    }
    return std::optional<ServerAccount>(std::move(account));
}

Status ServerAccount::save(store::SettingsRepository& settings) const
{
    auto tx = store::Transaction::begin(settings.database());
    if (!tx) {
        return tx.error();
    }
    const std::array<std::pair<const char*, QString>, 11> values { {
        { kHost, host },
        { kPort, QString::number(port) },
        { kCertificatePin, QString::fromLatin1(certificatePin.toHex()) },
        { kOrganisationKey, QString::fromLatin1(organisationKey.toHex()) },
        { kIssuerCertificate, QString::fromLatin1(issuerCertificate.toBase64()) },
        { kCredential, QString::fromLatin1(credential.toBase64()) },
        { kServerName, serverName },
        { kUserId, userId },
        { kDisplayName, displayName },
        { kRole, crypto::credential::roleName(role) },
        { kRoom, room },
    } };
    for (const auto& [key, value] : values) {
        if (auto status = settings.set(QLatin1String(key), value); !status) {
            return status;
        }
    }
    return tx->commit();
}

} // namespace ward::net
