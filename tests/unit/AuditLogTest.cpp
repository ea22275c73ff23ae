// The audit chain: an untouched log verifies; a changed, deleted, swapped or cut-off entry is found, and the
// first bad sequence number is the one that was touched. The tampering is done the way an attacker with the
// key would: plain SQL on the open database.
#include "TestSupport.h"

#include "store/AuditLog.h"
#include "store/Profile.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;

namespace {

struct Chain {
    QTemporaryDir dir;
    test::FakeClock clock;
    std::unique_ptr<ProfileSession> session
        = test::createProfile(dir.path(), test::fastOptions(clock.clock()));
    Database& db = session->database();
    AuditLog& audit = session->audit();
    std::int64_t entries = 0;

    Chain()
    {
        // Entry 1 is profile.created; add nine more.
        for (int i = 0; i < 9; ++i) {
            clock.advance(1000);
            REQUIRE(audit.append(AuditEvent::VisitViewed, QStringLiteral("visit %1").arg(i + 1)).ok());
        }
        entries = static_cast<std::int64_t>(audit.entries()->size());
        REQUIRE(entries == 10);
    }

    void sql(const char* statement)
    {
        const Status status = db.exec(statement);
        INFO((status ? QString() : status.error().message).toStdString());
        REQUIRE(status.ok());
    }

    AuditVerification verify()
    {
        auto result = audit.verify();
        INFO((result ? QString() : result.error().message).toStdString());
        REQUIRE(result.ok());
        return result.value();
    }
};

} // namespace

TEST_CASE("An untouched audit log verifies", "[store][audit]")
{
    Chain chain;
    const AuditVerification v = chain.verify();
    CHECK(v.intact);
    CHECK(v.entries == 10);
    CHECK(v.firstBadSeq == 0);
    CHECK(v.problem.isEmpty());

    auto entries = chain.audit.entries();
    REQUIRE(entries.ok());
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const AuditEntry& e = entries->at(i);
        CHECK(e.seq == static_cast<std::int64_t>(i) + 1);
        CHECK(e.hash.size() == qsizetype(AuditLog::kHashBytes));
        CHECK(e.hash == AuditLog::entryHash(e.prevHash, e.seq, e.atMs, e.event, e.detail));
        if (i > 0) {
            CHECK(e.prevHash == entries->at(i - 1).hash);
            CHECK(e.atMs >= entries->at(i - 1).atMs);
        }
    }
    CHECK(entries->front().event == QStringLiteral("profile.created"));
    CHECK(entries->front().prevHash == QByteArray(AuditLog::kHashBytes, '\0'));
}

TEST_CASE("A changed audit entry is found", "[store][audit]")
{
    Chain chain;
    SECTION("its detail")
    {
        chain.sql("UPDATE audit_log SET detail = 'visit 99' WHERE seq = 4");
    }
    SECTION("its event")
    {
        chain.sql("UPDATE audit_log SET event = 'visit.created' WHERE seq = 4");
    }
    SECTION("its time")
    {
        chain.sql("UPDATE audit_log SET at = at + 1 WHERE seq = 4");
    }
    SECTION("its hash, recomputed by the attacker for the new detail")
    {
        auto entries = chain.audit.entries();
        REQUIRE(entries.ok());
        const AuditEntry& e = entries->at(3);
        const QByteArray forged
            = AuditLog::entryHash(e.prevHash, e.seq, e.atMs, e.event, QStringLiteral("forged"));
        auto stmt = chain.db.prepare("UPDATE audit_log SET detail = 'forged', hash = ? WHERE seq = 4");
        REQUIRE(stmt.ok());
        stmt->bind(1, forged);
        REQUIRE(stmt->run().ok());
        // Entry 4 now checks out on its own; entry 5 no longer follows it.
        const AuditVerification v = chain.verify();
        CHECK_FALSE(v.intact);
        CHECK(v.firstBadSeq == 5);
        return;
    }
    const AuditVerification v = chain.verify();
    CHECK_FALSE(v.intact);
    CHECK(v.firstBadSeq == 4);
    CHECK(v.problem.contains(QStringLiteral("4")));
}

TEST_CASE("A deleted middle audit entry is found", "[store][audit]")
{
    Chain chain;
    chain.sql("DELETE FROM audit_log WHERE seq = 6");
    const AuditVerification v = chain.verify();
    CHECK_FALSE(v.intact);
    CHECK(v.firstBadSeq == 6);
    CHECK(v.problem.contains(QStringLiteral("6")));
}

TEST_CASE("Two swapped audit entries are found", "[store][audit]")
{
    Chain chain;
    // Entries 3 and 4 trade places.
    chain.sql("UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; "
              "UPDATE audit_log SET seq = 4 WHERE seq = -1");
    const AuditVerification v = chain.verify();
    CHECK_FALSE(v.intact);
    CHECK(v.firstBadSeq == 3);
}

TEST_CASE("A cut-off tail of the audit log is found, also after new entries", "[store][audit]")
{
    Chain chain;
    chain.sql("DELETE FROM audit_log WHERE seq >= 9");
    {
        const AuditVerification v = chain.verify();
        CHECK_FALSE(v.intact);
        CHECK(v.firstBadSeq == 9);
        CHECK(v.entries == 8);
        CHECK(v.problem.contains(QStringLiteral("9")));
    }

    // Life goes on: new entries do not paper over the gap.
    chain.clock.advance(1000);
    REQUIRE(chain.audit.append(AuditEvent::ProfileLocked, QStringLiteral("user")).ok());
    REQUIRE(chain.audit.append(AuditEvent::ProfileUnlocked).ok());
    {
        const AuditVerification v = chain.verify();
        CHECK_FALSE(v.intact);
        CHECK(v.firstBadSeq == 9);
    }
    auto entries = chain.audit.entries();
    REQUIRE(entries.ok());
    CHECK(entries->back().seq == 12);
}

TEST_CASE("Entries written after a verified log keep it intact across sessions", "[store][audit]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    {
        auto created = test::createProfile(dir.path(), test::fastOptions(clock.clock()));
        REQUIRE(created->recordLock(QStringLiteral("user")).ok());
    }
    for (int i = 0; i < 3; ++i) {
        clock.advance(1000);
        auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase), clock.clock());
        REQUIRE(session.ok());
        REQUIRE(session.value()->recordLock(QStringLiteral("idle")).ok());
    }
    auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase), clock.clock());
    REQUIRE(session.ok());
    auto v = session.value()->audit().verify();
    REQUIRE(v.ok());
    CHECK(v->intact);
    auto entries = session.value()->audit().entries();
    REQUIRE(entries.ok());
    QStringList events;
    for (const AuditEntry& e : entries.value()) {
        events.append(e.event);
    }
    CHECK(events.join(QLatin1Char(' '))
        == QStringLiteral("profile.created profile.locked profile.unlocked profile.locked profile.unlocked "
                          "profile.locked profile.unlocked profile.locked profile.unlocked"));
    CHECK(entries->back().detail.isEmpty());
}
