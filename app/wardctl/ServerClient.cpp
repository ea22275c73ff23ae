#include "ServerClient.h"

#include "Commands.h"

#include "ExitCode.h"
#include "PassphraseInput.h"

#include <QEventLoop>

#include <cstdio>

namespace ward::ctl {

namespace {

int failWith(int exitCode, const QString& message)
{
    std::fprintf(stderr, "wardctl: %s\n", message.toUtf8().constData());
    return exitCode;
}

} // namespace

std::optional<net::ServerAccount> loadServerAccount(store::ProfileSession& profile, int& exitCode)
{
    auto settings = profile.settings();
    auto account = net::ServerAccount::load(settings);
    if (!account) {
        exitCode = fail(account.error());
        return std::nullopt;
    }
    if (!account.value()) {
        exitCode = failWith(kExitFailure,
            QStringLiteral("This profile has not enrolled with a clinic: run wardctl enrol LINK first."));
        return std::nullopt;
    }
    exitCode = kExitOk;
    return account.value();
}

std::unique_ptr<net::ClientSession> signInToServer(
    const net::ServerAccount& account, const crypto::DeviceIdentity& identity, int& exitCode)
{
    auto session = std::make_unique<net::ClientSession>(account, identity);
    QEventLoop loop;
    bool codeGiven = false;
    bool connecting = false;
    exitCode = -1;
    auto finish = [&](int code, const QString& message = {}) {
        if (!message.isEmpty()) {
            failWith(code, message);
        }
        exitCode = code;
        loop.quit();
    };
    QObject::connect(
        session.get(), &net::ClientSession::stateChanged, &loop, [&](net::ConnectionState state) {
            switch (state) {
            case net::ConnectionState::Online:
                finish(kExitOk);
                return;
            case net::ConnectionState::CertificateMismatch:
                finish(kExitCertificateMismatch, session->statusMessage());
                return;
            case net::ConnectionState::Connecting:
                connecting = true;
                return;
            case net::ConnectionState::Offline:
                // A command fails at once when the server cannot be reached; only a signed-in session
                // retries.
                if (connecting) {
                    finish(kExitOffline,
                        QStringLiteral("Cannot reach the clinic's server at %1.")
                            .arg(account.serverAddress()));
                }
                return;
            case net::ConnectionState::SignInNeeded:
                if (account.needsTotp() && !codeGiven) {
                    codeGiven = true;
                    auto code = readSecretLine("Authenticator code", "authenticator code");
                    if (!code) {
                        finish(fail(code.error()));
                        return;
                    }
                    session->signIn(code.value());
                    return;
                }
                finish(kExitRefused, session->statusMessage());
                return;
            case net::ConnectionState::SigningIn:
                return;
            }
        });
    session->start();
    if (exitCode < 0) {
        loop.exec();
    }
    if (exitCode != kExitOk) {
        return nullptr;
    }
    return session;
}

Result<QCborMap, protocol::ProtocolError> callServer(
    net::ClientSession& session, const char* type, QCborMap body)
{
    std::optional<Result<QCborMap, protocol::ProtocolError>> answer;
    QEventLoop loop;
    session.request(type, std::move(body), [&](Result<QCborMap, protocol::ProtocolError> reply) {
        answer.emplace(std::move(reply));
        loop.quit();
    });
    if (!answer) {
        loop.exec();
    }
    return std::move(*answer);
}

std::optional<SignedIn> openAndSignIn(Arguments& args, int& exitCode)
{
    SignedIn out;
    out.profile = openProfile(args, exitCode);
    if (!out.profile) {
        return std::nullopt;
    }
    auto account = loadServerAccount(*out.profile, exitCode);
    if (!account) {
        return std::nullopt;
    }
    out.account = std::move(*account);
    out.session = signInToServer(out.account, out.profile->identity(), exitCode);
    if (!out.session) {
        return std::nullopt;
    }
    return out;
}

int failRemote(const protocol::ProtocolError& error)
{
    switch (error.wire) {
    case protocol::WireError::Offline:
        return failWith(kExitOffline, error.message);
    case protocol::WireError::Throttled:
    case protocol::WireError::RateLimited:
        return failWith(kExitThrottled, error.message);
    default:
        return failWith(kExitRefused, error.message);
    }
}

} // namespace ward::ctl
