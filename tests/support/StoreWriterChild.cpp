// The process that the crash-safety test kills with SIGKILL. It unlocks the profile named on the command line
// (passphrase: one line on stdin, never argv), prints "ready", then writes visits in batches of K = 50 until
// it dies: each batch is one transaction, and every visit in it carries "round R batch B" as its reason.
// After each commit it prints "committed B", so the parent knows which batches must have survived.
//   ward_store_writer_child PROFILE_DIR ROUND < passphrase
#include "store/Profile.h"
#include "store/Transaction.h"

#include <QCoreApplication>

#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {

constexpr int kBatchSize = 50;

void say(const QByteArray& line)
{
    // Straight to the file descriptor, so that nothing waits in a stdio buffer when the kill comes.
    const QByteArray text = line + '\n';
    (void)!write(STDOUT_FILENO, text.constData(), static_cast<std::size_t>(text.size()));
}

int die(const QString& message)
{
    std::fprintf(stderr, "store writer: %s\n", message.toUtf8().constData());
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 3) {
        return die(QStringLiteral("usage: ward_store_writer_child PROFILE_DIR ROUND < passphrase"));
    }
    const QString dir = args.at(1);
    const QString round = args.at(2);

    char buffer[256] = {};
    std::size_t used = 0;
    while (used < sizeof(buffer)) {
        const ssize_t n = read(STDIN_FILENO, buffer + used, 1);
        if (n <= 0 || buffer[used] == '\n') {
            break;
        }
        ++used;
    }
    const ward::crypto::SecretBytes passphrase(reinterpret_cast<const std::uint8_t*>(buffer), used);
    std::memset(buffer, 0, sizeof(buffer));

    auto session = ward::store::Profile::unlock(dir, passphrase);
    if (!session) {
        return die(session.error().message);
    }
    say("ready");

    for (int batch = 1;; ++batch) {
        auto tx = ward::store::Transaction::begin(session.value()->database());
        if (!tx) {
            return die(tx.error().message);
        }
        for (int i = 0; i < kBatchSize; ++i) {
            ward::store::NewVisit visit;
            visit.startedAtMs = 1'700'000'000'000 + batch * 1000 + i;
            visit.otherParty = QStringLiteral("Crash Test Clinic");
            visit.reason = QStringLiteral("round %1 batch %2").arg(round).arg(batch);
            visit.notes = QStringLiteral("item %1 of batch %2, padded to span pages: %3")
                              .arg(i)
                              .arg(batch)
                              .arg(QString(200, QLatin1Char('x')));
            if (auto id = session.value()->visits().add(visit); !id) {
                return die(id.error().message);
            }
        }
        if (auto status = tx->commit(); !status) {
            return die(status.error().message);
        }
        say(QByteArrayLiteral("committed ") + QByteArray::number(batch));
    }
}
