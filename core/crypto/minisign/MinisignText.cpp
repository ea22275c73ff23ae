#include "crypto/minisign/MinisignText.h"

#include "crypto/Sodium.h"

#include <QFile>

#include <sodium.h>

namespace ward::crypto::minisign {

Result<QList<QByteArray>> splitLines(
    const QByteArray& text, int count, const QString& what, MinisignFailure* failure)
{
    QList<QByteArray> lines = text.split('\n');
    // A final line ending leaves one empty piece behind it; that piece is not a line.
    if (lines.size() > 1 && lines.last().isEmpty()) {
        lines.removeLast();
    }
    // Like minisign, every carriage return before the line feed belongs to the ending, not to the line.
    for (QByteArray& line : lines) {
        while (line.endsWith('\r')) {
            line.chop(1);
        }
    }
    if (lines.size() != count) {
        return minisignError(MinisignFailure::LineCount,
            QStringLiteral(
                "A minisign %1 has %2 lines, but this one has %3. Check that it is a minisign %1 and "
                "that nothing was added to it or cut from it.")
                .arg(what)
                .arg(count)
                .arg(lines.size()),
            failure);
    }
    return lines;
}

Result<QByteArray> afterPrefix(const QByteArray& line, const QByteArray& prefix, int lineNumber,
    const QString& what, MinisignFailure* failure)
{
    if (!line.startsWith(prefix)) {
        return minisignError(MinisignFailure::MissingPrefix,
            QStringLiteral("Line %1 of the %2 does not start with \"%3\". Check that it is a minisign %2.")
                .arg(lineNumber)
                .arg(what, QString::fromLatin1(prefix)),
            failure);
    }
    return line.mid(prefix.size());
}

Result<QByteArray> decodeBase64Line(
    const QByteArray& line, qsizetype size, int lineNumber, const QString& what, MinisignFailure* failure)
{
    ensureSodium();
    QByteArray decoded(line.size() / 4 * 3 + 3, Qt::Uninitialized);
    std::size_t written = 0;
    const char* end = nullptr;
    const int rc = sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()),
        static_cast<std::size_t>(decoded.size()), line.constData(), static_cast<std::size_t>(line.size()),
        nullptr, &written, &end, sodium_base64_VARIANT_ORIGINAL);
    decoded.truncate(static_cast<qsizetype>(written));
    if (rc != 0 || end != line.constData() + line.size() || encodeBase64(decoded) != line) {
        return minisignError(MinisignFailure::BadBase64,
            QStringLiteral("Line %1 of the %2 is not valid base64. Check that the %2 was copied whole and "
                           "unchanged.")
                .arg(lineNumber)
                .arg(what),
            failure);
    }
    if (decoded.size() != size) {
        return minisignError(MinisignFailure::WrongLength,
            QStringLiteral("Line %1 of the %2 holds %3 bytes where %4 were expected. Check that it is a "
                           "minisign %2 and that it was copied whole.")
                .arg(lineNumber)
                .arg(what)
                .arg(decoded.size())
                .arg(size),
            failure);
    }
    return decoded;
}

QByteArray encodeBase64(const QByteArray& bytes)
{
    ensureSodium();
    const std::size_t encodedSize
        = sodium_base64_ENCODED_LEN(static_cast<std::size_t>(bytes.size()), sodium_base64_VARIANT_ORIGINAL);
    QByteArray out(static_cast<qsizetype>(encodedSize), Qt::Uninitialized);
    sodium_bin2base64(out.data(), encodedSize, reinterpret_cast<const unsigned char*>(bytes.constData()),
        static_cast<std::size_t>(bytes.size()), sodium_base64_VARIANT_ORIGINAL);
    out.truncate(out.size() - 1); // the terminating NUL
    return out;
}

Result<QByteArray> readBoundedFile(
    const QString& path, qsizetype limit, const QString& what, MinisignFailure* failure)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return minisignError(MinisignFailure::Unreadable,
            QStringLiteral("The %1 %2 could not be opened: %3.").arg(what, path, file.errorString()),
            failure);
    }
    // One byte more than allowed tells "exactly at the limit" from "over it" without reading the rest.
    QByteArray bytes = file.read(limit + 1);
    if (file.error() != QFileDevice::NoError) {
        return minisignError(MinisignFailure::Unreadable,
            QStringLiteral("The %1 %2 could not be read: %3.").arg(what, path, file.errorString()), failure);
    }
    if (bytes.size() > limit) {
        return minisignError(MinisignFailure::TooLarge,
            QStringLiteral("The %1 %2 is larger than %3 bytes, too large to be a minisign %1.")
                .arg(what, path)
                .arg(limit),
            failure);
    }
    return bytes;
}

} // namespace ward::crypto::minisign
