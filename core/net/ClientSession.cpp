#include "net/ClientSession.h"

#include "crypto/DeviceIdentity.h"
#include "net/Backoff.h"
#include "net/ServerConnection.h"
#include "net/SignInMessages.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QPointer>
#include <QTimer>

namespace ward::net {

using protocol::AuthPurpose;
using protocol::ProtocolError;
using protocol::WireError;

namespace {

constexpr qsizetype kResumeTokenBytes = 32;
constexpr qsizetype kMaxTotpChars = 10;

QLatin1String key(const char* name)
{
    return QLatin1String(name);
}

} // namespace

struct ClientSession::Private {
    Private(ClientSession* owner, ServerAccount serverAccount, const crypto::DeviceIdentity& deviceIdentity,
        Clock wallClock)
        : q(owner)
        , account(std::move(serverAccount))
        , identity(deviceIdentity)
        , clock(std::move(wallClock))
    {
        retryTimer.setSingleShot(true);
    }

    void setState(ConnectionState next, QString message = {});
    void connectNow();
    void proceed();
    void authenticate(AuthPurpose purpose);
    void sendAuth(AuthPurpose purpose, const QByteArray& nonce);
    void signedIn(const QCborMap& body);
    void refused(const ProtocolError& error, AuthPurpose purpose);
    void dropped(ServerConnection::Drop reason);
    void scheduleRetry();
    void closeConnection();
    // Handlers from a connection that has since been replaced are ignored.
    bool current(std::uint64_t mine) const { return connection != nullptr && mine == generation; }

    ClientSession* q;
    ServerAccount account;
    const crypto::DeviceIdentity& identity;
    Clock clock;
    Backoff backoff;
    QTimer retryTimer;
    ServerConnection* connection = nullptr;
    std::uint64_t generation = 0;
    ConnectionState state = ConnectionState::Offline;
    QString message;
    bool running = false;
    crypto::SecretBytes resumeToken;
    crypto::SecretBytes pendingCode;
};

void ClientSession::Private::setState(ConnectionState next, QString text)
{
    message = std::move(text);
    if (state == next) {
        return;
    }
    state = next;
    emit q->stateChanged(next);
}

void ClientSession::Private::closeConnection()
{
    if (connection != nullptr) {
        ServerConnection* old = connection;
        connection = nullptr;
        ++generation;
        old->disconnect(q);
        old->close();
        old->deleteLater();
    }
}

void ClientSession::Private::connectNow()
{
    closeConnection();
    retryTimer.stop();
    connection = new ServerConnection(account.host, account.port, account.certificatePin, q);
    const std::uint64_t mine = ++generation;
    QObject::connect(connection, &ServerConnection::opened, q, [this, mine] {
        if (current(mine)) {
            backoff.connected(clock());
            proceed();
        }
    });
    QObject::connect(connection, &ServerConnection::dropped, q,
        [this, mine](ServerConnection::Drop reason, const QString&) {
            if (current(mine)) {
                dropped(reason);
            }
        });
    QObject::connect(connection, &ServerConnection::pushReceived, q, [this](const protocol::Message& push) {
        if (state == ConnectionState::Online) {
            emit q->pushReceived(push);
        }
    });
    setState(ConnectionState::Connecting);
    connection->open();
}

void ClientSession::Private::proceed()
{
    if (!resumeToken.empty()) {
        authenticate(AuthPurpose::Resume);
    } else if (account.needsTotp() && pendingCode.empty()) {
        setState(ConnectionState::SignInNeeded, totpNeededText());
    } else {
        authenticate(AuthPurpose::SignIn);
    }
}

void ClientSession::Private::authenticate(AuthPurpose purpose)
{
    setState(ConnectionState::SigningIn);
    const std::uint64_t mine = generation;
    connection->request(protocol::type::kChallenge, {}, [this, mine, purpose](auto reply) {
        if (!current(mine)) {
            return;
        }
        if (!reply) {
            refused(reply.error(), purpose);
            return;
        }
        auto nonce = protocol::BodyReader(reply.value()).bytes("nonce", protocol::kNonceBytes);
        if (!nonce) {
            refused(nonce.error(), purpose);
            return;
        }
        sendAuth(purpose, nonce.value());
    });
}

void ClientSession::Private::sendAuth(AuthPurpose purpose, const QByteArray& nonce)
{
    QCborMap body;
    body.insert(key("nonce"), nonce);
    body.insert(key("signingKey"), identity.publicIdentity().signingKey);
    body.insert(
        key("signature"), identity.sign(protocol::authStatement(purpose, account.certificatePin, nonce)));
    if (purpose == AuthPurpose::Resume) {
        // The token leaves wiped memory only for the frame that carries it.
        body.insert(
            key("token"), QByteArray(resumeToken.chars(), static_cast<qsizetype>(resumeToken.size())));
    } else if (!pendingCode.empty()) {
        body.insert(key("totp"),
            QString::fromLatin1(pendingCode.chars(), static_cast<qsizetype>(pendingCode.size())));
    }
    const std::uint64_t mine = generation;
    const char* type = purpose == AuthPurpose::Resume ? protocol::type::kResume : protocol::type::kSignIn;
    connection->request(type, std::move(body), [this, mine, purpose](auto reply) {
        if (!current(mine)) {
            return;
        }
        if (reply) {
            signedIn(reply.value());
        } else {
            refused(reply.error(), purpose);
        }
    });
}

void ClientSession::Private::signedIn(const QCborMap& body)
{
    const protocol::BodyReader reader(body);
    auto token = reader.bytes("resumeToken", kResumeTokenBytes);
    if (!token) {
        refused(token.error(), AuthPurpose::SignIn);
        return;
    }
    resumeToken = crypto::SecretBytes(
        reinterpret_cast<const std::uint8_t*>(token->constData()), static_cast<std::size_t>(token->size()));
    pendingCode.clear();
    if (auto name = reader.text("name", protocol::kMaxNameChars)) {
        account.displayName = name.value();
    }
    if (auto serverName = reader.text("serverName", protocol::kMaxNameChars)) {
        account.serverName = serverName.value();
    }
    setState(ConnectionState::Online);
}

void ClientSession::Private::refused(const ProtocolError& error, AuthPurpose purpose)
{
    switch (error.wire) {
    case WireError::Offline:
    case WireError::Internal:
    case WireError::RateLimited:
        // Timeouts, drops and server trouble: try again on a fresh connection.
        closeConnection();
        scheduleRetry();
        return;
    case WireError::Locked:
    case WireError::Revoked:
    case WireError::Throttled:
        resumeToken.clear();
        pendingCode.clear();
        closeConnection();
        setState(ConnectionState::SignInNeeded, signInRefusalText(error));
        return;
    case WireError::TotpRequired:
    case WireError::WrongCode:
        pendingCode.clear();
        setState(ConnectionState::SignInNeeded, signInRefusalText(error));
        return;
    default:
        break;
    }
    if (purpose == AuthPurpose::Resume) {
        // The token expired, was used or the server forgot it (a new database): sign in afresh.
        resumeToken.clear();
        if (account.needsTotp() && pendingCode.empty()) {
            setState(ConnectionState::SignInNeeded, totpNeededText());
        } else {
            authenticate(AuthPurpose::SignIn);
        }
        return;
    }
    pendingCode.clear();
    closeConnection();
    setState(ConnectionState::SignInNeeded, signInRefusalText(error));
}

void ClientSession::Private::dropped(ServerConnection::Drop reason)
{
    closeConnection();
    backoff.disconnected(clock());
    if (reason == ServerConnection::Drop::CertificateMismatch) {
        running = false;
        retryTimer.stop();
        setState(ConnectionState::CertificateMismatch, certificateMismatchText(account.serverAddress()));
        return;
    }
    if (state == ConnectionState::SignInNeeded) {
        return; // the person acts next; signIn() reconnects
    }
    scheduleRetry();
}

void ClientSession::Private::scheduleRetry()
{
    if (!running) {
        setState(ConnectionState::Offline);
        return;
    }
    const auto delay = backoff.next();
    setState(ConnectionState::Offline, offlineText(account.serverAddress(), delay.count()));
    retryTimer.start(delay);
}

ClientSession::ClientSession(
    ServerAccount account, const crypto::DeviceIdentity& identity, Clock clock, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(account), identity, std::move(clock)))
{
    connect(&d->retryTimer, &QTimer::timeout, this, [this] {
        if (d->running) {
            d->connectNow();
        }
    });
}

ClientSession::~ClientSession()
{
    d->retryTimer.stop();
    if (d->connection != nullptr) {
        d->connection->disconnect(this);
        delete d->connection;
        d->connection = nullptr;
    }
}

ConnectionState ClientSession::state() const
{
    return d->state;
}

const ServerAccount& ClientSession::account() const
{
    return d->account;
}

QString ClientSession::statusMessage() const
{
    return d->message;
}

void ClientSession::start()
{
    d->running = true;
    if (d->connection != nullptr && d->connection->isOpen()) {
        if (d->state != ConnectionState::Online && d->state != ConnectionState::SigningIn) {
            d->proceed();
        }
        return;
    }
    d->connectNow();
}

void ClientSession::stop()
{
    d->running = false;
    d->retryTimer.stop();
    d->closeConnection();
    d->setState(ConnectionState::Offline);
}

void ClientSession::signIn(const crypto::SecretBytes& totpCode)
{
    if (d->account.needsTotp()) {
        if (totpCode.empty() || totpCode.size() > static_cast<std::size_t>(kMaxTotpChars)) {
            d->setState(ConnectionState::SignInNeeded,
                signInRefusalText(ServerConnection::localError(WireError::WrongCode, QString())));
            return;
        }
        d->pendingCode = totpCode.clone();
    }
    d->running = true;
    if (d->connection != nullptr && d->connection->isOpen()) {
        const bool resume = d->pendingCode.empty() && !d->resumeToken.empty();
        d->authenticate(resume ? AuthPurpose::Resume : AuthPurpose::SignIn);
    } else {
        d->connectNow();
    }
}

void ClientSession::request(const char* type, QCborMap body, ReplyHandler handler)
{
    if (d->state != ConnectionState::Online || d->connection == nullptr) {
        handler(ServerConnection::localError(WireError::Offline,
            QStringLiteral("Not signed in to the clinic's server; wait until it is back online.")));
        return;
    }
    d->connection->request(type, std::move(body), std::move(handler));
}

} // namespace ward::net
