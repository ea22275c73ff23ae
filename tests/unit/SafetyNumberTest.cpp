// Safety numbers: the 60 digits and the scannable code for inputs of Ward's own, whose expected values were
// computed once with Python's hashlib following the published NumericFingerprint steps (an implementation
// independent of this one); then the properties that make them worth comparing: both sides see the same
// number, any change to a key or an account id changes it, a scanned code matches only when it comes from
// the other side of the same pair, and out-of-range input is refused.
#include "TestSupport.h"

#include "crypto/safety/SafetyNumber.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto::safety;

namespace {

// 0xED, then 32 bytes of Ward's own choosing (not real keys).
const QByteArray kLocalKey
    = QByteArray::fromHex("ed030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dc");
const QByteArray kRemoteKey
    = QByteArray::fromHex("edfff4e9ded3c8bdb2a79c91867b70655a4f44392e23180d02f7ece1d6cbc0b5aa");
// Account ids in Ward's form: the user id, '@', the organisation fingerprint's 64 hex digits.
const QString kOrganisationFingerprint
    = QStringLiteral("0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0 0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0");
const QByteArray kLocalId = "alice@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const QByteArray kRemoteId = "dr.ruiz@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

const SafetyParty kLocal { kLocalKey, kLocalId };
const SafetyParty kRemote { kRemoteKey, kRemoteId };

SafetyNumber compute(const SafetyParty& local, const SafetyParty& remote, int iterations = kDefaultIterations)
{
    auto number = SafetyNumber::compute(local, remote, iterations);
    REQUIRE(number.ok());
    return std::move(number).value();
}

QByteArray flipBit(QByteArray bytes, qsizetype bit)
{
    bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
    return bytes;
}

} // namespace

TEST_CASE("A safety number matches an independent computation at 5200 and at 2 iterations", "[safety-number]")
{
    // At 5200 iterations the local half (422961...) is the smaller and comes first; at 2 the remote one.
    const SafetyNumber number = compute(kLocal, kRemote);
    CHECK(number.digits() == QStringLiteral("422961547772185094413151891501896397939266083274844918138917"));
    CHECK(number.scannable().toHex()
        == QByteArray("085712220a20") + "56b24dfa78bac8dc91b5b2b75e0a19af71c986c1595d85aefecb4d985b0d9c8f"
            + "1a220a20" + "c7a8e237e7bd65f080e0313d6a2d4399184bf55c72ba605cfd2b5c9c4525284e");

    const SafetyNumber quick = compute(kLocal, kRemote, 2);
    CHECK(quick.digits() == QStringLiteral("167999498607478756953619153046803250963901480667970327346910"));
    CHECK(quick.scannable().mid(6, 32).toHex()
        == "fba4450e25a5d7ded8476598229a68e6c3c3cb6d93c50924a96c13b2b55ec100");
}

TEST_CASE("Both sides of a conversation compute the same 60 digits", "[safety-number]")
{
    const SafetyNumber mine = compute(kLocal, kRemote);
    const SafetyNumber theirs = compute(kRemote, kLocal);
    CHECK(mine.digits() == theirs.digits());
    CHECK(mine.digits().size() == 60);
    for (const QChar c : mine.digits()) {
        CHECK(c.isDigit());
    }
    for (int trial = 0; trial < 20; ++trial) {
        const SafetyParty a { QByteArray(1, '\xED') + test::randomHex(32).toLatin1(),
            test::randomHex(8).toUtf8() };
        const SafetyParty b { QByteArray(1, '\xED') + test::randomHex(32).toLatin1(),
            test::randomHex(8).toUtf8() };
        CHECK(compute(a, b, 16).digits() == compute(b, a, 16).digits());
    }
}

TEST_CASE("Flipping any bit of either key or either account id changes the safety number", "[safety-number]")
{
    const QString reference = compute(kLocal, kRemote, 2).digits();
    for (qsizetype bit = 0; bit < kLocalKey.size() * 8; ++bit) {
        INFO("key bit " << bit);
        CHECK(compute({ flipBit(kLocalKey, bit), kLocalId }, kRemote, 2).digits() != reference);
        CHECK(compute(kLocal, { flipBit(kRemoteKey, bit), kRemoteId }, 2).digits() != reference);
    }
    for (qsizetype bit = 0; bit < kLocalId.size() * 8; ++bit) {
        INFO("id bit " << bit);
        CHECK(compute({ kLocalKey, flipBit(kLocalId, bit) }, kRemote, 2).digits() != reference);
        CHECK(compute(kLocal, { kRemoteKey, flipBit(kRemoteId, bit) }, 2).digits() != reference);
    }
    // A different iteration count is a different number too.
    CHECK(compute(kLocal, kRemote, 3).digits() != reference);
}

TEST_CASE("A safety number needs 2 to 1,000,000 iterations and keys and ids of sane size", "[safety-number]")
{
    for (const int iterations : { -1, 0, 1, 1'000'001 }) {
        INFO(iterations);
        auto refused = SafetyNumber::compute(kLocal, kRemote, iterations);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::InvalidArgument);
        CHECK(refused.error().message.contains(QStringLiteral("2 to 1000000")));
    }
    CHECK(SafetyNumber::compute(kLocal, kRemote, kMinIterations).ok());
    CHECK(SafetyNumber::compute(kLocal, kRemote, kMaxIterations).ok());
    CHECK_FALSE(SafetyNumber::compute({ QByteArray(), kLocalId }, kRemote).ok());
    CHECK_FALSE(SafetyNumber::compute(kLocal, { QByteArray(kMaxKeyBytes + 1, 'k'), kRemoteId }).ok());
    CHECK_FALSE(SafetyNumber::compute(kLocal, { kRemoteKey, QByteArray(kMaxStableIdBytes + 1, 'i') }).ok());
}

TEST_CASE("A scanned code matches only the other side's code for the same pair", "[safety-number]")
{
    const SafetyNumber alice = compute(kLocal, kRemote, 64);
    const SafetyNumber bob = compute(kRemote, kLocal, 64);
    CHECK(alice.matchesScanned(bob.scannable()).value());
    CHECK(bob.matchesScanned(alice.scannable()).value());
    // Our own code has the halves the other way round: it is not what the other device shows.
    CHECK_FALSE(alice.matchesScanned(alice.scannable()).value());

    // Someone in the middle: Bob sees Mallory's key where Alice's should be.
    const SafetyParty mallory { QByteArray(1, '\xED') + QByteArray(32, 'm'), kLocalId };
    const SafetyNumber fooledBob = compute(kRemote, mallory, 64);
    CHECK_FALSE(alice.matchesScanned(fooledBob.scannable()).value());
    CHECK_FALSE(fooledBob.matchesScanned(alice.scannable()).value());

    // One flipped byte in either half of a scanned code is a mismatch, not a parse error.
    for (const qsizetype at : { 6, 37, 42, 73 }) {
        QByteArray scanned = bob.scannable();
        scanned[at] = static_cast<char>(scanned[at] ^ 0x01);
        CHECK_FALSE(alice.matchesScanned(scanned).value());
    }
}

TEST_CASE("Scanned bytes that are not a Ward safety number code are refused", "[safety-number]")
{
    const SafetyNumber alice = compute(kLocal, kRemote, 64);
    const QByteArray good = compute(kRemote, kLocal, 64).scannable();
    REQUIRE(good.size() == 74);

    auto otherVersion = SafetyNumber::compute(kRemote, kLocal, 64, 2);
    REQUIRE(otherVersion.ok());
    auto refused = alice.matchesScanned(otherVersion->scannable());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains(QStringLiteral("another app")));

    QList<QByteArray> bad = { QByteArray(), good.left(73), good + '\0', QByteArray(74, '\0') };
    for (const qsizetype at : { 0, 2, 3, 4, 5, 38, 39, 40, 41 }) {
        QByteArray framing = good;
        framing[at] = static_cast<char>(framing[at] ^ 0x40);
        bad.append(framing);
    }
    QByteArray longVersion = good;
    longVersion[1] = '\x80';
    bad.append(longVersion);
    for (const QByteArray& bytes : bad) {
        INFO(bytes.toHex().toStdString());
        auto parsed = alice.matchesScanned(bytes);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::InvalidArgument);
    }
    CHECK_FALSE(SafetyNumber::compute(kLocal, kRemote, 64, 128).ok());
}

TEST_CASE("The scannable layout is Signal's CombinedFingerprints encoding and parses back exactly",
    "[safety-number]")
{
    const ScannableSafetyNumber code { 0x57, QByteArray(32, '\x33'), QByteArray(32, '\xC4') };
    const QByteArray encoded = code.encode();
    CHECK(encoded.toHex()
        == QByteArray("085712220a20") + QByteArray(32, '\x33').toHex() + "1a220a20"
            + QByteArray(32, '\xC4').toHex());
    auto parsed = ScannableSafetyNumber::parse(encoded);
    REQUIRE(parsed.ok());
    CHECK(parsed->version == 0x57);
    CHECK(parsed->local == code.local);
    CHECK(parsed->remote == code.remote);
    CHECK(parsed->encode() == encoded);
}

TEST_CASE("Ward's safety number input is the key type 0xED, the Ed25519 key and user@organisation",
    "[safety-number]")
{
    const QByteArray publicKey = kLocalKey.mid(1);
    auto party = SafetyParty::forWardAccount(publicKey, QStringLiteral("alice"), kOrganisationFingerprint);
    REQUIRE(party.ok());
    CHECK(party->key == kLocalKey);
    CHECK(party->stableId == kLocalId);
    CHECK(compute(*party, kRemote).digits() == compute(kLocal, kRemote).digits());

    // The fingerprint may come with or without the spaces it is shown with.
    QString bare = kOrganisationFingerprint;
    bare.remove(QLatin1Char(' '));
    CHECK(SafetyParty::forWardAccount(publicKey, QStringLiteral("alice"), bare).value().stableId == kLocalId);
    // User ids are case-sensitive machine identifiers and may be e-mail addresses.
    CHECK(SafetyParty::forWardAccount(publicKey, QStringLiteral("Alice"), bare).value().stableId != kLocalId);
    CHECK(
        SafetyParty::forWardAccount(publicKey, QStringLiteral("a.b+c@clinic.example"), bare).value().stableId
        == "a.b+c@clinic.example@" + bare.toLatin1());

    for (const QString& user : { QString(), QStringLiteral("al ice"), QStringLiteral("jos\u00e9"),
             QStringLiteral("alice:admin"), QString(129, QLatin1Char('a')) }) {
        INFO(user.toStdString());
        CHECK_FALSE(SafetyParty::forWardAccount(publicKey, user, bare).ok());
    }
    for (const QString& org : { QString(), bare.left(62), bare + QStringLiteral("00"), bare.toUpper(),
             bare.left(63) + QLatin1Char('g') }) {
        INFO(org.toStdString());
        CHECK_FALSE(SafetyParty::forWardAccount(publicKey, QStringLiteral("alice"), org).ok());
    }
    CHECK_FALSE(SafetyParty::forWardAccount(publicKey.left(31), QStringLiteral("alice"), bare).ok());
    CHECK_FALSE(SafetyParty::forWardAccount(kLocalKey, QStringLiteral("alice"), bare).ok());
}
