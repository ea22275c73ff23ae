// What the server is, loaded from its data folder at start: the clinic's name, the address invitations
// name, the pin of its TLS certificate, the organisation key devices pin, and the issuing key (with the
// root's certificate for it) that signs clinic credentials. TURN settings come from the command line.
#pragma once

#include "crypto/SecretBytes.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ward::server {

struct ServerIdentity {
    QString name;
    QString address; // host:port, as written into invitations
    QByteArray certificatePin; // protocol::certificatePin of the TLS certificate
    QByteArray organisationKey; // the root public key
    crypto::credential::IssuerCertificate issuerCertificate;
    crypto::credential::SigningKey issuingKey;
};

struct TurnSettings {
    QStringList uris; // turn:host:port?transport=udp, turns:..., as given to `run --turn-uri`
    crypto::SecretBytes sharedSecret; // empty when no --turn-secret-file was given
    std::int64_t lifetimeSeconds = 3600;
};

} // namespace ward::server
