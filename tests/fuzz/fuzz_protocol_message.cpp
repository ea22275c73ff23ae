// Every frame a client sends goes through Message::parse. It must never crash and must fail with a
// sentence; every BodyReader getter must be safe on every key of what parses; and what parses must encode
// to a frame that parses to the same type, id and body (the same encoding again).
#include "protocol/BodyReader.h"
#include "protocol/Message.h"

#include <cstdint>
#include <cstdlib>

using namespace ward::protocol;

namespace {

void readEveryWay(const QCborMap& body)
{
    const BodyReader reader(body);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        const QByteArray key = it.key().toString().toUtf8();
        const char* k = key.constData();
        (void)reader.has(k);
        (void)reader.text(k, 64);
        (void)reader.optionalText(k, 64);
        (void)reader.userId(k);
        (void)reader.bytes(k, 32);
        (void)reader.optionalBytes(k, 32);
        (void)reader.blob(k, 1024);
        (void)reader.integer(k, -1000, 1000);
        (void)reader.optionalInteger(k, 0, INT64_MAX);
        (void)reader.mapArray(k, 16);
    }
    // A key that is not there.
    (void)reader.text("absent-key", 8);
    (void)reader.optionalBytes("absent-key", 32);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray frame(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto parsed = Message::parse(frame);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    readEveryWay(parsed->body);
    // Bodies are compared by their encoding: a NaN in a body never equals itself as a QCborValue, but it
    // must survive the round trip all the same.
    const QByteArray encoded = parsed->encode();
    auto again = Message::parse(encoded);
    if (!again || again->type != parsed->type || again->id != parsed->id || again->encode() != encoded) {
        std::abort();
    }
    return 0;
}
