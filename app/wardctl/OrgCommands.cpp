// wardctl org: the clinic's organisation keys (OrgFolder.h describes the folder and the passphrase),
// credentials for its people, the revocation list, and checking a credential as a device would.
#include "Commands.h"
#include "ExitCode.h"
#include "OrgFolder.h"

#include "crypto/Argon2.h"
#include "crypto/credential/CredentialText.h"
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "store/FileSafety.h"

#include <QDateTime>

#include <algorithm>
#include <cstdio>

namespace ward::ctl {

namespace {

using namespace ward::crypto::credential;

const QString kStdin = QStringLiteral("--passphrase-stdin");

// The issuing key is certified for two years; a new one needs a new organisation folder for now.
constexpr std::int64_t kIssuerDays = 730;
constexpr int kDefaultCredentialDays = 365;
constexpr int kMaxCredentialDays = 3650;
constexpr std::int64_t kDaySeconds = 86'400;
// Periods start a few minutes back, so that a device whose clock runs a little slow accepts them at once.
constexpr std::int64_t kClockSkewSeconds = 300;
// Organisation keys are opened rarely and guard everything, so their Argon2id costs more than a profile's.
constexpr int kDefaultKdfTargetMs = 1000;

std::int64_t nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

void printLine(const QString& text)
{
    std::printf("%s\n", text.toUtf8().constData());
}

// What `org init` writes, made in memory first so that nothing is written unless all of it is ready.
struct NewOrganisation {
    QByteArray organisationKey;
    QByteArray issuingKey;
    Validity issuerValidity;
    QByteArray certificate;
    QByteArray revocations;
    QByteArray rootKeyFile;
    QByteArray issuingKeyFile;
};

Result<NewOrganisation> createOrganisation(
    const QString& name, const crypto::SecretBytes& passphrase, const crypto::Argon2Params& params)
{
    const std::int64_t now = nowSeconds();
    const SigningKey root = SigningKey::generate();
    const SigningKey issuing = SigningKey::generate();
    const IssuerFields issuer { root.publicKey(), issuing.publicKey(), name,
        { now - kClockSkewSeconds, now + kIssuerDays * kDaySeconds } };
    auto certificate = IssuerCertificate::issue(issuer, root);
    if (!certificate) {
        return certificate.error();
    }
    RevocationFields empty;
    empty.organisationKey = root.publicKey();
    empty.version = 1;
    empty.issuedAt = now;
    auto revocations = RevocationList::issue(empty, root);
    if (!revocations) {
        return revocations.error();
    }
    auto rootFile = SigningKeyFile::seal(root, KeyUse::OrganisationRoot, passphrase, params);
    if (!rootFile) {
        return rootFile.error();
    }
    auto issuingFile = SigningKeyFile::seal(issuing, KeyUse::Issuing, passphrase, params);
    if (!issuingFile) {
        return issuingFile.error();
    }
    return NewOrganisation { root.publicKey(), issuing.publicKey(), issuer.validity, certificate->encode(),
        revocations->encode(), rootFile->serialize(), issuingFile->serialize() };
}

Status writeOrganisation(const QString& dir, const NewOrganisation& org)
{
    if (auto status = store::makePrivateFolder(dir); !status) {
        return status;
    }
    const OrgFolder folder(dir);
    // The root key is written last: until it exists, a rerun of init may start over.
    const std::pair<QString, QByteArray> files[] = {
        { folder.issuerCertificate(), org.certificate },
        { folder.revocations(), org.revocations },
        { folder.organisationKey(), org.organisationKey.toHex() + '\n' },
        { folder.issuingKey(), org.issuingKeyFile },
        { folder.rootKey(), org.rootKeyFile },
    };
    for (const auto& [path, bytes] : files) {
        if (auto status = store::writeFileAtomically(path, bytes); !status) {
            return status;
        }
    }
    return {};
}

int init(Arguments& args)
{
    if (auto problem = args.validate(
            { { QStringLiteral("--out"), QStringLiteral("--name"), QStringLiteral("--kdf-target-ms") },
                { kStdin } },
            2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("org init takes no arguments besides its options")));
    }
    const auto out = args.value(QStringLiteral("--out"));
    const auto name = args.value(QStringLiteral("--name"));
    if (!out || !name || !args.flag(kStdin)) {
        return usage(QStringLiteral("org init needs --out DIR, --name TEXT and --passphrase-stdin"));
    }
    if (!validDisplayName(*name)) {
        return usage(QStringLiteral("--name must be 1 to %1 bytes of text without control characters or "
                                    "leading or trailing spaces")
                         .arg(kMaxNameBytes));
    }
    int targetMs = kDefaultKdfTargetMs;
    if (auto target = args.value(QStringLiteral("--kdf-target-ms"))) {
        bool ok = false;
        targetMs = target->toInt(&ok);
        if (!ok || targetMs < 0 || targetMs > 60'000) {
            return usage(QStringLiteral("--kdf-target-ms takes a number of milliseconds from 0 to 60000"));
        }
    }
    if (OrgFolder(*out).holdsKeys()) {
        return fail(makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "%1 already holds organisation keys; Ward will not overwrite them. Choose an empty "
                "folder.")
                .arg(*out)));
    }
    auto passphrase = readOrgPassphrase(true);
    if (!passphrase) {
        return fail(passphrase.error());
    }
    const crypto::Argon2Params params = crypto::argon2Calibrate(std::chrono::milliseconds(targetMs));
    auto org = createOrganisation(*name, passphrase.value(), params);
    if (!org) {
        return fail(org.error());
    }
    if (auto status = writeOrganisation(*out, org.value()); !status) {
        return fail(status.error());
    }
    printLine(QStringLiteral("Created the organisation \"%1\" in %2").arg(*name, *out));
    printLine(QStringLiteral("Organisation key: %1").arg(QString::fromLatin1(org->organisationKey.toHex())));
    printLine(QStringLiteral("Fingerprint: %1").arg(organisationFingerprint(org->organisationKey)));
    printLine(QStringLiteral("Issuing key: %1").arg(QString::fromLatin1(org->issuingKey.toHex())));
    printLine(QStringLiteral("The issuing key is valid until %1. Keep %2 offline and backed up.")
                  .arg(utcText(org->issuerValidity.notAfter), OrgFolder(*out).rootKey()));
    return kExitOk;
}

Result<IssuerCertificate> readCertificate(const OrgFolder& folder)
{
    auto bytes = readLimitedFile(
        folder.issuerCertificate(), kMaxIssuerCertificateBytes, QStringLiteral("issuer certificate"));
    if (!bytes) {
        return bytes.error();
    }
    auto cert = IssuerCertificate::parse(bytes.value());
    if (!cert) {
        return cert.error();
    }
    if (!cert->signedBy(cert->fields().organisationKey)) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("The issuer certificate %1 is not signed by its organisation key. Restore the "
                           "organisation folder from your backup.")
                .arg(folder.issuerCertificate()));
    }
    return std::move(cert).value();
}

struct IssueRequest {
    CredentialFields fields;
    int days = kDefaultCredentialDays;
    QString out;
};

// Validates issue's options into a request; an empty optional after printing a usage error.
std::optional<IssueRequest> issueRequest(Arguments& args, int& exitCode)
{
    IssueRequest request;
    const auto user = args.value(QStringLiteral("--user"));
    const auto name = args.value(QStringLiteral("--name"));
    const auto role = args.value(QStringLiteral("--role"));
    const auto device = args.value(QStringLiteral("--device-key"));
    const auto out = args.value(QStringLiteral("--out"));
    QString problem;
    if (!user || !name || !role || !device || !out || !args.flag(kStdin)
        || !args.value(QStringLiteral("--org"))) {
        problem = QStringLiteral("org issue needs --org, --user, --name, --role, --device-key, --out and "
                                 "--passphrase-stdin");
    } else if (!validUserId(*user)) {
        problem = QStringLiteral("--user must be 1 to %1 letters, digits or . _ @ + -").arg(kMaxUserIdBytes);
    } else if (!validDisplayName(*name)) {
        problem = QStringLiteral("--name must be 1 to %1 bytes of text without control characters or leading "
                                 "or trailing spaces")
                      .arg(kMaxNameBytes);
    } else if (!parseRole(*role)) {
        problem = QStringLiteral("--role must be one of patient, clinician, staff, admin");
    } else if (!parseKeyHex(*device)) {
        problem = QStringLiteral("--device-key must be the device's 32-byte public key as 64 hex digits");
    }
    if (const auto days = args.value(QStringLiteral("--days")); problem.isEmpty() && days) {
        bool ok = false;
        request.days = days->toInt(&ok);
        if (!ok || request.days < 1 || request.days > kMaxCredentialDays) {
            problem = QStringLiteral("--days takes a number from 1 to %1").arg(kMaxCredentialDays);
        }
    }
    if (!problem.isEmpty()) {
        exitCode = usage(problem);
        return std::nullopt;
    }
    request.fields.userId = *user;
    request.fields.displayName = *name;
    request.fields.role = *parseRole(*role);
    request.fields.deviceKey = *parseKeyHex(*device);
    request.out = *out;
    return request;
}

int issue(Arguments& args)
{
    if (auto problem
        = args.validate({ { QStringLiteral("--org"), QStringLiteral("--user"), QStringLiteral("--name"),
                              QStringLiteral("--role"), QStringLiteral("--device-key"),
                              QStringLiteral("--days"), QStringLiteral("--out") },
                            { kStdin } },
            2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("org issue takes no arguments besides its options")));
    }
    int exitCode = kExitOk;
    auto request = issueRequest(args, exitCode);
    if (!request) {
        return exitCode;
    }
    const OrgFolder folder(*args.value(QStringLiteral("--org")));
    auto cert = readCertificate(folder);
    if (!cert) {
        return fail(cert.error());
    }
    const std::int64_t now = nowSeconds();
    const Validity& certValidity = cert->fields().validity;
    if (certValidity.expiredAt(now) || certValidity.notYetValidAt(now)) {
        return fail(makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The issuing key is valid only from %1 to %2, so it cannot issue credentials now.")
                .arg(utcText(certValidity.notBefore), utcText(certValidity.notAfter))));
    }
    auto passphrase = readOrgPassphrase(false);
    if (!passphrase) {
        return fail(passphrase.error());
    }
    auto issuing = OrgFolder::openKey(folder.issuingKey(), KeyUse::Issuing, passphrase.value());
    if (!issuing) {
        return fail(issuing.error());
    }
    CredentialFields& f = request->fields;
    f.serial = Credential::randomSerial();
    f.issuerKey = issuing->publicKey();
    // A credential never outlives the certificate of the key that signed it.
    f.validity = { now - kClockSkewSeconds,
        std::min(now + std::int64_t { request->days } * kDaySeconds, certValidity.notAfter) };
    auto credential = Credential::issue(f, issuing.value(), cert.value());
    if (!credential) {
        return fail(credential.error());
    }
    if (auto status = store::writeFileAtomically(request->out, credential->encode()); !status) {
        return fail(status.error());
    }
    printLine(QStringLiteral("Issued credential %1 for %2 (%3), valid until %4.")
                  .arg(QString::number(f.serial), f.userId, roleName(f.role), utcText(f.validity.notAfter)));
    return kExitOk;
}

Result<RevocationList> readOwnRevocations(const OrgFolder& folder, const QByteArray& organisationKey)
{
    auto bytes
        = readLimitedFile(folder.revocations(), kMaxRevocationListBytes, QStringLiteral("revocation list"));
    if (!bytes) {
        return bytes.error();
    }
    CredentialVerifier verifier(organisationKey);
    auto list = verifier.acceptRevocations(bytes.value());
    if (!list) {
        return list.error();
    }
    return std::move(list).value();
}

// What revoke adds to the list: a serial, an issuing key, or both.
struct Revocation {
    std::optional<std::uint64_t> serial;
    std::optional<QByteArray> issuerKey;
};

std::optional<Revocation> revocationRequest(const Arguments& args, int& exitCode)
{
    Revocation request;
    if (const auto text = args.value(QStringLiteral("--serial"))) {
        bool ok = false;
        const std::uint64_t serial = text->toULongLong(&ok);
        if (!ok || serial == 0 || serial > kMaxSerial) {
            exitCode = usage(
                QStringLiteral("--serial takes a credential serial, a number from 1 to %1").arg(kMaxSerial));
            return std::nullopt;
        }
        request.serial = serial;
    }
    if (const auto text = args.value(QStringLiteral("--issuer-key"))) {
        request.issuerKey = parseKeyHex(*text);
        if (!request.issuerKey) {
            exitCode = usage(QStringLiteral("--issuer-key must be an issuing public key as 64 hex digits"));
            return std::nullopt;
        }
    }
    if (!request.serial && !request.issuerKey) {
        exitCode = usage(QStringLiteral("org revoke needs --serial N or --issuer-key HEX"));
        return std::nullopt;
    }
    return request;
}

int revoke(Arguments& args)
{
    if (auto problem = args.validate(
            { { QStringLiteral("--org"), QStringLiteral("--serial"), QStringLiteral("--issuer-key") },
                { kStdin } },
            2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("org revoke takes no arguments besides its options")));
    }
    const auto org = args.value(QStringLiteral("--org"));
    if (!org || !args.flag(kStdin)) {
        return usage(QStringLiteral("org revoke needs --org DIR and --passphrase-stdin"));
    }
    int exitCode = kExitOk;
    const auto request = revocationRequest(args, exitCode);
    if (!request) {
        return exitCode;
    }
    const OrgFolder folder(*org);
    auto passphrase = readOrgPassphrase(false);
    if (!passphrase) {
        return fail(passphrase.error());
    }
    auto root = OrgFolder::openKey(folder.rootKey(), KeyUse::OrganisationRoot, passphrase.value());
    if (!root) {
        return fail(root.error());
    }
    auto current = readOwnRevocations(folder, root->publicKey());
    if (!current) {
        return fail(current.error());
    }
    if ((!request->serial || current->revokesSerial(*request->serial))
        && (!request->issuerKey || current->revokesIssuer(*request->issuerKey))) {
        printLine(QStringLiteral("Already revoked; the revocation list stays at version %1.")
                      .arg(current->version()));
        return kExitOk;
    }
    RevocationFields next = current->fields();
    if (request->serial) {
        next.serials.push_back(*request->serial);
    }
    if (request->issuerKey) {
        next.issuingKeys.push_back(*request->issuerKey);
    }
    next.version = current->version() + 1;
    next.issuedAt = nowSeconds();
    auto list = RevocationList::issue(std::move(next), root.value());
    if (!list) {
        return fail(list.error());
    }
    if (auto status = store::writeFileAtomically(folder.revocations(), list->encode()); !status) {
        return fail(status.error());
    }
    printLine(
        QStringLiteral("Revoked. The revocation list is now version %1; publish %2 to the clinic's devices.")
            .arg(list->version())
            .arg(folder.revocations()));
    return kExitOk;
}

// The checks verify's options ask for; an empty optional after printing a usage error.
std::optional<CredentialExpectations> expectations(const Arguments& args, int& exitCode)
{
    CredentialExpectations expect;
    expect.now = nowSeconds();
    QString problem;
    if (const auto role = args.value(QStringLiteral("--role"))) {
        expect.role = parseRole(*role);
        if (!expect.role) {
            problem = QStringLiteral("--role must be one of patient, clinician, staff, admin");
        }
    }
    if (const auto device = args.value(QStringLiteral("--device-key"))) {
        expect.deviceKey = parseKeyHex(*device);
        if (!expect.deviceKey) {
            problem = QStringLiteral("--device-key must be a 32-byte public key as 64 hex digits");
        }
    }
    if (const auto time = args.value(QStringLiteral("--time"))) {
        bool ok = false;
        expect.now = time->toLongLong(&ok);
        if (!ok || expect.now < 0 || expect.now > kMaxTimeSeconds) {
            problem = QStringLiteral("--time takes UTC seconds since 1970");
        }
    }
    if (!problem.isEmpty()) {
        exitCode = usage(problem);
        return std::nullopt;
    }
    return expect;
}

int verify(Arguments& args)
{
    if (auto problem = args.validate(
            { { QStringLiteral("--org-key"), QStringLiteral("--revocations"), QStringLiteral("--role"),
                  QStringLiteral("--device-key"), QStringLiteral("--time") },
                {} },
            2)) {
        return usage(*problem);
    }
    const auto orgKey = parseKeyHex(args.value(QStringLiteral("--org-key")).value_or(QString()));
    if (args.positionals().size() != 1 || !orgKey) {
        return usage(
            QStringLiteral("org verify needs one CREDENTIAL file and --org-key with the organisation "
                           "key as 64 hex digits"));
    }
    int exitCode = kExitOk;
    const auto expect = expectations(args, exitCode);
    if (!expect) {
        return exitCode;
    }
    CredentialVerifier verifier(*orgKey);
    if (const auto path = args.value(QStringLiteral("--revocations"))) {
        auto bytes = readLimitedFile(*path, kMaxRevocationListBytes, QStringLiteral("revocation list"));
        if (!bytes) {
            return fail(bytes.error());
        }
        if (auto list = verifier.acceptRevocations(bytes.value()); !list) {
            return fail(list.error());
        }
    }
    const QString path = args.positionals().first();
    auto bytes = readLimitedFile(path, kMaxCredentialBytes, QStringLiteral("credential"));
    if (!bytes) {
        return fail(bytes.error());
    }
    auto credential = verifier.verify(bytes.value(), *expect);
    if (!credential) {
        return fail(credential.error());
    }
    const CredentialFields& f = credential->fields();
    printLine(QStringLiteral("The credential is valid."));
    printLine(QStringLiteral("user: %1").arg(f.userId));
    printLine(QStringLiteral("name: %1").arg(f.displayName));
    printLine(QStringLiteral("role: %1").arg(roleName(f.role)));
    printLine(QStringLiteral("organisation: %1").arg(credential->issuer().fields().organisationName));
    printLine(QStringLiteral("serial: %1").arg(f.serial));
    printLine(QStringLiteral("expires: %1").arg(utcText(f.validity.notAfter)));
    return kExitOk;
}

} // namespace

int runOrg(Arguments& args)
{
    const QString sub = args.words().value(1);
    if (sub == QLatin1String("init")) {
        return init(args);
    }
    if (sub == QLatin1String("issue")) {
        return issue(args);
    }
    if (sub == QLatin1String("revoke")) {
        return revoke(args);
    }
    if (sub == QLatin1String("verify")) {
        return verify(args);
    }
    return usage(QStringLiteral("org needs one of: init, issue, revoke, verify"));
}

} // namespace ward::ctl
