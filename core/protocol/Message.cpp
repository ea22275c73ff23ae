#include "protocol/Message.h"

#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QCborParserError>
#include <QCborValue>

namespace ward::protocol {

namespace {

ProtocolError protocolError(WireError wire, QString message, std::uint64_t requestId = 0)
{
    ProtocolError error;
    error.code = ErrorCode::InvalidArgument;
    error.message = std::move(message);
    error.wire = wire;
    error.requestId = requestId;
    return error;
}

bool validTypeName(const QString& type)
{
    if (type.isEmpty() || type.size() > kMaxTypeChars) {
        return false;
    }
    for (const QChar c : type) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<Message, ProtocolError> Message::parse(const QByteArray& frame)
{
    if (frame.size() > kMaxFrameBytes) {
        return protocolError(
            WireError::TooLarge, QStringLiteral("The message is larger than %1 bytes.").arg(kMaxFrameBytes));
    }
    QCborParserError parseError;
    const QCborValue root = QCborValue::fromCbor(frame, &parseError);
    if (parseError.error != QCborError::NoError) {
        return protocolError(WireError::Malformed, QStringLiteral("The message is not valid CBOR."));
    }
    if (!root.isMap()) {
        return protocolError(WireError::Malformed, QStringLiteral("The message is not a CBOR map."));
    }
    const QCborMap map = root.toMap();
    const QCborValue id = map.value(QLatin1String("id"));
    std::uint64_t requestId = 0;
    if (id.isInteger() && id.toInteger() >= 0) {
        requestId = static_cast<std::uint64_t>(id.toInteger());
    } else if (!id.isUndefined()) {
        return protocolError(WireError::Malformed, QStringLiteral("The message id is not a whole number."));
    }
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        const QString key = it.key().toString();
        if (key != QLatin1String("v") && key != QLatin1String("t") && key != QLatin1String("id")
            && key != QLatin1String("b")) {
            return protocolError(
                WireError::Malformed, QStringLiteral("The message has an unknown field."), requestId);
        }
    }
    const QCborValue version = map.value(QLatin1String("v"));
    if (!version.isInteger()) {
        return protocolError(WireError::Malformed, QStringLiteral("The message has no version."), requestId);
    }
    if (version.toInteger() != kProtocolVersion) {
        return protocolError(WireError::UnsupportedVersion,
            QStringLiteral("Protocol version %1 is not supported; this side speaks version %2.")
                .arg(version.toInteger())
                .arg(kProtocolVersion),
            requestId);
    }
    const QCborValue type = map.value(QLatin1String("t"));
    if (!type.isString() || !validTypeName(type.toString())) {
        return protocolError(
            WireError::Malformed, QStringLiteral("The message type is missing or not a name."), requestId);
    }
    const QCborValue body = map.value(QLatin1String("b"));
    if (!body.isUndefined() && !body.isMap()) {
        return protocolError(
            WireError::Malformed, QStringLiteral("The message body is not a map."), requestId);
    }
    Message message;
    message.type = type.toString();
    message.id = requestId;
    message.body = body.toMap();
    return message;
}

QByteArray Message::encode() const
{
    QCborMap map;
    map.insert(QLatin1String("v"), kProtocolVersion);
    map.insert(QLatin1String("t"), type);
    map.insert(QLatin1String("id"), static_cast<qint64>(id));
    map.insert(QLatin1String("b"), body);
    return map.toCborValue().toCbor();
}

Message Message::reply(const Message& request, QCborMap body)
{
    return Message { request.type + QLatin1String(".ok"), request.id, std::move(body) };
}

Message Message::error(std::uint64_t requestId, WireError code, const QString& message, QCborMap extra)
{
    extra.insert(QLatin1String("code"), wireErrorName(code));
    extra.insert(QLatin1String("message"), message);
    return Message { QString::fromLatin1(type::kError), requestId, std::move(extra) };
}

Message Message::push(const QString& type, QCborMap body)
{
    return Message { type, 0, std::move(body) };
}

bool Message::isError() const
{
    return type == QLatin1String(type::kError);
}

ProtocolError Message::toError() const
{
    ProtocolError error;
    error.wire = parseWireError(body.value(QLatin1String("code")).toString());
    error.code = ErrorCode::InvalidArgument;
    error.message = body.value(QLatin1String("message")).toString().left(512);
    if (error.message.isEmpty()) {
        error.message = QStringLiteral("The server refused the request.");
    }
    error.requestId = id;
    const QCborValue retryAfter = body.value(QLatin1String("retryAfterMs"));
    if (retryAfter.isInteger() && retryAfter.toInteger() > 0) {
        error.retryAfterMs = retryAfter.toInteger();
    }
    return error;
}

} // namespace ward::protocol
