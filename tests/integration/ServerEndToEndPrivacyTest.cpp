// What a clinic's server keeps on disk after a real visit: a patient with a distinctive name checks in with a
// distinctive reason and is admitted, and then no file in the data folder, nor the server's log, holds the
// name or the reason in UTF-8 or UTF-16 in any letter case, and server.db is not a plain SQLite file.
#include "ClinicTestSupport.h"
#include "DataFolder.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestSupport.h"

#include "net/VisitReason.h"
#include "protocol/MessageTypes.h"

#include <QCborArray>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

constexpr char kName[] = "Zebulon Quartermaine";
constexpr char kReason[] = "persistent left knee swelling since Tuesday";

// `text` as the bytes it could be written in, ASCII letters lowered (the files are lowered the same way).
QList<QByteArray> encodings(const QString& text)
{
    const QString lower = text.toLower();
    QByteArray le;
    QByteArray be;
    for (const QChar c : lower) {
        le.append(static_cast<char>(c.unicode() & 0xff)).append(static_cast<char>(c.unicode() >> 8));
        be.append(static_cast<char>(c.unicode() >> 8)).append(static_cast<char>(c.unicode() & 0xff));
    }
    return { lower.toUtf8(), le, be };
}

// Where any of `phrases` occurs in `bytes`, in any encoding above; empty when nowhere.
QString findIn(const QByteArray& bytes, const QStringList& phrases)
{
    const QByteArray lowered = bytes.toLower();
    for (const QString& phrase : phrases) {
        for (const QByteArray& needle : encodings(phrase)) {
            if (lowered.contains(needle)) {
                return phrase;
            }
        }
    }
    return {};
}

} // namespace

TEST_CASE(
    "the server's data folder and log hold neither a patient's name nor their reason", "[integration][e2e]")
{
    test::ServerProcess server;
    server.start();
    test::Authenticator authenticator;
    const auto clinicianDevice
        = test::enrolDevice(test::createInvitation(server, QStringLiteral("clinician"),
                                QStringLiteral("dr.ferreira"), QStringLiteral("Dr. Ana Ferreira")),
            &authenticator);
    const auto patientDevice = test::enrolDevice(test::createInvitation(server, QStringLiteral("patient"),
        QStringLiteral("p.zq"), QString::fromLatin1(kName), QStringLiteral("dr.ferreira")));
    CHECK(patientDevice->account.displayName == QString::fromLatin1(kName));

    {
        auto clinician = test::signedInClient(server, *clinicianDevice, authenticator.nextCode());
        auto patient = test::signedInClient(server, *patientDevice);
        test::checkIn(*patient, *patientDevice, QStringLiteral("dr.ferreira"), kReason);

        // The reason really travelled: the clinician's device opens it from the queue.
        const QCborMap queue
            = test::okBody(clinician->request(QString::fromLatin1(protocol::type::kRoomQueue)));
        const QCborArray entries = queue.value(QLatin1String("entries")).toArray();
        REQUIRE(entries.size() == 1);
        const QCborMap entry = entries.at(0).toMap();
        CHECK(entry.value(QLatin1String("name")).toString() == QString::fromLatin1(kName));
        const crypto::SecretBytes opened = net::openVisitReason(entry, clinicianDevice->identity);
        CHECK(QByteArray(opened.chars(), static_cast<qsizetype>(opened.size())) == QByteArray(kReason));

        test::admit(*clinician, *patient, QStringLiteral("p.zq"));
    }
    REQUIRE(server.stop() == 0);

    const QStringList phrases { QString::fromLatin1(kName), QString::fromLatin1(kReason),
        QStringLiteral("Quartermaine"), QStringLiteral("knee swelling") };
    const QStringList files = test::filesUnder(server.dataDir());
    REQUIRE(files.contains(server::DataFolder(server.dataDir()).databaseFile()));
    for (const QString& file : files) {
        INFO(file.toStdString());
        CHECK(findIn(test::readFile(file), phrases).isEmpty());
    }
    CHECK(findIn(server.log().toUtf8(), phrases).isEmpty());
    CHECK_FALSE(
        test::readFile(server::DataFolder(server.dataDir()).databaseFile()).startsWith("SQLite format 3"));
}
