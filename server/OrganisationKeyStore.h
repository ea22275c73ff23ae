// The organisation's root and issuing keys in the server store (org_keys: the 32-byte seed and the public
// key of each), and the root's certificate for the issuing key (base64 in settings). The store is SQLCipher,
// so the seeds are encrypted at rest; in memory they only ever live in SecretBytes.
#pragma once

#include "common/Result.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"

namespace ward::store {
class Database;
}

namespace ward::server {

inline constexpr char kSettingIssuerCertificate[] = "server.issuer_certificate";

struct OrganisationKeys {
    crypto::credential::SigningKey root;
    crypto::credential::SigningKey issuing;
    crypto::credential::IssuerCertificate issuerCertificate;
};

// New root and issuing keys and a certificate for `organisationName`, valid from an hour ago for 5 years.
Result<OrganisationKeys> generateOrganisationKeys(const QString& organisationName, std::int64_t nowSeconds);

Status storeOrganisationKeys(store::Database& db, const OrganisationKeys& keys);
// Corrupt when a key is missing, a seed does not give its stored public key, or the certificate does not
// match the keys.
Result<OrganisationKeys> loadOrganisationKeys(store::Database& db);

} // namespace ward::server
