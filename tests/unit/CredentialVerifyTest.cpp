// Verification of clinic credentials: a genuine chain is accepted and its fields come back; every way a
// credential can be refused is produced here and comes back as its own CredentialProblem with its own
// sentence; validity periods include both ends, to the second.
#include "CredentialFixture.h"

#include "crypto/credential/CredentialText.h"
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/SignedEnvelope.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace ward;
using namespace ward::crypto::credential;
using ward::test::at;
using ward::test::TestOrganisation;

namespace {

IssuerFields issuerFields(const TestOrganisation& org, Validity validity)
{
    IssuerFields f = org.certificate.fields();
    f.validity = validity;
    return f;
}

// A credential whose certificate has the given validity (signed properly by the organisation).
QByteArray withIssuerValidity(const TestOrganisation& org, Validity validity)
{
    auto cert = IssuerCertificate::issue(issuerFields(org, validity), org.root);
    REQUIRE(cert.ok());
    auto credential = Credential::issue(org.fields(), org.issuing, cert.value());
    REQUIRE(credential.ok());
    return credential->encode();
}

// A certificate that names the organisation but was signed by `signer`.
IssuerCertificate forgedCertificate(const TestOrganisation& org, const SigningKey& signer)
{
    const QByteArray body = IssuerCertificate::encodeBody(org.certificate.fields());
    auto cert
        = IssuerCertificate::parse(test::envelope(body, signer.sign(SignedKind::IssuerCertificate, body)));
    REQUIRE(cert.ok());
    return std::move(cert).value();
}

} // namespace

TEST_CASE("A credential issued by the organisation verifies and returns what it binds", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.credentialBytes(7);
    CHECK(bytes.size() <= kMaxCredentialBytes);

    CredentialExpectations expect = at(test::kCredentialNow);
    expect.role = Role::Clinician;
    expect.deviceKey = org.deviceKey;
    auto verified = org.verifier().verify(bytes, expect);
    INFO((verified ? QString() : verified.error().message).toStdString());
    REQUIRE(verified.ok());
    CHECK(verified->fields() == org.fields(7));
    CHECK(verified->issuer().fields() == org.certificate.fields());
    CHECK(verified->encode() == bytes);
}

TEST_CASE("Credentials with the largest fields the format allows stay within the size limit", "[credential]")
{
    TestOrganisation org;
    IssuerFields issuer = org.certificate.fields();
    issuer.organisationName = QString(kMaxNameBytes / 2, QChar(0x00e9)); // two UTF-8 bytes each
    auto cert = IssuerCertificate::issue(issuer, org.root);
    REQUIRE(cert.ok());
    CredentialFields f = org.fields(kMaxSerial);
    f.userId = QString(kMaxUserIdBytes, QLatin1Char('u'));
    f.displayName = QString::fromUcs4(U"\U0001F469").repeated(kMaxNameBytes / 4); // 4 UTF-8 bytes each
    f.role = Role::Clinician;
    auto credential = Credential::issue(f, org.issuing, cert.value());
    REQUIRE(credential.ok());
    const QByteArray bytes = credential->encode();
    CHECK(bytes.size() <= kMaxCredentialBytes);
    auto verified = org.verifier().verify(bytes, at(test::kCredentialNow));
    REQUIRE(verified.ok());
    CHECK(verified->fields().displayName.toUtf8().size() == kMaxNameBytes);
    CHECK(verified->issuer().fields().organisationName == issuer.organisationName);

    f.userId += QLatin1Char('u');
    CHECK_FALSE(Credential::issue(f, org.issuing, cert.value()).ok());
}

TEST_CASE("Every reason to refuse a credential is reported as its own problem", "[credential]")
{
    TestOrganisation org;
    const SigningKey stranger = SigningKey::generate();
    std::map<CredentialProblem, QString> seen;
    const auto expectProblem = [&](const auto& result, CredentialProblem problem) {
        INFO("expected " << problemName(problem).toStdString());
        REQUIRE_FALSE(result.ok());
        INFO("got " << problemName(result.error().problem).toStdString() << ": "
                    << result.error().message.toStdString());
        CHECK(result.error().problem == problem);
        CHECK(result.error().code == errorCodeFor(problem));
        CHECK_FALSE(result.error().message.isEmpty());
        seen[problem] = result.error().message;
    };
    const CredentialExpectations now = at(test::kCredentialNow);

    expectProblem(org.verifier().verify(QByteArray("not a credential"), now), CredentialProblem::Malformed);
    {
        test::RawFields body = test::credentialBodyFields(org.fields());
        body[0].second = QCborValue(2);
        const QByteArray raw = test::rawMap(body);
        expectProblem(
            org.verifier().verify(test::credentialEnvelope(raw, org.issuing.sign(SignedKind::Credential, raw),
                                      org.certificate.encode()),
                now),
            CredentialProblem::UnsupportedVersion);
    }
    expectProblem(CredentialVerifier(stranger.publicKey()).verify(org.credentialBytes(), now),
        CredentialProblem::WrongOrganisation);
    {
        const IssuerCertificate forged = forgedCertificate(org, stranger);
        auto credential = Credential::issue(org.fields(), org.issuing, forged);
        REQUIRE(credential.ok());
        expectProblem(org.verifier().verify(credential->encode(), now), CredentialProblem::BadRootSignature);
    }
    const Validity later { test::kCredentialNow + 1, test::kCredentialNow + 100 };
    expectProblem(
        org.verifier().verify(withIssuerValidity(org, later), now), CredentialProblem::IssuerNotYetValid);
    const Validity earlier { test::kCredentialNow - 100, test::kCredentialNow - 1 };
    expectProblem(
        org.verifier().verify(withIssuerValidity(org, earlier), now), CredentialProblem::IssuerExpired);
    {
        CredentialVerifier verifier = org.verifier();
        REQUIRE(verifier.acceptRevocations(org.revocations(2, {}, { org.issuing.publicKey() })).ok());
        expectProblem(verifier.verify(org.credentialBytes(), now), CredentialProblem::IssuerRevoked);
    }
    {
        // Signed by another key that the credential names, carrying the organisation's certificate.
        CredentialFields f = org.fields();
        f.issuerKey = stranger.publicKey();
        const QByteArray body = Credential::encodeBody(f);
        expectProblem(
            org.verifier().verify(test::credentialEnvelope(body, stranger.sign(SignedKind::Credential, body),
                                      org.certificate.encode()),
                now),
            CredentialProblem::IssuerMismatch);
    }
    {
        // Names the real issuing key but was signed by another.
        const QByteArray body = Credential::encodeBody(org.fields());
        expectProblem(
            org.verifier().verify(test::credentialEnvelope(body, stranger.sign(SignedKind::Credential, body),
                                      org.certificate.encode()),
                now),
            CredentialProblem::BadIssuerSignature);
    }
    {
        CredentialFields f = org.fields();
        f.validity = later;
        expectProblem(org.verifier().verify(org.issue(f).encode(), now), CredentialProblem::NotYetValid);
        f.validity = earlier;
        expectProblem(org.verifier().verify(org.issue(f).encode(), now), CredentialProblem::Expired);
    }
    {
        CredentialVerifier verifier = org.verifier();
        REQUIRE(verifier.acceptRevocations(org.revocations(2, { 41, 42, 43 })).ok());
        expectProblem(verifier.verify(org.credentialBytes(42), now), CredentialProblem::Revoked);
        CHECK(verifier.verify(org.credentialBytes(44), now).ok());
    }
    {
        CredentialExpectations expect = now;
        expect.role = Role::Admin;
        expectProblem(org.verifier().verify(org.credentialBytes(), expect), CredentialProblem::WrongRole);
    }
    {
        CredentialExpectations expect = now;
        expect.deviceKey = stranger.publicKey();
        expectProblem(org.verifier().verify(org.credentialBytes(), expect), CredentialProblem::WrongDevice);
    }
    {
        RevocationFields f;
        f.organisationKey = org.root.publicKey();
        f.version = 2;
        const QByteArray body = RevocationList::encodeBody(f);
        CredentialVerifier verifier = org.verifier();
        expectProblem(
            verifier.acceptRevocations(test::envelope(body, stranger.sign(SignedKind::RevocationList, body))),
            CredentialProblem::BadRevocationSignature);
    }
    {
        CredentialVerifier verifier = org.verifier();
        REQUIRE(verifier.acceptRevocations(org.revocations(3, {})).ok());
        expectProblem(
            verifier.acceptRevocations(org.revocations(2, {})), CredentialProblem::StaleRevocationList);
    }

    // One entry per problem, and no two problems explained with the same sentence.
    CHECK(seen.size() == 16);
    std::set<QString> messages;
    for (const auto& [problem, message] : seen) {
        messages.insert(message);
    }
    CHECK(messages.size() == seen.size());
    std::set<QString> names;
    for (const auto& [problem, message] : seen) {
        names.insert(problemName(problem));
    }
    CHECK(names.size() == seen.size());
}

TEST_CASE("A credential is valid at both ends of its period and not a second outside", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.credentialBytes();
    const CredentialVerifier verifier = org.verifier();
    CHECK(verifier.verify(bytes, at(test::kCredentialNotBefore)).ok());
    CHECK(verifier.verify(bytes, at(test::kCredentialNotAfter)).ok());
    auto early = verifier.verify(bytes, at(test::kCredentialNotBefore - 1));
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().problem == CredentialProblem::NotYetValid);
    auto late = verifier.verify(bytes, at(test::kCredentialNotAfter + 1));
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().problem == CredentialProblem::Expired);
    CHECK(late.error().message.contains(utcText(test::kCredentialNotAfter)));
}

TEST_CASE("The issuing key's certificate is valid at both ends of its period only", "[credential]")
{
    TestOrganisation org;
    const Validity cert { test::kCredentialNow - 10, test::kCredentialNow + 10 };
    const QByteArray bytes = withIssuerValidity(org, cert);
    const CredentialVerifier verifier = org.verifier();
    CHECK(verifier.verify(bytes, at(cert.notBefore)).ok());
    CHECK(verifier.verify(bytes, at(cert.notAfter)).ok());
    auto early = verifier.verify(bytes, at(cert.notBefore - 1));
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().problem == CredentialProblem::IssuerNotYetValid);
    auto late = verifier.verify(bytes, at(cert.notAfter + 1));
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().problem == CredentialProblem::IssuerExpired);
}

TEST_CASE("Role and device are checked only when the caller expects one", "[credential]")
{
    TestOrganisation org;
    const QByteArray bytes = org.credentialBytes();
    for (const Role role : { Role::Patient, Role::Clinician, Role::Staff, Role::Admin }) {
        CredentialExpectations expect = at(test::kCredentialNow);
        expect.role = role;
        auto result = org.verifier().verify(bytes, expect);
        CHECK(result.ok() == (role == Role::Clinician));
        CHECK(parseRole(roleName(role)) == role);
    }
    CHECK_FALSE(parseRole(u"Clinician").has_value());
    CHECK_FALSE(parseRole(u"").has_value());

    CredentialExpectations expect = at(test::kCredentialNow);
    expect.deviceKey = org.deviceKey;
    CHECK(org.verifier().verify(bytes, expect).ok());
    QByteArray other = org.deviceKey;
    other[31] = static_cast<char>(other[31] ^ 1);
    expect.deviceKey = other;
    auto wrong = org.verifier().verify(bytes, expect);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().problem == CredentialProblem::WrongDevice);
}

TEST_CASE("Issuing refuses fields that do not match the signing key or the format", "[credential]")
{
    TestOrganisation org;
    const SigningKey stranger = SigningKey::generate();
    CHECK_FALSE(Credential::issue(org.fields(), stranger, org.certificate).ok());
    CredentialFields f = org.fields();
    f.serial = 0;
    CHECK_FALSE(Credential::issue(f, org.issuing, org.certificate).ok());
    f = org.fields();
    f.validity = { 10, 9 };
    CHECK_FALSE(Credential::issue(f, org.issuing, org.certificate).ok());
    f = org.fields();
    f.deviceKey.chop(1);
    CHECK_FALSE(Credential::issue(f, org.issuing, org.certificate).ok());

    IssuerFields issuer = org.certificate.fields();
    CHECK_FALSE(IssuerCertificate::issue(issuer, org.issuing).ok());
    issuer.validity.notAfter = kMaxTimeSeconds + 1;
    CHECK_FALSE(IssuerCertificate::issue(issuer, org.root).ok());
}
