// What a profile knows about the clinic it enrolled with: where the server is, the pins (TLS certificate
// and organisation key) taken from the invitation, the issuer certificate and this device's clinic
// credential, and who the person is there. Stored in the profile's encrypted settings; nothing here is a
// secret (the device keys stay in the vault).
#pragma once

#include "common/Result.h"
#include "crypto/credential/Role.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace ward::store {
class SettingsRepository;
}

namespace ward::net {

struct ServerAccount {
    QString host;
    std::uint16_t port = 0;
    QByteArray certificatePin; // 32 bytes
    QByteArray organisationKey; // 32 bytes
    QByteArray issuerCertificate; // encoded IssuerCertificate
    QByteArray credential; // encoded Credential; empty for patients
    QString serverName; // the clinic's name
    QString userId;
    QString displayName;
    crypto::credential::Role role = crypto::credential::Role::Patient;
    QString room; // for a patient: the clinician whose waiting room they check in to (may be empty)

    bool needsTotp() const { return role != crypto::credential::Role::Patient; }
    QString serverAddress() const;

    // Nothing when the profile has not enrolled; Corrupt when the stored values do not make sense.
    static Result<std::optional<ServerAccount>> load(store::SettingsRepository& settings);
    Status save(store::SettingsRepository& settings) const;
};

} // namespace ward::net
