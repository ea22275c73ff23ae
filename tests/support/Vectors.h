// Reading the published test vectors in tests/vectors: paths, JSON documents and hex fields. Header-only,
// because WARD_TEST_VECTORS_DIR is defined for the test executables, not for the support library.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <catch2/catch.hpp>

namespace ward::test {

inline QString vectorPath(const QString& name)
{
    return QStringLiteral(WARD_TEST_VECTORS_DIR) + QLatin1Char('/') + name;
}

inline QByteArray vectorFile(const QString& name)
{
    QFile file(vectorPath(name));
    INFO(vectorPath(name).toStdString());
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

inline QJsonObject vectorJson(const QString& name)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(vectorFile(name), &error);
    INFO(name.toStdString() << ": " << error.errorString().toStdString());
    REQUIRE(error.error == QJsonParseError::NoError);
    REQUIRE(doc.isObject());
    return doc.object();
}

// A hex field of a vector; fails the test when it is missing or not hex.
inline QByteArray hexField(const QJsonObject& object, const QString& key)
{
    INFO("field " << key.toStdString());
    const QJsonValue value = object.value(key);
    REQUIRE(value.isString());
    const QByteArray text = value.toString().toLatin1();
    QByteArray bytes = QByteArray::fromHex(text);
    REQUIRE(bytes.toHex() == text.toLower());
    return bytes;
}

} // namespace ward::test
