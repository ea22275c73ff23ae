// wardctl: Ward's command-line tool for IT, scripts and tests. Every command that opens a profile reads
// its passphrase from standard input (--passphrase-stdin); none accepts one as an argument.
#include "Commands.h"
#include "ExitCode.h"
#include "store/CipherGuard.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace {

constexpr char kHelp[] = R"(Usage: wardctl [--profile DIR] COMMAND ...

Profile
  init --passphrase-stdin [--kdf-target-ms N]    create a profile (passphrase: one line on stdin)
  passwd --passphrase-stdin                       change the passphrase (old, then new, one line each)
Visits
  visit add --with NAME --reason TEXT [--notes TEXT] --passphrase-stdin    prints the new visit's id
  visit list [--json] --passphrase-stdin
  visit show ID [--json] --passphrase-stdin
  visit search TEXT --passphrase-stdin
Audit log
  audit list [--json] --passphrase-stdin
  audit verify --passphrase-stdin                 exit 0 when the chain is intact
Device identity
  identity show [--json] --passphrase-stdin       public keys and fingerprint of this device
Signatures
  crypto verify --pubkey FILE|KEY --sig FILE.minisig FILE [--prehashed-only]
                                                  check a minisign signature; prints the trusted comment
Organisation (clinic credentials; one passphrase on stdin protects both org key files)
  org init --out DIR --name TEXT --passphrase-stdin [--kdf-target-ms N]    prints the organisation key
  org issue --org DIR --user ID --name TEXT --role ROLE --device-key HEX [--days N] --out FILE
            --passphrase-stdin                    ROLE: patient, clinician, staff or admin
  org revoke --org DIR (--serial N | --issuer-key HEX) --passphrase-stdin
  org verify CREDENTIAL --org-key HEX [--revocations FILE] [--role ROLE] [--device-key HEX] [--time UNIX]
One-time passwords and safety numbers
  crypto totp --secret-stdin [--time UNIX] [--digits N] [--algorithm SHA1|SHA256|SHA512] [--period SECONDS]
                                                  prints the TOTP code; the base32 secret is one line on
                                                  stdin, which is the safe way to pass it
  crypto totp --secret BASE32 [options as above]  for test scripts only: any user of the computer can
                                                  read a command's arguments
  crypto safety-number --local-key HEX --local-id TEXT --remote-key HEX --remote-id TEXT [--iterations N]
                                                  prints the 60 digits (keys hashed as given; default 5200)
Clinic server (headless client; passphrase, then for clinic roles the authenticator code, one line each)
  enrol LINK --passphrase-stdin [--device-name TEXT]
                                                  enrol with an invitation (creates the profile if absent);
                                                  clinic roles: prints "otpauth: URI", then reads a code
  whoami --passphrase-stdin                       sign in and show who this device is at the clinic
  checkin [--room USER_ID] --reason TEXT --passphrase-stdin
                                                  wait in a clinician's room; prints "place N of M" and
                                                  "admitted visit=ID" (Ctrl-C leaves the queue)
  queue [--room USER_ID] [--json] --passphrase-stdin
                                                  the waiting room with each patient's reason
  admit USER_ID --passphrase-stdin                admit a waiting patient; prints the visit id

Media engine (headless, on a simulated clock and network; the same seed gives the same run)
  media loopback --report FILE.json [--audio-in FILE.wav | --tone HZ | --no-audio]
                 [--video-in FILE.y4m | --pattern [--size WxH] [--fps N]] [--seconds N] [--frame-ms 10|20]
                 [--loss PERCENT] [--burst-loss MS [--burst-at S]] [--jitter MS] [--delay MS] [--reorder PERCENT]
                 [--bandwidth KBITS[,KBITS@S...]] [--bitrate KBITS] [--seed N]
                 [--audio-out FILE.wav] [--video-out FILE.y4m] [--processing]
                                                  sender -> protected packets -> network -> receiver; the
                                                  recordings are on the playout timeline

Clinic server data folder (on the server machine, without a running server)
  --server-data DIR invite create --role ROLE --user ID --name TEXT [--ttl HOURS] [--room CLINICIAN_ID]
                                                  prints a one-time ward://enrol link (default 72 hours)

--profile DIR defaults to the platform's application-data folder.
Exit status: 0 success, 1 failure, 2 usage, 3 wrong passphrase, 4 too many attempts (wait and retry),
5 refused by the clinic's server, 6 server unreachable, 7 server certificate differs from the pinned one,
8 check-in ended without admission.
)";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Ward"));
    QCoreApplication::setOrganizationName(QStringLiteral("Ward"));

    ward::ctl::Arguments args = ward::ctl::Arguments::parse(QCoreApplication::arguments().mid(1));
    if (!args.error().isEmpty()) {
        return ward::ctl::usage(args.error());
    }
    if (args.helpRequested()) {
        std::fputs(kHelp, stdout);
        return ward::ctl::kExitOk;
    }
    if (args.words().isEmpty()) {
        return ward::ctl::usage(QStringLiteral("no command given"));
    }
    if (auto selfTest = ward::store::verifyEncryptionAtStartup(QDir::tempPath()); !selfTest) {
        return ward::ctl::fail(selfTest.error());
    }

    if (!args.serverDataDir().isEmpty()) {
        return ward::ctl::runServerData(args);
    }
    const QString command = args.words().first();
    if (command == QLatin1String("init")) {
        return ward::ctl::runInit(args);
    }
    if (command == QLatin1String("passwd")) {
        return ward::ctl::runPasswd(args);
    }
    if (command == QLatin1String("visit")) {
        return ward::ctl::runVisit(args);
    }
    if (command == QLatin1String("audit")) {
        return ward::ctl::runAudit(args);
    }
    if (command == QLatin1String("identity")) {
        return ward::ctl::runIdentity(args);
    }
    if (command == QLatin1String("crypto") && args.words().value(1) == QLatin1String("verify")) {
        return ward::ctl::runCryptoVerify(args);
    }
    if (command == QLatin1String("org")) {
        return ward::ctl::runOrg(args);
    }
    if (command == QLatin1String("crypto")) {
        return ward::ctl::runCrypto(args);
    }
    if (command == QLatin1String("enrol")) {
        return ward::ctl::runEnrol(args);
    }
    if (command == QLatin1String("whoami")) {
        return ward::ctl::runWhoAmI(args);
    }
    if (command == QLatin1String("checkin")) {
        return ward::ctl::runCheckIn(args);
    }
    if (command == QLatin1String("queue")) {
        return ward::ctl::runQueue(args);
    }
    if (command == QLatin1String("admit")) {
        return ward::ctl::runAdmit(args);
    }
    if (command == QLatin1String("media")) {
        return ward::ctl::runMedia(args);
    }
    return ward::ctl::usage(QStringLiteral("unknown command '%1'").arg(command));
}
