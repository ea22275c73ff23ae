#include "ServerKeyFile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <sodium.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ward::server {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kKeyHexChars = kKeyBytes * 2;

int hexValue(std::uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

Error malformedKey(const QString& where)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("%1 does not hold a database key (64 hex digits). Restore the right key; a new one "
                       "will not open the existing server.db.")
            .arg(where));
}

} // namespace

Status requireOwnerOnly(const QString& path, const QString& what)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("The %1 %2 is missing. Restore it from your backup.").arg(what, path));
    }
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if ((info.permissions() & others) != 0) {
        return makeError(ErrorCode::Unsafe,
            QStringLiteral("The %1 %2 may be read by other users, so ward-server will not use it. Run "
                           "`chmod 600 %2` and check who could have copied it.")
                .arg(what, path));
    }
    return {};
}

Result<crypto::SecretBytes> parseDatabaseKeyHex(const std::uint8_t* data, std::size_t size)
{
    if (size == kKeyHexChars + 1 && data[kKeyHexChars] == '\n') {
        size = kKeyHexChars;
    }
    if (size != kKeyHexChars) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("A database key is 64 hex digits."));
    }
    crypto::SecretBytes key(kKeyBytes);
    for (std::size_t i = 0; i < kKeyBytes; ++i) {
        const int high = hexValue(data[2 * i]);
        const int low = hexValue(data[2 * i + 1]);
        if (high < 0 || low < 0) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("A database key is 64 hex digits."));
        }
        key.data()[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return key;
}

Result<std::optional<crypto::SecretBytes>> databaseKeyFromEnvironment()
{
    const char* value = std::getenv(kDatabaseKeyEnvironment);
    if (value == nullptr) {
        return std::optional<crypto::SecretBytes>();
    }
    auto key = parseDatabaseKeyHex(reinterpret_cast<const std::uint8_t*>(value), std::strlen(value));
    if (!key) {
        return malformedKey(
            QStringLiteral("The environment variable %1").arg(QLatin1String(kDatabaseKeyEnvironment)));
    }
    return std::optional<crypto::SecretBytes>(std::move(key).value());
}

Result<crypto::SecretBytes> loadDatabaseKey(const QString& keyFile)
{
    auto fromEnvironment = databaseKeyFromEnvironment();
    if (!fromEnvironment) {
        return fromEnvironment.error();
    }
    if (fromEnvironment->has_value()) {
        return std::move(**fromEnvironment);
    }
    if (!QFileInfo::exists(keyFile)) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral(
                "The database key file %1 is missing. Restore it from your backup, or set %2 to the "
                "key.")
                .arg(keyFile, QLatin1String(kDatabaseKeyEnvironment)));
    }
    if (auto safe = requireOwnerOnly(keyFile, QStringLiteral("database key file")); !safe) {
        return safe.error();
    }
    // 64 hex digits and a newline at most; anything larger is malformed.
    auto buffer = readSecretFile(keyFile, kKeyHexChars + 1, QStringLiteral("database key file"));
    if (!buffer) {
        return buffer.error().code == ErrorCode::InvalidArgument ? malformedKey(keyFile) : buffer.error();
    }
    auto key = parseDatabaseKeyHex(buffer->data(), buffer->size());
    if (!key) {
        return malformedKey(keyFile);
    }
    return key;
}

Result<crypto::SecretBytes> readSecretFile(const QString& path, std::size_t maxBytes, const QString& what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return makeError(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
            QStringLiteral("ward-server could not read the %1 %2 (%3). Check that you run it as the owner of "
                           "the file.")
                .arg(what, path, file.errorString()));
    }
    // Unbuffered, straight into wiped memory; one byte more than allowed shows an oversized file.
    crypto::SecretBytes buffer(maxBytes + 1);
    const qint64 got = file.read(reinterpret_cast<char*>(buffer.data()), static_cast<qint64>(buffer.size()));
    if (got < 0) {
        return makeError(
            ErrorCode::Io, QStringLiteral("ward-server could not read the %1 %2.").arg(what, path));
    }
    if (static_cast<std::size_t>(got) > maxBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The %1 %2 is larger than %3 bytes.").arg(what, path, QString::number(maxBytes)));
    }
    buffer.resize(static_cast<std::size_t>(got));
    return buffer;
}

Status writeDatabaseKey(const QString& keyFile, const crypto::SecretBytes& key)
{
    static constexpr char kHex[] = "0123456789abcdef";
    crypto::SecretBytes text(key.size() * 2 + 1);
    for (std::size_t i = 0; i < key.size(); ++i) {
        text.data()[2 * i] = static_cast<std::uint8_t>(kHex[key.data()[i] >> 4]);
        text.data()[2 * i + 1] = static_cast<std::uint8_t>(kHex[key.data()[i] & 0x0f]);
    }
    text.data()[text.size() - 1] = '\n';
    return writeSecretFile(keyFile, text);
}

Status writeSecretFile(const QString& path, const crypto::SecretBytes& bytes)
{
    const auto failed = [&](const char* step) {
        return makeError(ErrorCode::Io,
            QStringLiteral("ward-server could not %1 %2 (%3). Check that the folder is writable and the disk "
                           "has space.")
                .arg(QLatin1String(step), path, QString::fromLocal8Bit(std::strerror(errno))));
    };
#ifdef Q_OS_UNIX
    // Plain system calls rather than QSaveFile, whose write buffer would keep an unwiped copy of the secret.
    // The temporary file is owner-only from the moment it exists.
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary = target + ".tmp";
    ::unlink(temporary.constData());
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return failed("create");
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ::close(fd);
            ::unlink(temporary.constData());
            return failed("write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.constData(), target.constData()) != 0) {
        ::unlink(temporary.constData());
        return failed("save");
    }
    return {};
#else
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return failed("create");
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes.chars(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size())
        || !file.commit()) {
        file.cancelWriting();
        return failed("write");
    }
    return {};
#endif
}

} // namespace ward::server
