// A credential arrives from another device, in a handshake or a file. Parsing must never crash, and what
// parses must re-encode to exactly the input (one encoding per value: the signature covers the meaning),
// with an issuer certificate that re-encodes to the bytes it came from. Refusals must carry a sentence.
#include "crypto/credential/Credential.h"
#include "crypto/credential/CredentialVerifier.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::crypto::credential;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = Credential::parse(bytes);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    if (parsed->encode() != bytes || Credential::encodeBody(parsed->fields()) != parsed->body()) {
        std::abort();
    }
    auto issuer = IssuerCertificate::parse(parsed->issuer().encode());
    if (!issuer || issuer->fields() != parsed->issuer().fields()) {
        std::abort();
    }
    // The whole verifier runs too; the organisation key is the one the certificate names, so fuzzed input
    // reaches the signature, time and role checks.
    CredentialVerifier verifier(parsed->issuer().fields().organisationKey);
    CredentialExpectations expect;
    expect.now = parsed->fields().validity.notBefore;
    expect.role = Role::Clinician;
    auto verified = verifier.verify(parsed.value(), expect);
    if (!verified && verified.error().message.isEmpty()) {
        std::abort();
    }
    return 0;
}
