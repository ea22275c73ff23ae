#include "net/Enrolment.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/otp/Base32.h"
#include "net/EnrolmentReply.h"
#include "net/ServerConnection.h"
#include "net/SignInMessages.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"

#include <QDateTime>

#include <optional>

namespace ward::net {

using protocol::WireError;

namespace {

constexpr std::size_t kMaxTotpChars = 10;

QString refusalText(const protocol::ProtocolError& error)
{
    switch (error.wire) {
    case WireError::Expired:
        return QStringLiteral("This invitation has expired. Ask the clinic for a new one.");
    case WireError::Used:
    case WireError::NotFound:
        return QStringLiteral(
            "This invitation has already been used or was withdrawn. Ask the clinic for a new "
            "one.");
    case WireError::Offline:
        return QStringLiteral("Lost the connection to the clinic's server during enrolment: %1 Try the "
                              "invitation again.")
            .arg(error.message);
    default:
        return QStringLiteral("The clinic's server refused the enrolment: %1").arg(error.message);
    }
}

} // namespace

struct Enrolment::Private {
    Private(Enrolment* owner, protocol::EnrolmentLink enrolmentLink, const crypto::DeviceIdentity& device,
        QString name)
        : q(owner)
        , link(std::move(enrolmentLink))
        , identity(device)
        , deviceName(std::move(name))
    { }

    void enrol(const QByteArray& nonce);
    void accepted(const QCborMap& body);
    void fail(const QString& message, Failure kind = Failure::Refused);

    Enrolment* q;
    protocol::EnrolmentLink link;
    const crypto::DeviceIdentity& identity;
    QString deviceName;
    ServerConnection* connection = nullptr;
    std::optional<ServerAccount> account;
    crypto::SecretBytes totpUri;
    bool done = false;
    Failure failure = Failure::Refused;
};

void Enrolment::Private::fail(const QString& message, Failure kind)
{
    if (done) {
        return;
    }
    done = true;
    failure = kind;
    if (connection != nullptr) {
        connection->disconnect(q);
        connection->close();
    }
    emit q->failed(message);
}

void Enrolment::Private::enrol(const QByteArray& nonce)
{
    const crypto::DeviceIdentityPublic& device = identity.publicIdentity();
    const crypto::SecretBytes code = crypto::otp::base32Encode(link.code, crypto::otp::Base32Padding::Omit);
    QCborMap body;
    body.insert(
        QLatin1String("code"), QString::fromLatin1(code.chars(), static_cast<qsizetype>(code.size())));
    body.insert(QLatin1String("nonce"), nonce);
    body.insert(QLatin1String("signingKey"), device.signingKey);
    body.insert(QLatin1String("staticKey"), device.staticKey);
    body.insert(QLatin1String("staticKeySignature"), device.staticKeySignature);
    body.insert(QLatin1String("deviceName"), deviceName);
    body.insert(QLatin1String("signature"),
        identity.sign(protocol::authStatement(protocol::AuthPurpose::Enrol, link.certificatePin, nonce)));
    connection->request(protocol::type::kEnrol, std::move(body), [this](auto reply) {
        if (!reply) {
            fail(refusalText(reply.error()));
            return;
        }
        accepted(reply.value());
    });
}

void Enrolment::Private::accepted(const QCborMap& body)
{
    auto checked = checkEnrolmentReply(
        body, link, identity.publicIdentity().signingKey, QDateTime::currentSecsSinceEpoch());
    if (!checked) {
        fail(checked.error().message,
            checked.error().code == ErrorCode::Crypto ? Failure::Untrusted : Failure::Refused);
        return;
    }
    account = std::move(checked->account);
    if (!account->needsTotp()) {
        done = true;
        connection->close();
        emit q->finished(*account);
        return;
    }
    totpUri = std::move(checked->totpUri);
    emit q->totpSetupNeeded();
}

Enrolment::Enrolment(
    protocol::EnrolmentLink link, const crypto::DeviceIdentity& identity, QString deviceName, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(link), identity, std::move(deviceName)))
{ }

Enrolment::~Enrolment()
{
    if (d->connection != nullptr) {
        d->connection->disconnect(this);
        delete d->connection;
    }
}

void Enrolment::start()
{
    if (d->connection != nullptr) {
        return;
    }
    d->connection = new ServerConnection(d->link.host, d->link.port, d->link.certificatePin, this);
    connect(d->connection, &ServerConnection::dropped, this,
        [this](ServerConnection::Drop reason, const QString&) {
            if (reason == ServerConnection::Drop::CertificateMismatch) {
                d->fail(certificateMismatchText(d->link.serverAddress()), Failure::CertificateMismatch);
                return;
            }
            d->fail(QStringLiteral("Could not reach the clinic's server at %1, or it closed the connection. "
                                   "Check the network and try the invitation again.")
                        .arg(d->link.serverAddress()),
                Failure::Unreachable);
        });
    connect(d->connection, &ServerConnection::opened, this, [this] {
        d->connection->request(protocol::type::kChallenge, {}, [this](auto reply) {
            if (!reply) {
                d->fail(refusalText(reply.error()));
                return;
            }
            auto nonce = protocol::BodyReader(reply.value()).bytes("nonce", protocol::kNonceBytes);
            if (!nonce) {
                d->fail(refusalText(nonce.error()));
                return;
            }
            d->enrol(nonce.value());
        });
    });
    d->connection->open();
}

void Enrolment::confirm(const crypto::SecretBytes& totpCode)
{
    if (d->done || !d->account || d->connection == nullptr) {
        return;
    }
    if (totpCode.empty() || totpCode.size() > kMaxTotpChars) {
        emit totpRejected(QStringLiteral("Type the 6-digit code your authenticator app shows."));
        return;
    }
    QCborMap body;
    body.insert(QLatin1String("totp"),
        QString::fromLatin1(totpCode.chars(), static_cast<qsizetype>(totpCode.size())));
    d->connection->request(protocol::type::kEnrolConfirm, std::move(body), [this](auto reply) {
        if (reply) {
            d->done = true;
            d->connection->close();
            emit finished(*d->account);
            return;
        }
        if (reply.error().wire == WireError::WrongCode) {
            emit totpRejected(QStringLiteral(
                "That code was not accepted. Type the current code from your authenticator app."));
            return;
        }
        d->fail(refusalText(reply.error()));
    });
}

Enrolment::Failure Enrolment::failure() const
{
    return d->failure;
}

const crypto::SecretBytes& Enrolment::totpUri() const
{
    return d->totpUri;
}

} // namespace ward::net
