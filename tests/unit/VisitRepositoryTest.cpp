// The visit history: what is added can be read back, lists are newest first and page cleanly, search finds
// words by prefix and without accents and never chokes on what a person types, notes can be changed, and
// every add, view, change and export leaves its audit entry.
#include "TestSupport.h"

#include "store/AuditLog.h"
#include "store/Profile.h"
#include "store/VisitRepository.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ward;
using namespace ward::store;

namespace {

struct History {
    QTemporaryDir dir;
    test::FakeClock clock;
    std::unique_ptr<ProfileSession> session
        = test::createProfile(dir.path(), test::fastOptions(clock.clock()));
    VisitRepository& visits = session->visits();

    std::int64_t add(
        std::int64_t startedAt, const QString& with, const QString& reason, const QString& notes = {})
    {
        NewVisit v;
        v.startedAtMs = startedAt;
        v.otherParty = with;
        v.reason = reason;
        v.notes = notes;
        auto id = visits.add(v);
        INFO((id ? QString() : id.error().message).toStdString());
        REQUIRE(id.ok());
        return id.value();
    }

    std::vector<std::int64_t> search(const QString& text)
    {
        auto found = visits.search(text, 100);
        INFO(text.toStdString() << ": " << (found ? QString() : found.error().message).toStdString());
        REQUIRE(found.ok());
        std::vector<std::int64_t> ids;
        for (const VisitSummary& v : found.value()) {
            ids.push_back(v.id);
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    AuditEntry lastAudit()
    {
        auto entries = session->audit().entries();
        REQUIRE(entries.ok());
        REQUIRE_FALSE(entries->empty());
        return entries->back();
    }

    std::int64_t auditCount()
    {
        auto entries = session->audit().entries();
        REQUIRE(entries.ok());
        return static_cast<std::int64_t>(entries->size());
    }
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST_CASE("A visit is added and read back whole, and both are audited", "[store][visits]")
{
    History h;
    NewVisit v;
    v.startedAtMs = 1'700'000'100'000;
    v.endedAtMs = 1'700'000'400'000;
    v.otherParty = QStringLiteral("Dr. Amara Okafor");
    v.reason = QStringLiteral("Follow-up: blood pressure");
    v.status = VisitStatus::Completed;
    v.notes = QString::fromUtf8("Lisinopril 10 mg.\nReview in 4 weeks. caf\xC3\xA9 \xE2\x9C\x93");
    v.participants.push_back(
        Participant { 0, QStringLiteral("Amara Okafor"), QStringLiteral("clinician"), true });
    v.participants.push_back(Participant { 0, QStringLiteral("Sam Lee"), QStringLiteral("patient"), false });
    h.clock.advance(42);
    auto id = h.visits.add(v);
    REQUIRE(id.ok());
    CHECK(h.lastAudit().event == QStringLiteral("visit.created"));
    CHECK(h.lastAudit().detail == QStringLiteral("visit %1").arg(id.value()));

    auto read = h.visits.view(id.value());
    REQUIRE(read.ok());
    CHECK(read->id == id.value());
    CHECK(read->startedAtMs == v.startedAtMs);
    CHECK(read->endedAtMs == v.endedAtMs);
    CHECK(read->otherParty == v.otherParty);
    CHECK(read->reason == v.reason);
    CHECK(read->status == VisitStatus::Completed);
    CHECK(read->notes == v.notes);
    CHECK(read->createdAtMs == h.clock.now());
    CHECK(read->updatedAtMs == h.clock.now());
    REQUIRE(read->participants.size() == 2);
    CHECK(read->participants[0].displayName == QStringLiteral("Amara Okafor"));
    CHECK(read->participants[0].role == QStringLiteral("clinician"));
    CHECK(read->participants[0].verified);
    CHECK(read->participants[1].displayName == QStringLiteral("Sam Lee"));
    CHECK_FALSE(read->participants[1].verified);
    CHECK(h.lastAudit().event == QStringLiteral("visit.viewed"));
    CHECK(h.lastAudit().detail == QStringLiteral("visit %1").arg(id.value()));
    // No PHI in the audit log.
    auto entries = h.session->audit().entries();
    REQUIRE(entries.ok());
    for (const AuditEntry& e : entries.value()) {
        CHECK_FALSE(e.detail.contains(QStringLiteral("Okafor")));
        CHECK_FALSE(e.detail.contains(QStringLiteral("blood")));
    }
}

TEST_CASE("Visits that cannot be stored are refused without an audit entry", "[store][visits]")
{
    History h;
    const std::int64_t entries = h.auditCount();
    NewVisit v;
    v.startedAtMs = 1;
    SECTION("nobody to have had the visit with")
    {
        v.otherParty = QStringLiteral("   ");
    }
    SECTION("an end before the start")
    {
        v.otherParty = QStringLiteral("Dr. X");
        v.startedAtMs = 10;
        v.endedAtMs = 5;
    }
    SECTION("notes over the limit")
    {
        v.otherParty = QStringLiteral("Dr. X");
        v.notes = QString(VisitRepository::kMaxFieldChars + 1, QLatin1Char('a'));
    }
    SECTION("a participant with an unknown role")
    {
        v.otherParty = QStringLiteral("Dr. X");
        v.participants.push_back(Participant { 0, QStringLiteral("Pat"), QStringLiteral("wizard"), false });
    }
    auto id = h.visits.add(v);
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == ErrorCode::InvalidArgument);
    CHECK(h.visits.count().value() == 0);
    CHECK(h.auditCount() == entries);
}

TEST_CASE("Viewing a visit that does not exist is NotFound", "[store][visits]")
{
    History h;
    const std::int64_t entries = h.auditCount();
    auto missing = h.visits.view(999);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK(h.auditCount() == entries);
    const Status update = h.visits.updateNotes(999, QStringLiteral("x"));
    REQUIRE_FALSE(update.ok());
    CHECK(update.error().code == ErrorCode::NotFound);
    CHECK(h.auditCount() == entries);
}

TEST_CASE("newest lists visits by start time, newest first, in pages", "[store][visits]")
{
    History h;
    // Added out of order; two share a start time and then the later id comes first.
    const std::int64_t c = h.add(3000, QStringLiteral("C"), QStringLiteral("c"));
    const std::int64_t a = h.add(1000, QStringLiteral("A"), QStringLiteral("a"));
    const std::int64_t e = h.add(5000, QStringLiteral("E"), QStringLiteral("e"));
    const std::int64_t b = h.add(2000, QStringLiteral("B"), QStringLiteral("b"));
    const std::int64_t d1 = h.add(4000, QStringLiteral("D1"), QStringLiteral("d"));
    const std::int64_t d2 = h.add(4000, QStringLiteral("D2"), QStringLiteral("d"));

    const auto ids = [&](int limit, int offset) {
        auto page = h.visits.newest(limit, offset);
        REQUIRE(page.ok());
        Ids out;
        for (const VisitSummary& v : page.value()) {
            out.push_back(v.id);
        }
        return out;
    };
    CHECK(ids(100, 0) == Ids { e, d2, d1, c, b, a });
    CHECK(ids(2, 0) == Ids { e, d2 });
    CHECK(ids(2, 2) == Ids { d1, c });
    CHECK(ids(2, 4) == Ids { b, a });
    CHECK(ids(2, 6).empty());
    CHECK(ids(0, 0).empty());
    CHECK(ids(3, -5) == Ids { e, d2, d1 }); // a negative offset is the start

    auto page = h.visits.newest(1, 0);
    REQUIRE(page.ok());
    CHECK(page->front().otherParty == QStringLiteral("E"));
    CHECK(page->front().reason == QStringLiteral("e"));
    CHECK(page->front().startedAtMs == 5000);
    CHECK(h.visits.count().value() == 6);
}

TEST_CASE("Search finds words in reason, notes and other party", "[store][visits][search]")
{
    History h;
    const std::int64_t cardio = h.add(1, QStringLiteral("Dr. Okafor"), QStringLiteral("Cardiology follow-up"),
        QStringLiteral("Blood pressure stable on lisinopril."));
    const std::int64_t derm = h.add(2, QStringLiteral("Dr. Lindqvist"), QStringLiteral("Rash on forearm"),
        QStringLiteral("Eczema flare."));
    const std::int64_t cafe = h.add(3, QString::fromUtf8("Zo\xC3\xAB Lef\xC3\xA8vre"),
        QStringLiteral("Nutrition"), QString::fromUtf8("Drinks four caf\xC3\xA9 cr\xC3\xA8me a day."));

    CHECK(h.search(QStringLiteral("cardiology")) == Ids { cardio });
    CHECK(h.search(QStringLiteral("CARDIOLOGY")) == Ids { cardio });
    CHECK(h.search(QStringLiteral("lisinopril")) == Ids { cardio }); // notes
    CHECK(h.search(QStringLiteral("lindqvist")) == Ids { derm }); // other party
    CHECK(h.search(QStringLiteral("eczema")) == Ids { derm });
    CHECK(h.search(QStringLiteral("rash forearm")) == Ids { derm }); // every word must match
    CHECK(h.search(QStringLiteral("rash lisinopril")).empty());
    CHECK(h.search(QStringLiteral("nothing-like-this")).empty());

    SECTION("by prefix")
    {
        CHECK(h.search(QStringLiteral("cardi")) == Ids { cardio });
        CHECK(h.search(QStringLiteral("lind")) == Ids { derm });
        CHECK(h.search(QStringLiteral("blo pre")) == Ids { cardio });
    }
    SECTION("without diacritics, and with them")
    {
        CHECK(h.search(QStringLiteral("cafe")) == Ids { cafe });
        CHECK(h.search(QString::fromUtf8("caf\xC3\xA9")) == Ids { cafe });
        CHECK(h.search(QStringLiteral("creme")) == Ids { cafe });
        CHECK(h.search(QStringLiteral("lefevre")) == Ids { cafe });
        CHECK(h.search(QStringLiteral("zoe")) == Ids { cafe });
    }
    SECTION("query syntax in the person's text is only text")
    {
        for (const char* typed :
            { "\"", "\"cardiology", "cardiology\"", "*", "cardi*", "OR", "cardiology OR rash", "NEAR",
                "cardiology NEAR rash", "cardiology NEAR/3 rash", "NOT", "AND", "-rash", "(rash", "rash)",
                "reason:rash", "^rash", "'", "';--", "%", "_", "\\", "{}", "NEAR(", "\"\"", "   ", "" }) {
            INFO(typed);
            auto found = h.visits.search(QString::fromUtf8(typed), 100);
            INFO((found ? QString() : found.error().message).toStdString());
            CHECK(found.ok());
        }
        CHECK(h.search(QStringLiteral("\"cardiology")) == Ids { cardio });
        CHECK(h.search(QStringLiteral("cardi*")) == Ids { cardio });
        CHECK(h.search(QStringLiteral("-rash")) == Ids { derm }); // not "NOT rash"
        CHECK(h.search(QStringLiteral("reason:rash")).empty()); // two words, not a column filter
        CHECK(h.search(QStringLiteral("cardiology OR rash")).empty()); // OR is a word here, not an operator
        CHECK(h.search(QStringLiteral("*")).empty());
    }
    SECTION("searching does not write to the audit log")
    {
        const std::int64_t entries = h.auditCount();
        (void)h.search(QStringLiteral("cardiology"));
        CHECK(h.auditCount() == entries);
    }
}

TEST_CASE("updateNotes changes the notes, search follows, and it is audited", "[store][visits]")
{
    History h;
    const std::int64_t id = h.add(1, QStringLiteral("Dr. Okafor"), QStringLiteral("Check-up"),
        QStringLiteral("Recommend physiotherapy."));
    CHECK(h.search(QStringLiteral("physiotherapy")) == Ids { id });

    h.clock.advance(5000);
    REQUIRE(h.visits.updateNotes(id, QStringLiteral("Recommend acupuncture instead.")).ok());
    CHECK(h.lastAudit().event == QStringLiteral("visit.changed"));
    CHECK(h.lastAudit().detail.startsWith(QStringLiteral("visit %1").arg(id)));

    CHECK(h.search(QStringLiteral("physiotherapy")).empty());
    CHECK(h.search(QStringLiteral("acupuncture")) == Ids { id });
    CHECK(h.search(QStringLiteral("okafor")) == Ids { id }); // the other columns are still indexed

    auto visit = h.visits.view(id);
    REQUIRE(visit.ok());
    CHECK(visit->notes == QStringLiteral("Recommend acupuncture instead."));
    CHECK(visit->updatedAtMs == h.clock.now());
    CHECK(visit->createdAtMs == h.clock.now() - 5000);

    SECTION("notes over kMaxFieldChars are refused and the old ones stay")
    {
        const std::int64_t entries = h.auditCount();
        const Status tooLong
            = h.visits.updateNotes(id, QString(VisitRepository::kMaxFieldChars + 1, QLatin1Char('x')));
        REQUIRE_FALSE(tooLong.ok());
        CHECK(tooLong.error().code == ErrorCode::InvalidArgument);
        CHECK(h.auditCount() == entries);
        CHECK(h.search(QStringLiteral("acupuncture")) == Ids { id });
    }
    SECTION("notes of exactly kMaxFieldChars are accepted")
    {
        REQUIRE(h.visits.updateNotes(id, QString(VisitRepository::kMaxFieldChars, QLatin1Char('y'))).ok());
    }
}

TEST_CASE("Exporting visits reads them whole and records one audit entry", "[store][visits]")
{
    History h;
    const std::int64_t a = h.add(1, QStringLiteral("A"), QStringLiteral("first"), QStringLiteral("notes a"));
    const std::int64_t b = h.add(2, QStringLiteral("B"), QStringLiteral("second"), QStringLiteral("notes b"));
    const std::int64_t entries = h.auditCount();

    auto exported = h.visits.exportVisits({ a, b });
    REQUIRE(exported.ok());
    REQUIRE(exported->size() == 2);
    CHECK(exported->at(0).notes == QStringLiteral("notes a"));
    CHECK(exported->at(1).notes == QStringLiteral("notes b"));
    CHECK(h.auditCount() == entries + 1);
    CHECK(h.lastAudit().event == QStringLiteral("visit.exported"));
    CHECK(h.lastAudit().detail == QStringLiteral("2 visits"));

    auto one = h.visits.exportVisits({ b });
    REQUIRE(one.ok());
    CHECK(h.lastAudit().event == QStringLiteral("visit.exported"));
    CHECK(h.lastAudit().detail == QStringLiteral("visit %1").arg(b));

    // A missing id fails the whole export and records nothing.
    const std::int64_t before = h.auditCount();
    auto partial = h.visits.exportVisits({ a, 999 });
    REQUIRE_FALSE(partial.ok());
    CHECK(partial.error().code == ErrorCode::NotFound);
    CHECK(h.auditCount() == before);
}
