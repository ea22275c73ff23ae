// Revocation lists: signed by the organisation root, with a version that only grows. A verifier that has
// seen version N refuses anything older and keeps the newer list in force, so an old list replayed by an
// attacker cannot bring a revoked credential or issuing key back.
#include "CredentialFixture.h"

#include "crypto/credential/CredentialVerifier.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto::credential;
using ward::test::at;
using ward::test::TestOrganisation;

TEST_CASE("An older revocation list is refused and the newer one stays in force", "[credential]")
{
    TestOrganisation org;
    CredentialVerifier verifier = org.verifier();
    const QByteArray v2 = org.revocations(2, {});
    const QByteArray v3 = org.revocations(3, { 42 });
    REQUIRE(verifier.acceptRevocations(v2).ok());
    REQUIRE(verifier.acceptRevocations(v3).ok());
    CHECK(verifier.revocationVersionSeen() == 3);

    auto rollback = verifier.acceptRevocations(v2);
    REQUIRE_FALSE(rollback.ok());
    CHECK(rollback.error().problem == CredentialProblem::StaleRevocationList);
    CHECK(verifier.revocationVersionSeen() == 3);

    auto still = verifier.verify(org.credentialBytes(42), at(test::kCredentialNow));
    REQUIRE_FALSE(still.ok());
    CHECK(still.error().problem == CredentialProblem::Revoked);

    SECTION("the same list again is fine")
    {
        CHECK(verifier.acceptRevocations(v3).ok());
    }
    SECTION("a different list with the same version is refused")
    {
        auto conflicting = verifier.acceptRevocations(org.revocations(3, {}));
        REQUIRE_FALSE(conflicting.ok());
        CHECK(conflicting.error().problem == CredentialProblem::StaleRevocationList);
        CHECK_FALSE(verifier.verify(org.credentialBytes(42), at(test::kCredentialNow)).ok());
    }
    SECTION("a newer list replaces it")
    {
        REQUIRE(verifier.acceptRevocations(org.revocations(4, { 43 })).ok());
        CHECK(verifier.revocationVersionSeen() == 4);
        CHECK(verifier.verify(org.credentialBytes(42), at(test::kCredentialNow)).ok());
        CHECK_FALSE(verifier.verify(org.credentialBytes(43), at(test::kCredentialNow)).ok());
    }
}

TEST_CASE("A verifier restarted with the version it had seen still refuses older lists", "[credential]")
{
    TestOrganisation org;
    CredentialVerifier verifier(org.root.publicKey(), 5);
    auto old = verifier.acceptRevocations(org.revocations(4, {}));
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().problem == CredentialProblem::StaleRevocationList);
    CHECK(old.error().message.contains(QLatin1String("version 4")));
    CHECK(verifier.acceptRevocations(org.revocations(5, {})).ok());
    CHECK(verifier.acceptRevocations(org.revocations(6, {})).ok());
    CHECK(verifier.revocationVersionSeen() == 6);
}

TEST_CASE("A revocation list of another organisation is refused", "[credential]")
{
    TestOrganisation org;
    TestOrganisation other;
    CredentialVerifier verifier = org.verifier();
    auto result = verifier.acceptRevocations(other.revocations(7, { 42 }));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().problem == CredentialProblem::WrongOrganisation);
    CHECK(verifier.revocationVersionSeen() == 0);
    CHECK(verifier.verify(org.credentialBytes(42), at(test::kCredentialNow)).ok());
}

TEST_CASE("Revoking an issuing key refuses every credential it issued", "[credential]")
{
    TestOrganisation org;
    CredentialVerifier verifier = org.verifier();
    REQUIRE(verifier.acceptRevocations(org.revocations(2, {}, { org.issuing.publicKey() })).ok());
    for (const std::uint64_t serial : { 1, 2, 3 }) {
        auto result = verifier.verify(org.credentialBytes(serial), at(test::kCredentialNow));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().problem == CredentialProblem::IssuerRevoked);
    }
}

TEST_CASE("Revocation lists are sorted, de-duplicated and bounded when issued", "[credential]")
{
    TestOrganisation org;
    RevocationFields f;
    f.organisationKey = org.root.publicKey();
    f.version = 2;
    f.serials = { 9, 3, 9, 1 };
    auto list = RevocationList::issue(f, org.root);
    REQUIRE(list.ok());
    CHECK(list->fields().serials == std::vector<std::uint64_t> { 1, 3, 9 });
    CHECK(list->revokesSerial(3));
    CHECK_FALSE(list->revokesSerial(4));
    auto parsed = RevocationList::parse(list->encode());
    REQUIRE(parsed.ok());
    CHECK(parsed->fields() == list->fields());

    // The documented bound at its worst: every serial takes the full 9 bytes, every issuing key slot is used.
    f.serials.assign(kMaxRevokedSerials + 1, 0);
    for (std::size_t i = 0; i < f.serials.size(); ++i) {
        f.serials[i] = kMaxSerial - i;
    }
    for (std::size_t i = 0; i < kMaxRevokedIssuers; ++i) {
        QByteArray key(32, '\x7f');
        key[0] = static_cast<char>(i >> 8);
        key[1] = static_cast<char>(i & 0xff);
        f.issuingKeys.push_back(key);
    }
    CHECK_FALSE(RevocationList::issue(f, org.root).ok());
    f.serials.pop_back();
    auto largest = RevocationList::issue(f, org.root);
    REQUIRE(largest.ok());
    const QByteArray bytes = largest->encode();
    CHECK(bytes.size() <= kMaxRevocationListBytes);
    CredentialVerifier verifier = org.verifier();
    REQUIRE(verifier.acceptRevocations(bytes).ok());
    CHECK_FALSE(verifier.verify(org.credentialBytes(kMaxSerial - 5), at(test::kCredentialNow)).ok());
    CHECK(verifier.verify(org.credentialBytes(42), at(test::kCredentialNow)).ok());
    f.issuingKeys.push_back(QByteArray(32, '\x7e'));
    CHECK_FALSE(RevocationList::issue(f, org.root).ok());
    f.issuingKeys.clear();

    f.serials = { 0 };
    CHECK_FALSE(RevocationList::issue(f, org.root).ok());
    f.serials = {};
    f.version = 0;
    CHECK_FALSE(RevocationList::issue(f, org.root).ok());
}
