// wardctl crypto verify: checks a file against a minisign signature, as `minisign -V` does, so that IT and
// scripts can check a download before installing it. Prints the trusted comment when the signature holds.
#include "Commands.h"
#include "ExitCode.h"
#include "crypto/minisign/MinisignVerifier.h"

#include <QFileInfo>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kPubkey = QStringLiteral("--pubkey");
const QString kSig = QStringLiteral("--sig");
const QString kPrehashedOnly = QStringLiteral("--prehashed-only");
constexpr qsizetype kBareKeyLength = 56; // base64 of "Ed", the key id and the key

// --pubkey takes a .pub file or the bare base64 key (whose alphabet includes '/'). A value that is neither
// and looks like a path is reported as a missing file rather than as bad base64.
Result<crypto::MinisignPublicKey> loadPublicKey(const QString& value)
{
    if (QFileInfo::exists(value)) {
        return crypto::MinisignPublicKey::readFile(value);
    }
    auto key = crypto::MinisignPublicKey::parse(value.toUtf8());
    const bool looksLikePath = value.endsWith(QLatin1String(".pub"))
        || ((value.contains(QLatin1Char('/')) || value.contains(QLatin1Char('\\')))
            && value.size() != kBareKeyLength);
    if (!key && looksLikePath) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("The public key file %1 does not exist. Give a .pub file or the key itself.")
                .arg(value));
    }
    return key;
}

} // namespace

int runCryptoVerify(Arguments& args)
{
    if (auto problem = args.validate({ { kPubkey, kSig }, { kPrehashedOnly } }, 2)) {
        return usage(*problem);
    }
    const auto pubkey = args.value(kPubkey);
    const auto sig = args.value(kSig);
    if (!pubkey || !sig || args.positionals().size() != 1) {
        return usage(
            QStringLiteral("crypto verify needs --pubkey FILE_OR_KEY, --sig FILE.minisig and one FILE"));
    }
    auto key = loadPublicKey(*pubkey);
    if (!key) {
        return fail(key.error());
    }
    auto signature = crypto::MinisignSignature::readFile(*sig);
    if (!signature) {
        return fail(signature.error());
    }
    crypto::MinisignOptions options;
    options.allowLegacy = !args.flag(kPrehashedOnly);
    const crypto::MinisignVerifier verifier(std::move(key).value(), options);
    auto comment = verifier.verifyFile(args.positionals().first(), signature.value());
    if (!comment) {
        return fail(comment.error());
    }
    std::printf("%s\n", comment->toUtf8().constData());
    return kExitOk;
}

} // namespace ward::ctl
