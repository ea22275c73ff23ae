// The strict CBOR codec of credentials and revocation lists: one encoding per value, and everything else is
// refused as Malformed before any signature is checked, even when the damaged bytes carry a valid signature:
// unknown, missing, repeated or reordered fields, wrong types, non-minimal or indefinite encodings, tags,
// trailing bytes, bad UTF-8, text that could mislead a person, and objects over their size limit.
#include "CredentialFixture.h"

#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/CredentialText.h"
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/SignedEnvelope.h"

#include <QCborArray>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto::credential;
using ward::test::at;
using ward::test::RawFields;
using ward::test::TestOrganisation;

namespace {

// The body bytes signed properly by the issuing key, wrapped with the organisation's certificate, verified.
CredentialResult<Credential> verifySigned(const TestOrganisation& org, const QByteArray& body)
{
    const QByteArray bytes = test::credentialEnvelope(
        body, org.issuing.sign(SignedKind::Credential, body), org.certificate.encode());
    return org.verifier().verify(bytes, at(test::kCredentialNow));
}

void requireMalformed(const CredentialResult<Credential>& result, const char* detail)
{
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message.toStdString());
    CHECK(result.error().problem == CredentialProblem::Malformed);
    CHECK(result.error().code == ErrorCode::Corrupt);
    CHECK(result.error().message.contains(QLatin1String(detail)));
}

} // namespace

TEST_CASE("The hand-built canonical body is exactly what the codec writes", "[credential]")
{
    // Guards the helpers below: damage is then the only difference from a genuine body.
    TestOrganisation org;
    const QByteArray body = test::rawMap(test::credentialBodyFields(org.fields()));
    CHECK(body == Credential::encodeBody(org.fields()));
    CHECK(verifySigned(org, body).ok());
}

TEST_CASE(
    "Credential bodies that break the structure are refused even with a valid signature", "[credential]")
{
    TestOrganisation org;
    RawFields fields = test::credentialBodyFields(org.fields());

    SECTION("unknown field")
    {
        fields.emplace_back(QStringLiteral("zzzzzzz"), QCborValue(1));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "unknown field 'zzzzzzz'");
    }
    SECTION("unknown field in the middle")
    {
        fields.insert(fields.begin() + 3, { QStringLiteral("nbg"), QCborValue(1) });
        requireMalformed(verifySigned(org, test::rawMap(fields)), "unknown field 'nbg'");
    }
    SECTION("duplicate field")
    {
        fields.push_back(fields[4]);
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'role' appears twice");
    }
    SECTION("missing field")
    {
        fields.pop_back();
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'serial' is missing");
    }
    SECTION("fields out of order")
    {
        std::swap(fields[1], fields[2]);
        requireMalformed(verifySigned(org, test::rawMap(fields)), "out of order");
    }
    SECTION("wrong type: text where bytes belong")
    {
        fields[6].second = QCborValue(QString::fromLatin1(org.deviceKey.toHex()));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'device' is not a byte string");
    }
    SECTION("wrong type: negative integer")
    {
        fields[8].second = QCborValue(-42);
        requireMalformed(
            verifySigned(org, test::rawMap(fields)), "field 'serial' is not an unsigned integer");
    }
    SECTION("wrong type: a tagged value")
    {
        fields[1].second = QCborValue(
            QCborKnownTags::UnixTime_t, QCborValue(static_cast<qint64>(test::kCredentialNotAfter)));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'naf' is not an unsigned integer");
    }
    SECTION("wrong size of a key")
    {
        fields[6].second = QCborValue(org.deviceKey.left(31));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'device' has the wrong size");
    }
    SECTION("serial zero")
    {
        fields[8].second = QCborValue(0);
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'serial' is out of range");
    }
    SECTION("time past the year 9999")
    {
        fields[1].second = QCborValue(static_cast<qint64>(kMaxTimeSeconds + 1));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "field 'naf' is out of range");
    }
    SECTION("not-after before not-before")
    {
        fields[1].second = QCborValue(static_cast<qint64>(test::kCredentialNotBefore - 1));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "validity period");
    }
    SECTION("unknown role")
    {
        fields[4].second = QCborValue(QStringLiteral("superuser"));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "unknown role");
    }
    SECTION("a name with a right-to-left override")
    {
        fields[3].second = QCborValue(QStringLiteral("Dr. Okafor\u202Erotcod"));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "name");
    }
    SECTION("a user id with a space")
    {
        fields[5].second = QCborValue(QStringLiteral("dr okafor"));
        requireMalformed(verifySigned(org, test::rawMap(fields)), "user id");
    }
    SECTION("trailing bytes after the body")
    {
        requireMalformed(verifySigned(org, test::rawMap(fields) + '\0'), "bytes after the end");
    }
    SECTION("a non-minimal integer encoding")
    {
        QByteArray body = test::rawMap(fields);
        // "v": 1 is a1 61 76 01 at the start; 18 01 is the same number in a longer header.
        REQUIRE(body.mid(1, 3) == QByteArray::fromHex("617601"));
        body.replace(3, 1, QByteArray::fromHex("1801"));
        requireMalformed(verifySigned(org, body), "canonical");
    }
    SECTION("an indefinite-length map")
    {
        QByteArray body = test::rawMap(fields);
        body[0] = static_cast<char>(0xbf);
        body.append(static_cast<char>(0xff));
        requireMalformed(verifySigned(org, body), "indefinite length");
    }
    SECTION("invalid UTF-8 in the name")
    {
        fields[3].second = QCborValue(QStringLiteral("Dr. Okafo\u00e9"));
        QByteArray body = test::rawMap(fields);
        const qsizetype at = body.indexOf(QByteArray("Okafo")) + 5;
        REQUIRE(static_cast<unsigned char>(body[at]) == 0xc3);
        body[at + 1] = 'x'; // the continuation byte is gone
        requireMalformed(verifySigned(org, body), "UTF-8");
    }
    SECTION("the body is an array, not a map")
    {
        requireMalformed(verifySigned(org, QCborValue(QCborArray { 1, 2 }).toCbor()), "not a map");
    }
}

TEST_CASE("Envelopes that break the structure are refused", "[credential]")
{
    TestOrganisation org;
    const QByteArray body = Credential::encodeBody(org.fields());
    const QByteArray signature = org.issuing.sign(SignedKind::Credential, body);
    const QByteArray issuer = org.certificate.encode();
    const auto verify
        = [&](const QByteArray& bytes) { return org.verifier().verify(bytes, at(test::kCredentialNow)); };

    REQUIRE(verify(test::credentialEnvelope(body, signature, issuer)).ok());
    requireMalformed(verify(QByteArray()), "empty");
    requireMalformed(verify(test::credentialEnvelope(body, signature, issuer) + '\0'), "bytes after the end");
    requireMalformed(verify(test::envelope(body, signature)), "field 'issuer' is missing");
    requireMalformed(verify(test::credentialEnvelope(body, signature.left(63), issuer)), "field 'sig'");
    requireMalformed(verify(test::credentialEnvelope(body, signature, issuer.left(issuer.size() - 1))),
        "issuer certificate");
    requireMalformed(
        verify(test::rawMap({ { QStringLiteral("v"), QCborValue(1) },
            { QStringLiteral("sig"), QCborValue(signature) }, { QStringLiteral("body"), QCborValue(body) },
            { QStringLiteral("issuer"), QCborValue(issuer) },
            { QStringLiteral("extra"), QCborValue(true) } })),
        "unknown field 'extra'");

    auto newer = verify(test::rawMap({ { QStringLiteral("v"), QCborValue(2) },
        { QStringLiteral("sig"), QCborValue(signature) }, { QStringLiteral("body"), QCborValue(body) },
        { QStringLiteral("issuer"), QCborValue(issuer) } }));
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().problem == CredentialProblem::UnsupportedVersion);
    CHECK(newer.error().code == ErrorCode::TooNew);
}

TEST_CASE("Objects larger than their limit are refused before they are decoded", "[credential]")
{
    TestOrganisation org;
    const QByteArray big(kMaxCredentialBytes - 200, 'x');
    const QByteArray body = Credential::encodeBody(org.fields());
    // A well-formed envelope whose issuer field is padded past the limit.
    const QByteArray oversized
        = test::credentialEnvelope(body, org.issuing.sign(SignedKind::Credential, body), big + big);
    REQUIRE(oversized.size() > kMaxCredentialBytes);
    requireMalformed(org.verifier().verify(oversized, at(test::kCredentialNow)), "larger than 4096 bytes");

    auto cert = IssuerCertificate::parse(
        test::envelope(QByteArray(kMaxIssuerCertificateBytes, 'x'), QByteArray(64, 's')));
    REQUIRE_FALSE(cert.ok());
    CHECK(cert.error().message.contains(QLatin1String("larger than 1024 bytes")));

    auto list = RevocationList::parse(QByteArray(kMaxRevocationListBytes + 1, '\xa3'));
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().problem == CredentialProblem::Malformed);
    CHECK(list.error().message.contains(QLatin1String("larger than 1048576 bytes")));
}

TEST_CASE("A revocation list claiming more entries than allowed is refused", "[credential]")
{
    TestOrganisation org;
    // The array header claims 100 001 serials; refused from the header, before anything is read.
    QByteArray serials = QByteArray::fromHex("9a000186a1");
    QByteArray body = test::rawMap(
        { { QStringLiteral("v"), QCborValue(1) }, { QStringLiteral("org"), QCborValue(org.root.publicKey()) },
            { QStringLiteral("issued"), QCborValue(0) },
            { QStringLiteral("issuers"), QCborValue(QCborArray()) } });
    body[0] = static_cast<char>(0xa6); // six fields: the two below follow
    body += QByteArray::fromHex("6773657269616c73") + serials; // "serials": header only
    const QByteArray bytes = test::envelope(body, org.root.sign(SignedKind::RevocationList, body));
    auto list = RevocationList::parse(bytes);
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().message.contains(QLatin1String("more than 100000 items")));

    SECTION("serials out of order")
    {
        const QByteArray sorted = org.revocations(2, { 5, 6 });
        auto parsed = RevocationList::parse(sorted);
        REQUIRE(parsed.ok());
        RevocationFields f = parsed->fields();
        std::swap(f.serials[0], f.serials[1]);
        const QByteArray unsortedBody = RevocationList::encodeBody(f);
        auto unsorted = RevocationList::parse(
            test::envelope(unsortedBody, org.root.sign(SignedKind::RevocationList, unsortedBody)));
        REQUIRE_FALSE(unsorted.ok());
        CHECK(unsorted.error().message.contains(QLatin1String("ascending")));
    }
}

TEST_CASE("What parses re-encodes to the same bytes", "[credential]")
{
    TestOrganisation org;
    const QByteArray credential = org.credentialBytes();
    auto parsed = Credential::parse(credential);
    REQUIRE(parsed.ok());
    CHECK(parsed->encode() == credential);
    CHECK(parsed->issuer().encode() == org.certificate.encode());

    const QByteArray list = org.revocations(3, { 1, 2 }, { org.issuing.publicKey() });
    auto parsedList = RevocationList::parse(list);
    REQUIRE(parsedList.ok());
    CHECK(parsedList->encode() == list);
}

TEST_CASE("The codec's own key lists are in deterministic order", "[credential]")
{
    CHECK(cborKeysCanonical({ "v", "sig", "body", "issuer" }));
    CHECK(cborKeysCanonical({ "v", "naf", "nbf", "name", "role", "user", "device", "issuer", "serial" }));
    CHECK_FALSE(cborKeysCanonical({ "v", "nbf", "naf" }));
    CHECK_FALSE(cborKeysCanonical({ "v", "v" }));
    CHECK_FALSE(cborKeysCanonical({ "body", "sig" }));
}

TEST_CASE("Display names and user ids follow the text rules", "[credential]")
{
    CHECK(validDisplayName(QStringLiteral("Dr. Zoë Okafor-Nguyen")));
    CHECK(validDisplayName(QStringLiteral("李医生")));
    CHECK(validDisplayName(QString::fromUcs4(U"Nurse \U0001F469")));
    CHECK_FALSE(validDisplayName(QString()));
    CHECK_FALSE(validDisplayName(QStringLiteral(" Dr. Okafor")));
    CHECK_FALSE(validDisplayName(QStringLiteral("Dr. Okafor ")));
    CHECK_FALSE(validDisplayName(QStringLiteral("Dr.\nOkafor")));
    CHECK_FALSE(validDisplayName(QStringLiteral("Dr. Oka\u200Dfor"))); // zero-width joiner
    CHECK_FALSE(validDisplayName(QStringLiteral("Dr. \u202EOkafor"))); // right-to-left override
    CHECK_FALSE(validDisplayName(QStringLiteral("Zoe\u0308"))); // not NFC
    CHECK_FALSE(validDisplayName(QStringLiteral("Dr. \uE000"))); // private use
    CHECK_FALSE(validDisplayName(QString(QChar(0xD800)) + QStringLiteral("x"))); // lone surrogate
    CHECK_FALSE(validDisplayName(QString(kMaxNameBytes + 1, QLatin1Char('a'))));
    CHECK(validDisplayName(QString(kMaxNameBytes, QLatin1Char('a'))));

    CHECK(validUserId(QStringLiteral("dr.okafor+ward@riverside.example")));
    CHECK(validUserId(QStringLiteral("3f2b9c1e-8d4a-4c59-9a43-2f6c7a1b0d55")));
    CHECK_FALSE(validUserId(QString()));
    CHECK_FALSE(validUserId(QStringLiteral("dr okafor")));
    CHECK_FALSE(validUserId(QStringLiteral("dr/okafor")));
    CHECK_FALSE(validUserId(QStringLiteral("zoë")));
    CHECK_FALSE(validUserId(QString(kMaxUserIdBytes + 1, QLatin1Char('a'))));
}
