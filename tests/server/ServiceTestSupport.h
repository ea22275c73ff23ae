// Helpers for the tests of the services signed-in devices use: the wire error of a reply, a further device
// for an existing account, and short ways to read push bodies.
#pragma once

#include "ServerFixture.h"
#include "store/DeviceRepository.h"

#include <catch2/catch.hpp>

namespace ward::test {

inline protocol::WireError errorOf(const protocol::Message& message)
{
    REQUIRE(message.isError());
    return message.toError().wire;
}

inline bool isReply(const protocol::Message& message, const char* requestType)
{
    return message.type == QLatin1String(requestType) + QLatin1String(".ok");
}

// Another enrolled device of `userId` (the fixture's addUser makes the account and its first device).
inline crypto::DeviceIdentity addDevice(ServerFixture& server, const QString& userId)
{
    crypto::DeviceIdentity device = crypto::DeviceIdentity::generate();
    const auto& pub = device.publicIdentity();
    server::DeviceRecord record { pub.signingKey, userId, pub.staticKey, pub.staticKeySignature,
        QStringLiteral("second device"), {}, server.clock().now(), std::nullopt, std::nullopt };
    REQUIRE(server::DeviceRepository(server.db()).add(record).ok());
    return device;
}

inline QString textOf(const protocol::Message& message, const char* key)
{
    return message.body.value(QLatin1String(key)).toString();
}

inline qint64 intOf(const protocol::Message& message, const char* key)
{
    return message.body.value(QLatin1String(key)).toInteger();
}

inline QByteArray bytesOf(const protocol::Message& message, const char* key)
{
    return message.body.value(QLatin1String(key)).toByteArray();
}

} // namespace ward::test
