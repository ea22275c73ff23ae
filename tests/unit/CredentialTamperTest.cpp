// Tampering and signature reuse: changing any bit of any byte of a credential (issuer certificate
// included) or of a revocation list makes it fail, and a signature made for one kind of object never
// verifies as another, even when the same key made both.
#include "CredentialFixture.h"

#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/SignatureDomain.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto::credential;
using ward::test::at;
using ward::test::TestOrganisation;

namespace {

constexpr std::array<char, 3> kFlips { 0x01, 0x40, static_cast<char>(0x80) };

QByteArray flipped(QByteArray bytes, qsizetype at, char mask)
{
    bytes[at] = static_cast<char>(bytes[at] ^ mask);
    return bytes;
}

} // namespace

TEST_CASE("Changing any bit of a credential file makes verification fail", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.credentialBytes();
    const CredentialVerifier verifier = org.verifier();
    REQUIRE(verifier.verify(bytes, at(test::kCredentialNow)).ok());
    int refused = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        for (const char mask : kFlips) {
            auto result = verifier.verify(flipped(bytes, i, mask), at(test::kCredentialNow));
            if (result.ok()) {
                FAIL("byte " << i << " xor " << int(static_cast<unsigned char>(mask)) << " still verifies");
            }
            ++refused;
        }
    }
    CHECK(refused == bytes.size() * static_cast<qsizetype>(kFlips.size()));
}

TEST_CASE("Changing any bit of an issuer certificate breaks it", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.certificate.encode();
    REQUIRE(org.certificate.signedBy(org.root.publicKey()));
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        for (const char mask : kFlips) {
            auto cert = IssuerCertificate::parse(flipped(bytes, i, mask));
            if (cert.ok() && cert->signedBy(org.root.publicKey())
                && cert->fields().organisationKey == org.root.publicKey()) {
                FAIL("byte " << i << " xor " << int(static_cast<unsigned char>(mask)) << " still verifies");
            }
        }
    }
}

TEST_CASE("Changing any bit of a revocation list makes the verifier refuse it", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.revocations(5, { 3, 99, 1'000'000 }, { org.issuing.publicKey() });
    REQUIRE(org.verifier().acceptRevocations(bytes).ok());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        for (const char mask : kFlips) {
            CredentialVerifier verifier = org.verifier();
            if (verifier.acceptRevocations(flipped(bytes, i, mask)).ok()) {
                FAIL(
                    "byte " << i << " xor " << int(static_cast<unsigned char>(mask)) << " is still accepted");
            }
            CHECK(verifier.revocationVersionSeen() == 0);
        }
    }
}

TEST_CASE("Every prefix of a credential is refused as malformed", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.credentialBytes();
    for (qsizetype n = 0; n < bytes.size(); ++n) {
        auto result = org.verifier().verify(bytes.left(n), at(test::kCredentialNow));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::Malformed);
    }
}

TEST_CASE("A signature for one kind of object never verifies as another kind", "[credential]")
{
    const SigningKey key = SigningKey::generate();
    const QByteArray body("the same body bytes");
    const SignedKind kinds[]
        = { SignedKind::IssuerCertificate, SignedKind::Credential, SignedKind::RevocationList };
    for (const SignedKind signedAs : kinds) {
        const QByteArray signature = key.sign(signedAs, body);
        for (const SignedKind checkedAs : kinds) {
            CHECK(verifySignature(checkedAs, key.publicKey(), body, signature) == (signedAs == checkedAs));
        }
    }
    // No prefix is a prefix of another, so no body can be shifted to make one message look like another.
    for (const SignedKind a : kinds) {
        for (const SignedKind b : kinds) {
            if (a != b) {
                CHECK_FALSE(signaturePrefix(b).startsWith(signaturePrefix(a)));
            }
        }
        CHECK(signaturePrefix(a).endsWith('\0'));
    }
}

TEST_CASE("Objects signed by the right key under the wrong domain are refused", "[credential]")
{
    TestOrganisation org;
    const CredentialExpectations now = at(test::kCredentialNow);

    SECTION("a credential signed by the issuing key as if it were an issuer certificate")
    {
        const QByteArray body = Credential::encodeBody(org.fields());
        const QByteArray bytes = test::credentialEnvelope(
            body, org.issuing.sign(SignedKind::IssuerCertificate, body), org.certificate.encode());
        auto result = org.verifier().verify(bytes, now);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::BadIssuerSignature);
    }
    SECTION("an issuer certificate signed by the root as if it were a revocation list")
    {
        const QByteArray body = IssuerCertificate::encodeBody(org.certificate.fields());
        auto cert
            = IssuerCertificate::parse(test::envelope(body, org.root.sign(SignedKind::RevocationList, body)));
        REQUIRE(cert.ok());
        auto credential = Credential::issue(org.fields(), org.issuing, cert.value());
        REQUIRE(credential.ok());
        auto result = org.verifier().verify(credential->encode(), now);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::BadRootSignature);
    }
    SECTION("a revocation list signed by the root as if it were an issuer certificate")
    {
        RevocationFields f;
        f.organisationKey = org.root.publicKey();
        f.version = 9;
        f.serials = { 42 };
        const QByteArray body = RevocationList::encodeBody(f);
        CredentialVerifier verifier = org.verifier();
        auto result = verifier.acceptRevocations(
            test::envelope(body, org.root.sign(SignedKind::IssuerCertificate, body)));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::BadRevocationSignature);
        CHECK(verifier.revocationVersionSeen() == 0);
    }
    SECTION("an issuer certificate's envelope presented as a credential")
    {
        auto result = org.verifier().verify(org.certificate.encode(), now);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::Malformed);
    }
    SECTION("a revocation list presented as an issuer certificate")
    {
        auto cert = IssuerCertificate::parse(org.revocations(2, {}));
        REQUIRE_FALSE(cert.ok());
        CHECK(cert.error().problem == CredentialProblem::Malformed);
    }
}
