// One protocol message: a CBOR map {"v": 1, "t": type, "id": request id, "b": body map} sent as one binary
// WebSocket message. Requests carry the client's id (1 and up, unique per connection); the reply carries the
// same id and the type "<request type>.ok" or "error"; server pushes have id 0. See MessageTypes.h for the
// types and their bodies.
//
// parse() is the only reader of outside bytes here: it refuses frames over kMaxFrameBytes before decoding,
// anything that is not exactly such a map, and a version other than kProtocolVersion, each with a
// WireError the server sends back.
#pragma once

#include "common/Result.h"
#include "protocol/WireError.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>
#include <cstdint>

namespace ward::protocol {

struct ProtocolError : Error {
    WireError wire = WireError::Malformed;
    std::uint64_t requestId = 0; // the id of the request when it could be read, so the reply can carry it
    std::int64_t retryAfterMs = 0; // from a Throttled or RateLimited error reply: when to try again
};

struct Message {
    QString type;
    std::uint64_t id = 0;
    QCborMap body;

    static Result<Message, ProtocolError> parse(const QByteArray& frame);
    QByteArray encode() const;

    // "<type>.ok" with the request's id.
    static Message reply(const Message& request, QCborMap body = {});
    // "error" with {"code": wireErrorName, "message": sentence} and optional extra fields (retryAfterMs).
    static Message error(
        std::uint64_t requestId, WireError code, const QString& message, QCborMap extra = {});
    static Message push(const QString& type, QCborMap body = {});

    bool isError() const;
    // For an "error" message: the code and message as the client reports them.
    ProtocolError toError() const;
};

} // namespace ward::protocol
