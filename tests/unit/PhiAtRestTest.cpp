// PHI at rest: after a session that added and changed visits is locked, no byte of any file in the profile
// folder (vault, database, journal, backups, unlock counter) holds the visit text or the passphrase, in
// UTF-8 or UTF-16.
#include "TestSupport.h"

#include "store/Profile.h"
#include "store/Schema.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;

namespace {

QByteArray utf16le(const QString& text)
{
    QByteArray out;
    for (const QChar c : text) {
        out.append(static_cast<char>(c.unicode() & 0xff));
        out.append(static_cast<char>(c.unicode() >> 8));
    }
    return out;
}

// Every encoding of `text` a careless write could leave on disk.
QList<QByteArray> encodings(const QString& text)
{
    return { text.toUtf8(), utf16le(text), text.toUtf8().toBase64(), text.toUtf8().toHex() };
}

void checkNowhere(const QString& dir, const QString& text, const char* what)
{
    const QStringList files = test::filesUnder(dir);
    REQUIRE_FALSE(files.isEmpty());
    for (const QString& file : files) {
        const QByteArray bytes = test::readFile(file);
        for (const QByteArray& needle : encodings(text)) {
            INFO(what << " in " << file.toStdString());
            CHECK_FALSE(bytes.contains(needle));
        }
    }
}

} // namespace

TEST_CASE("No visit text or passphrase is readable in any file of a locked profile", "[store][phi]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    const QString passphrase = QStringLiteral("tundra %1 velvet harbor").arg(test::randomHex(8));
    const QString reasonMarker = test::randomHex(16);
    const QString notesMarker = test::randomHex(16);
    const QString changedMarker = test::randomHex(16);
    const QString nameMarker = QStringLiteral("Patient%1").arg(test::randomHex(8));

    {
        auto created = Profile::create(dir.path(), test::secret(passphrase), test::fastOptions());
        REQUIRE(created.ok());
        auto& visits = created.value()->visits();
        for (int i = 0; i < 5; ++i) {
            NewVisit v;
            v.startedAtMs = 1'700'000'000'000 + i;
            v.otherParty = nameMarker;
            v.reason = QStringLiteral("reason %1 %2").arg(reasonMarker).arg(i);
            v.notes = QStringLiteral("notes %1 with a bit more text around it %2").arg(notesMarker).arg(i);
            v.participants.push_back(Participant { 0, nameMarker, QStringLiteral("patient"), false });
            auto id = visits.add(v);
            REQUIRE(id.ok());
            REQUIRE(visits.view(id.value()).ok());
        }
        REQUIRE(visits.updateNotes(1, QStringLiteral("changed %1").arg(changedMarker)).ok());
        REQUIRE(visits.search(reasonMarker, 10).ok());
        REQUIRE(created.value()->recordLock(QStringLiteral("user")).ok());
    }
    {
        // A second session, so the journal and the migration path have been through a full cycle.
        auto session = Profile::unlock(dir.path(), test::secret(passphrase));
        REQUIRE(session.ok());
        REQUIRE(session.value()
                    ->visits()
                    .updateNotes(2, QStringLiteral("changed again %1").arg(changedMarker))
                    .ok());
        REQUIRE(session.value()->visits().count().value() == 5);
    }
    // A backup as a migration would leave it, copied the same way.
    REQUIRE(QFile::copy(paths.database(), paths.database() + QStringLiteral(".v1.bak")));

    const QStringList files = test::filesUnder(dir.path());
    INFO(files.join(QLatin1Char(' ')).toStdString());
    CHECK(files.contains(paths.vault()));
    CHECK(files.contains(paths.database()));

    // Only the owner may read any of it.
    CHECK(QFileInfo(dir.path()).permissions()
        == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser
            | QFileDevice::WriteUser | QFileDevice::ExeUser));
    for (const QString& file : files) {
        INFO(file.toStdString());
        CHECK((QFileInfo(file).permissions()
                  & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                      | QFileDevice::WriteOther))
            == QFileDevice::Permissions());
    }

    checkNowhere(dir.path(), reasonMarker, "reason marker");
    checkNowhere(dir.path(), notesMarker, "notes marker");
    checkNowhere(dir.path(), changedMarker, "changed-notes marker");
    checkNowhere(dir.path(), nameMarker, "name marker");
    checkNowhere(dir.path(), passphrase, "passphrase");

    // The check above can fail: the same text in a plaintext file would be found.
    test::writeFile(dir.filePath(QStringLiteral("canary.txt")), notesMarker.toUtf8());
    bool found = false;
    for (const QString& file : test::filesUnder(dir.path())) {
        found = found || test::readFile(file).contains(notesMarker.toUtf8());
    }
    CHECK(found);
}
