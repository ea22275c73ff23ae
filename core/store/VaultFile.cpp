#include "store/VaultFile.h"

#include <QCborMap>
#include <QCborValue>

#include <limits>

namespace ward::store {

namespace {

constexpr qsizetype kMaxKeys = 32;
constexpr qsizetype kMaxSealedBytes = 4096;
constexpr qsizetype kMaxNameBytes = 64;
constexpr qsizetype kMaxTextBytes = 64;

QCborMap encodeCipher(const CipherSettings& c)
{
    QCborMap m;
    m.insert(QStringLiteral("sqlcipher"), c.writtenBy);
    m.insert(QStringLiteral("page_size"), c.pageSize);
    m.insert(QStringLiteral("kdf_iter"), c.kdfIterations);
    m.insert(QStringLiteral("hmac"), c.hmacAlgorithm);
    m.insert(QStringLiteral("kdf"), c.kdfAlgorithm);
    return m;
}

// Reads one field of a map with its type and limits checked; any surprise is a damaged file.
class Reader {
public:
    Reader(const QString& source)
        : m_source(source)
    { }

    bool failed() const { return m_failed; }
    Error error() const
    {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral(
                "The profile's key file is damaged (%1: %2). Ward changed nothing; restore the file from a "
                "backup or contact your clinic's IT support.")
                .arg(m_source, m_problem));
    }
    void fail(const QString& problem)
    {
        if (!m_failed) {
            m_failed = true;
            m_problem = problem;
        }
    }

    std::int64_t integer(const QCborMap& map, const char* key, std::int64_t min, std::int64_t max)
    {
        const QCborValue v = map.value(QLatin1String(key));
        if (!v.isInteger() || v.toInteger() < min || v.toInteger() > max) {
            fail(QStringLiteral("field '%1' is missing or out of range").arg(QLatin1String(key)));
            return min;
        }
        return v.toInteger();
    }
    QByteArray bytes(const QCborMap& map, const char* key, qsizetype min, qsizetype max)
    {
        const QCborValue v = map.value(QLatin1String(key));
        if (!v.isByteArray() || v.toByteArray().size() < min || v.toByteArray().size() > max) {
            fail(QStringLiteral("field '%1' is missing or has the wrong size").arg(QLatin1String(key)));
            return {};
        }
        return v.toByteArray();
    }
    QString text(const QCborMap& map, const char* key)
    {
        const QCborValue v = map.value(QLatin1String(key));
        if (!v.isString() || v.toString().size() > kMaxTextBytes) {
            fail(QStringLiteral("field '%1' is missing or too long").arg(QLatin1String(key)));
            return {};
        }
        return v.toString();
    }
    QCborMap map(const QCborMap& parent, const char* key)
    {
        const QCborValue v = parent.value(QLatin1String(key));
        if (!v.isMap()) {
            fail(QStringLiteral("section '%1' is missing").arg(QLatin1String(key)));
            return {};
        }
        return v.toMap();
    }

private:
    QString m_source;
    QString m_problem;
    bool m_failed = false;
};

Result<QCborMap> decodeMap(const QByteArray& bytes, Reader& reader)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes, &error);
    if (error.error != QCborError::NoError || !value.isMap()) {
        reader.fail(QStringLiteral("not a CBOR map"));
        return reader.error();
    }
    return value.toMap();
}

} // namespace

QByteArray VaultHeader::encode() const
{
    QCborMap kdfMap;
    kdfMap.insert(QStringLiteral("alg"), QStringLiteral("argon2id13"));
    kdfMap.insert(QStringLiteral("ops"), static_cast<qint64>(kdf.opsLimit));
    kdfMap.insert(QStringLiteral("mem"), static_cast<qint64>(kdf.memLimitBytes));
    kdfMap.insert(QStringLiteral("salt"), salt);

    QCborMap m;
    m.insert(QStringLiteral("format"), QStringLiteral("ward-vault"));
    m.insert(QStringLiteral("version"), kVaultFormatVersion);
    m.insert(QStringLiteral("kdf"), kdfMap);
    m.insert(QStringLiteral("cipher"), encodeCipher(cipher));
    m.insert(QStringLiteral("created"), static_cast<qint64>(createdAtMs));
    return QCborValue(m).toCbor();
}

VaultFile::VaultFile(VaultHeader header)
    : m_header(std::move(header))
    , m_headerBytes(m_header.encode())
{ }

QByteArray VaultFile::associatedData(const QString& name) const
{
    return m_headerBytes + QByteArray(1, '\0') + name.toUtf8();
}

QByteArray VaultFile::serialize() const
{
    QCborMap keys;
    for (const auto& [name, sealed] : m_keys) {
        QCborMap entry;
        entry.insert(QStringLiteral("nonce"), sealed.nonce);
        entry.insert(QStringLiteral("sealed"), sealed.ciphertext);
        keys.insert(name, entry);
    }
    QCborMap top;
    top.insert(QStringLiteral("header"), m_headerBytes);
    top.insert(QStringLiteral("keys"), keys);
    return QCborValue(top).toCbor();
}

Result<VaultFile> VaultFile::parse(const QByteArray& bytes, const QString& source)
{
    Reader reader(source);
    if (bytes.size() > kVaultMaxBytes) {
        reader.fail(QStringLiteral("larger than %1 bytes").arg(kVaultMaxBytes));
        return reader.error();
    }
    if (bytes.isEmpty()) {
        reader.fail(QStringLiteral("the file is empty"));
        return reader.error();
    }
    auto top = decodeMap(bytes, reader);
    if (!top) {
        return top.error();
    }
    VaultFile file;
    file.m_headerBytes = reader.bytes(top.value(), "header", 1, 4096);
    const QCborMap keys = reader.map(top.value(), "keys");
    if (reader.failed()) {
        return reader.error();
    }
    auto header = decodeMap(file.m_headerBytes, reader);
    if (!header) {
        return header.error();
    }
    const QCborMap& h = header.value();
    if (reader.text(h, "format") != QLatin1String("ward-vault")) {
        reader.fail(QStringLiteral("not a Ward key file"));
        return reader.error();
    }
    const std::int64_t version = reader.integer(h, "version", 1, 1'000'000);
    if (reader.failed()) {
        return reader.error();
    }
    if (version > kVaultFormatVersion) {
        return makeError(ErrorCode::TooNew,
            QStringLiteral(
                "The profile's key file (%1) was written by a newer version of Ward (key file format %2). "
                "Update Ward to open this profile.")
                .arg(source)
                .arg(version));
    }

    const QCborMap kdf = reader.map(h, "kdf");
    if (reader.text(kdf, "alg") != QLatin1String("argon2id13")) {
        reader.fail(QStringLiteral("unknown key-derivation algorithm"));
    }
    VaultHeader& vh = file.m_header;
    vh.kdf.opsLimit = static_cast<std::uint64_t>(reader.integer(kdf, "ops", 1, crypto::kArgon2MaxOps));
    vh.kdf.memLimitBytes = static_cast<std::uint64_t>(
        reader.integer(kdf, "mem", 1, static_cast<std::int64_t>(crypto::kArgon2MaxMemBytes)));
    vh.salt = reader.bytes(kdf, "salt", crypto::kArgon2SaltBytes, crypto::kArgon2SaltBytes);
    if (!reader.failed() && !crypto::argon2ParamsAcceptable(vh.kdf)) {
        reader.fail(QStringLiteral("key-derivation settings below Ward's minimum"));
    }

    const QCborMap cipher = reader.map(h, "cipher");
    vh.cipher.writtenBy = reader.text(cipher, "sqlcipher");
    vh.cipher.pageSize = static_cast<int>(reader.integer(cipher, "page_size", 512, 65536));
    vh.cipher.kdfIterations = static_cast<int>(reader.integer(cipher, "kdf_iter", 1, 10'000'000));
    vh.cipher.hmacAlgorithm = reader.text(cipher, "hmac");
    vh.cipher.kdfAlgorithm = reader.text(cipher, "kdf");
    if (!reader.failed() && !vh.cipher.valid()) {
        reader.fail(QStringLiteral("unsupported database encryption settings"));
    }
    vh.createdAtMs = reader.integer(h, "created", 0, std::numeric_limits<std::int64_t>::max());

    if (keys.size() > kMaxKeys) {
        reader.fail(QStringLiteral("too many keys"));
    }
    for (auto it = keys.constBegin(); !reader.failed() && it != keys.constEnd(); ++it) {
        const QString name = it.key().toString();
        if (!it.key().isString() || name.isEmpty() || name.toUtf8().size() > kMaxNameBytes
            || !it.value().isMap()) {
            reader.fail(QStringLiteral("a key entry is malformed"));
            break;
        }
        const QCborMap entry = it.value().toMap();
        crypto::Sealed sealed;
        sealed.nonce = reader.bytes(entry, "nonce", crypto::kAeadNonceBytes, crypto::kAeadNonceBytes);
        sealed.ciphertext = reader.bytes(entry, "sealed", crypto::kAeadTagBytes, kMaxSealedBytes);
        file.m_keys[name] = sealed;
    }
    if (!reader.failed() && file.m_keys.find(QString::fromLatin1(kDatabaseKeyName)) == file.m_keys.end()) {
        reader.fail(QStringLiteral("the database key is missing"));
    }
    if (reader.failed()) {
        return reader.error();
    }
    return file;
}

} // namespace ward::store
