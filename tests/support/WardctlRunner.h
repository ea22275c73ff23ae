// Runs the real wardctl as a script or IT would: a separate process with its own HOME and a throw-away
// profile folder, input on stdin, exit status and both output streams captured.
#pragma once

#include "store/ProfilePaths.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <ostream>

namespace ward::test {

inline constexpr char kWardctlPassphraseFlag[] = "--passphrase-stdin";

struct WardctlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

std::ostream& operator<<(std::ostream& os, const WardctlRun& run);

class Wardctl {
public:
    Wardctl();

    const QString& profile() const { return m_profile; }
    QString home() const { return m_home.path(); }
    store::ProfilePaths paths() const { return store::ProfilePaths { m_profile }; }

    // wardctl --profile DIR ARGS (or just ARGS) with `input` on stdin.
    WardctlRun run(const QStringList& args, const QByteArray& input = {}, bool withProfile = true) const;
    // Creates the profile with kPassphrase and the cheapest key derivation; fails the test otherwise.
    void init() const;
    // A command that opens the profile: --passphrase-stdin is appended and the passphrase written.
    WardctlRun unlocked(QStringList args, const char* passphrase = nullptr) const;

private:
    QTemporaryDir m_home;
    QString m_profile;
};

// A failure as wardctl must report it: the expected status and exactly one "wardctl: ..." line on stderr.
void checkWardctlFailure(const WardctlRun& run, int exitCode);

} // namespace ward::test
