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

// The field `key` of `body`, present and of the CBOR type `isType` checks, or the error saying which it is
// not.
Result<QCborValue, ProtocolError> typedField(
    const QCborMap& body, const char* key, bool (QCborValue::*isType)() const, const char* expected)
{
    QCborValue value = body.value(QLatin1String(key));
    if (value.isUndefined()) {
        return missing(key);
    }
    if (!(value.*isType)()) {
        return wrongType(key, expected);
    }
    return value;
}

// An absent field is no value; a present one must pass the same reading as a required one.
template <typename T, typename Read>
Result<std::optional<T>, ProtocolError> optionalField(bool present, Read read)
{
    if (!present) {
        return std::optional<T> {};
    }
    Result<T, ProtocolError> value = read();
    if (!value) {
        return value.error();
    }
    return std::optional<T>(std::move(value).value());
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
    auto field = typedField(m_body, key, &QCborValue::isString, "text");
    if (!field) {
        return field.error();
    }
    const QCborValue& value = field.value();
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
    return optionalField<QString>(has(key), [&] { return text(key, maxChars); });
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
    auto field = typedField(m_body, key, &QCborValue::isByteArray, "a byte string");
    if (!field) {
        return field.error();
    }
    const QCborValue& value = field.value();
    QByteArray bytes = value.toByteArray();
    if (bytes.size() != size) {
        return fieldError(WireError::Malformed, key, QStringLiteral("is not %1 bytes long").arg(size));
    }
    return bytes;
}

Result<std::optional<QByteArray>, ProtocolError> BodyReader::optionalBytes(
    const char* key, qsizetype size) const
{
    return optionalField<QByteArray>(has(key), [&] { return bytes(key, size); });
}

Result<QByteArray, ProtocolError> BodyReader::blob(const char* key, qsizetype maxBytes) const
{
    auto field = typedField(m_body, key, &QCborValue::isByteArray, "a byte string");
    if (!field) {
        return field.error();
    }
    const QCborValue& value = field.value();
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
    auto field = typedField(m_body, key, &QCborValue::isInteger, "a whole number");
    if (!field) {
        return field.error();
    }
    const QCborValue& value = field.value();
    const qint64 number = value.toInteger();
    if (number < min || number > max) {
        return fieldError(WireError::Invalid, key, QStringLiteral("is outside %1..%2").arg(min).arg(max));
    }
    return number;
}

Result<std::optional<qint64>, ProtocolError> BodyReader::optionalInteger(
    const char* key, qint64 min, qint64 max) const
{
    return optionalField<qint64>(has(key), [&] { return integer(key, min, max); });
}

Result<QCborArray, ProtocolError> BodyReader::mapArray(const char* key, qsizetype maxItems) const
{
    auto field = typedField(m_body, key, &QCborValue::isArray, "an array");
    if (!field) {
        return field.error();
    }
    const QCborValue& value = field.value();
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
