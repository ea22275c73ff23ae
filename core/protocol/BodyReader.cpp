#include "protocol/BodyReader.h"

#include "protocol/ProtocolLimits.h"

#include <QCborValue>

namespace ward::protocol {

namespace {

ProtocolError fieldError(WireError wire, const char* key, const QString& what)
{
    ProtocolError error;
    error.code = ErrorCode::InvalidArgument;
    error.wire = wire;
    error.message = QStringLiteral("The field \"%1\" %2.").arg(QLatin1String(key), what);
    return error;
}

ProtocolError missing(const char* key)
{
    return fieldError(WireError::Malformed, key, QStringLiteral("is missing"));
}

ProtocolError wrongType(const char* key, const char* expected)
{
    return fieldError(WireError::Malformed, key, QStringLiteral("is not %1").arg(QLatin1String(expected)));
}

} // namespace

bool isValidUserId(const QString& userId)
{
    if (userId.isEmpty() || userId.size() > kMaxUserIdChars) {
        return false;
    }
    for (const QChar c : userId) {
        const bool allowed
            = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

bool BodyReader::has(const char* key) const
{
    return !m_body.value(QLatin1String(key)).isUndefined();
}

Result<QString, ProtocolError> BodyReader::text(const char* key, qsizetype maxChars) const
{
    const QCborValue value = m_body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!value.isString()) {
        return wrongType(key, "text");
    }
    const QString text = value.toString();
    if (text.isEmpty()) {
        return fieldError(WireError::Malformed, key, QStringLiteral("is empty"));
    }
    if (text.size() > maxChars) {
        return fieldError(
            WireError::TooLarge, key, QStringLiteral("is longer than %1 characters").arg(maxChars));
    }
    return text;
}

Result<std::optional<QString>, ProtocolError> BodyReader::optionalText(
    const char* key, qsizetype maxChars) const
{
    if (!has(key)) {
        return std::optional<QString> {};
    }
    auto value = text(key, maxChars);
    if (!value) {
        return value.error();
    }
    return std::optional<QString>(value.value());
}

Result<QString, ProtocolError> BodyReader::userId(const char* key) const
{
    auto value = text(key, kMaxUserIdChars);
    if (!value) {
        return value.error();
    }
    if (!isValidUserId(value.value())) {
        return fieldError(WireError::Malformed, key,
            QStringLiteral("is not a user id (lower-case letters, digits, '.', '_' and '-')"));
    }
    return value;
}

Result<QByteArray, ProtocolError> BodyReader::bytes(const char* key, qsizetype size) const
{
    const QCborValue value = m_body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!value.isByteArray()) {
        return wrongType(key, "a byte string");
    }
    QByteArray bytes = value.toByteArray();
    if (bytes.size() != size) {
        return fieldError(WireError::Malformed, key, QStringLiteral("is not %1 bytes long").arg(size));
    }
    return bytes;
}

Result<std::optional<QByteArray>, ProtocolError> BodyReader::optionalBytes(
    const char* key, qsizetype size) const
{
    if (!has(key)) {
        return std::optional<QByteArray> {};
    }
    auto value = bytes(key, size);
    if (!value) {
        return value.error();
    }
    return std::optional<QByteArray>(value.value());
}

Result<QByteArray, ProtocolError> BodyReader::blob(const char* key, qsizetype maxBytes) const
{
    const QCborValue value = m_body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!value.isByteArray()) {
        return wrongType(key, "a byte string");
    }
    QByteArray bytes = value.toByteArray();
    if (bytes.isEmpty()) {
        return fieldError(WireError::Malformed, key, QStringLiteral("is empty"));
    }
    if (bytes.size() > maxBytes) {
        return fieldError(WireError::TooLarge, key, QStringLiteral("is larger than %1 bytes").arg(maxBytes));
    }
    return bytes;
}

Result<qint64, ProtocolError> BodyReader::integer(const char* key, qint64 min, qint64 max) const
{
    const QCborValue value = m_body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!value.isInteger()) {
        return wrongType(key, "a whole number");
    }
    const qint64 number = value.toInteger();
    if (number < min || number > max) {
        return fieldError(WireError::Invalid, key, QStringLiteral("is outside %1..%2").arg(min).arg(max));
    }
    return number;
}

Result<std::optional<qint64>, ProtocolError> BodyReader::optionalInteger(
    const char* key, qint64 min, qint64 max) const
{
    if (!has(key)) {
        return std::optional<qint64> {};
    }
    auto value = integer(key, min, max);
    if (!value) {
        return value.error();
    }
    return std::optional<qint64>(value.value());
}

Result<QCborArray, ProtocolError> BodyReader::mapArray(const char* key, qsizetype maxItems) const
{
    const QCborValue value = m_body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!value.isArray()) {
        return wrongType(key, "an array");
    }
    QCborArray array = value.toArray();
    if (array.size() > maxItems) {
        return fieldError(WireError::TooLarge, key, QStringLiteral("has more than %1 items").arg(maxItems));
    }
    for (const QCborValue& item : array) {
        if (!item.isMap()) {
            return wrongType(key, "an array of maps");
        }
    }
    return array;
}

} // namespace ward::protocol
