// A clinic for credential tests: a root key, an issuing key with its certificate, and helpers that issue
// credentials and revocation lists, or build signed objects by hand (any body, any key, any signature
// domain) to stand in for a forger.
#pragma once

#include "crypto/credential/Credential.h"
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/RevocationList.h"
#include "crypto/credential/SigningKey.h"

#include <QByteArray>
#include <QCborValue>
#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace ward::test {

// "Now" in credential tests, and the validity periods around it.
inline constexpr std::int64_t kCredentialNow = 1'750'000'000;
inline constexpr std::int64_t kIssuerNotBefore = kCredentialNow - 100'000;
inline constexpr std::int64_t kIssuerNotAfter = kCredentialNow + 10'000'000;
inline constexpr std::int64_t kCredentialNotBefore = kCredentialNow - 1'000;
inline constexpr std::int64_t kCredentialNotAfter = kCredentialNow + 1'000'000;

struct TestOrganisation {
    TestOrganisation();

    crypto::credential::SigningKey root;
    crypto::credential::SigningKey issuing;
    crypto::credential::IssuerCertificate certificate;
    QByteArray deviceKey; // the holder's device identity key

    crypto::credential::CredentialFields fields(std::uint64_t serial = 42) const;
    crypto::credential::Credential issue(const crypto::credential::CredentialFields& fields) const;
    QByteArray credentialBytes(std::uint64_t serial = 42) const;
    QByteArray revocations(std::uint64_t version, std::vector<std::uint64_t> serials,
        std::vector<QByteArray> issuingKeys = {}) const;
    crypto::credential::CredentialVerifier verifier() const;
};

// A CBOR map written exactly as listed: any order, repeats, any value types.
using RawFields = std::vector<std::pair<QString, QCborValue>>;
QByteArray rawMap(const RawFields& fields);

// The fields of a canonical credential body for `fields`, as a RawFields list a test can then damage.
RawFields credentialBodyFields(const crypto::credential::CredentialFields& fields);

// An envelope around `body` with `signature` (and the issuer certificate for a credential).
QByteArray envelope(const QByteArray& body, const QByteArray& signature);
QByteArray credentialEnvelope(const QByteArray& body, const QByteArray& signature, const QByteArray& issuer);

crypto::credential::CredentialExpectations at(std::int64_t now);

} // namespace ward::test
