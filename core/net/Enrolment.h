// Enrols this device with a clinic from an invitation link: connects with the link's certificate pin,
// proves possession of the device key by signing a fresh challenge, checks that the organisation key the
// server presents matches the link's fingerprint and that the issuer certificate and (for clinic roles)
// the credential verify against it, and, for clinic roles, sets up TOTP: totpSetupNeeded() hands over the
// otpauth link for the QR code and confirm() sends the first code. finished() gives the ServerAccount to
// save in the profile. A wrong code can be retried; any other failure ends the enrolment with a sentence
// saying what to do. QObject on the creating thread; `identity` must outlive it.
#pragma once

#include "crypto/SecretBytes.h"
#include "net/ServerAccount.h"
#include "protocol/EnrolmentLink.h"

#include <QObject>
#include <memory>

namespace ward::crypto {
class DeviceIdentity;
}

namespace ward::net {

class Enrolment : public QObject {
    Q_OBJECT
public:
    // Why an enrolment failed, for callers that act on it (wardctl's exit status).
    enum class Failure { Refused, Unreachable, CertificateMismatch, Untrusted };

    Enrolment(protocol::EnrolmentLink link, const crypto::DeviceIdentity& identity, QString deviceName,
        QObject* parent = nullptr);
    ~Enrolment() override;

    void start();
    // The first code from the authenticator, after totpSetupNeeded().
    void confirm(const crypto::SecretBytes& totpCode);
    // The otpauth:// link to show as a QR code (valid after totpSetupNeeded()). Empty for a further device
    // of a clinic account: the person confirms with the authenticator they already have.
    const crypto::SecretBytes& totpUri() const;
    // Valid after failed().
    Failure failure() const;

signals:
    void totpSetupNeeded();
    // The code was wrong: the person may type another.
    void totpRejected(const QString& message);
    void finished(const ward::net::ServerAccount& account);
    void failed(const QString& message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ward::net
