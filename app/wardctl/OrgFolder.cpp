#include "OrgFolder.h"

#include "PassphraseInput.h"
#include "policy/PassphrasePolicy.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ward::ctl {

using namespace ward::crypto::credential;

OrgFolder::OrgFolder(QString dir)
    : m_dir(std::move(dir))
{ }

QString OrgFolder::rootKey() const
{
    return QDir(m_dir).filePath(QStringLiteral("root.key"));
}

QString OrgFolder::issuingKey() const
{
    return QDir(m_dir).filePath(QStringLiteral("issuing.key"));
}

QString OrgFolder::issuerCertificate() const
{
    return QDir(m_dir).filePath(QStringLiteral("issuer.cert"));
}

QString OrgFolder::revocations() const
{
    return QDir(m_dir).filePath(QStringLiteral("revocations.list"));
}

QString OrgFolder::organisationKey() const
{
    return QDir(m_dir).filePath(QStringLiteral("organisation.pub"));
}

bool OrgFolder::holdsKeys() const
{
    return QFileInfo::exists(rootKey()) || QFileInfo::exists(issuingKey());
}

Result<SigningKey> OrgFolder::openKey(const QString& path, KeyUse use, const crypto::SecretBytes& passphrase)
{
    auto bytes = readLimitedFile(path, kMaxSigningKeyFileBytes, QStringLiteral("key file"));
    if (!bytes) {
        return bytes.error();
    }
    auto file = SigningKeyFile::parse(bytes.value(), path);
    if (!file) {
        return file.error();
    }
    if (file->use() != use) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "%1 holds the organisation's %2 key, not its %3 key. Check the organisation folder.")
                .arg(path, keyUseName(file->use()), keyUseName(use)));
    }
    return file->open(passphrase);
}

Result<QByteArray> readLimitedFile(const QString& path, qsizetype maxBytes, const QString& what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
            QStringLiteral("Ward could not read the %1 %2 (%3). Check the path and try again.")
                .arg(what, path, file.errorString()));
    }
    return file.read(maxBytes + 1);
}

Result<crypto::SecretBytes> readOrgPassphrase(bool newPassphrase)
{
    auto line = readPassphraseLine(newPassphrase ? "New organisation passphrase" : "Organisation passphrase");
    if (!line) {
        return line.error();
    }
    auto normalized = policy::PassphrasePolicy::normalize(line.value());
    if (!normalized) {
        return normalized.error();
    }
    if (newPassphrase) {
        if (auto accepted = policy::PassphrasePolicy().enforce(normalized.value()); !accepted) {
            return accepted.error();
        }
    }
    return normalized;
}

std::optional<QByteArray> parseKeyHex(const QString& text)
{
    static const QRegularExpression kHex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!kHex.match(text).hasMatch()) {
        return std::nullopt;
    }
    return QByteArray::fromHex(text.toLatin1());
}

} // namespace ward::ctl
