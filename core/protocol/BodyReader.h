// Typed, bounded reads of a message body's fields. Every getter refuses a missing field, a field of the
// wrong CBOR type and one over its limit with a ProtocolError (Malformed or TooLarge) naming the field, so a
// handler reads a request in a few lines and never touches an unchecked value.
#pragma once

#include "common/Result.h"
#include "protocol/Message.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QString>
#include <optional>
#include <utility>

namespace ward::protocol {

class BodyReader {
public:
    // Keeps its own (implicitly shared) copy, so a reader of a temporary map stays valid.
    explicit BodyReader(QCborMap body)
        : m_body(std::move(body))
    { }

    bool has(const char* key) const;
    // Text of 1..maxChars characters.
    Result<QString, ProtocolError> text(const char* key, qsizetype maxChars) const;
    Result<std::optional<QString>, ProtocolError> optionalText(const char* key, qsizetype maxChars) const;
    // A user id: 1..kMaxUserIdChars of [a-z0-9._-].
    Result<QString, ProtocolError> userId(const char* key) const;
    // A byte string of exactly `size` bytes.
    Result<QByteArray, ProtocolError> bytes(const char* key, qsizetype size) const;
    Result<std::optional<QByteArray>, ProtocolError> optionalBytes(const char* key, qsizetype size) const;
    // A byte string of 1..maxBytes bytes.
    Result<QByteArray, ProtocolError> blob(const char* key, qsizetype maxBytes) const;
    Result<qint64, ProtocolError> integer(const char* key, qint64 min, qint64 max) const;
    Result<std::optional<qint64>, ProtocolError> optionalInteger(
        const char* key, qint64 min, qint64 max) const;
    // An array of at most maxItems maps.
    Result<QCborArray, ProtocolError> mapArray(const char* key, qsizetype maxItems) const;

private:
    QCborMap m_body;
};

bool isValidUserId(const QString& userId);

} // namespace ward::protocol
