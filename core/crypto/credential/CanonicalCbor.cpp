#include "crypto/credential/CanonicalCbor.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace ward::crypto::credential {

namespace {

// Keys in Ward's maps are short ASCII words; anything longer is not one of them.
constexpr qsizetype kMaxKeyBytes = 32;

bool keyBefore(const char* a, const char* b)
{
    const std::size_t la = std::strlen(a);
    const std::size_t lb = std::strlen(b);
    return la != lb ? la < lb : std::strcmp(a, b) < 0;
}

// A key found in the input, quoted in an error message only when it is plain ASCII.
QString quoted(const QString& key)
{
    const bool plain = std::all_of(key.cbegin(), key.cend(),
        [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f && c != QLatin1Char('\''); });
    return plain && !key.isEmpty() ? QStringLiteral("'%1'").arg(key) : QStringLiteral("(unprintable)");
}

} // namespace

bool cborKeysCanonical(CborKeys keys)
{
    return std::adjacent_find(keys.begin(), keys.end(), [](const char* a, const char* b) {
        return !keyBefore(a, b);
    }) == keys.end();
}

CanonicalCborWriter::CanonicalCborWriter()
    : m_writer(&m_out)
{ }

void CanonicalCborWriter::beginMap(CborKeys keys)
{
    assert(cborKeysCanonical(keys));
    m_writer.startMap(static_cast<quint64>(keys.size()));
    m_maps.push_back({ std::vector<const char*>(keys), 0 });
}

void CanonicalCborWriter::key(const char* name)
{
    assert(!m_maps.empty());
    OpenMap& map = m_maps.back();
    assert(map.next < map.keys.size() && std::strcmp(map.keys[map.next], name) == 0);
    ++map.next;
    m_writer.append(QLatin1StringView(name));
}

void CanonicalCborWriter::endMap()
{
    assert(!m_maps.empty() && m_maps.back().next == m_maps.back().keys.size());
    m_maps.pop_back();
    m_writer.endMap();
}

void CanonicalCborWriter::beginArray(std::size_t count)
{
    m_writer.startArray(static_cast<quint64>(count));
}

void CanonicalCborWriter::endArray()
{
    m_writer.endArray();
}

void CanonicalCborWriter::unsignedInt(std::uint64_t value)
{
    m_writer.append(static_cast<quint64>(value));
}

void CanonicalCborWriter::bytes(const QByteArray& value)
{
    m_writer.append(value);
}

void CanonicalCborWriter::text(const QString& value)
{
    m_writer.append(value);
}

CanonicalCborReader::CanonicalCborReader(const QByteArray& bytes)
    : m_reader(bytes)
    , m_size(bytes.size())
{ }

void CanonicalCborReader::fail(const QString& problem)
{
    if (m_problem.isEmpty()) {
        m_problem = problem;
    }
}

QString CanonicalCborReader::where() const
{
    if (m_readingKey) {
        return QStringLiteral("a map key");
    }
    return m_field != nullptr ? QStringLiteral("field '%1'").arg(QLatin1String(m_field))
                              : QStringLiteral("the value");
}

bool CanonicalCborReader::checkReader()
{
    if (failed()) {
        return false;
    }
    const QCborError error = m_reader.lastError();
    if (error.c == QCborError::EndOfFile) {
        fail(QStringLiteral("the data ends early"));
    } else if (error.c != QCborError::NoError) {
        fail(QStringLiteral("not well-formed CBOR (%1)").arg(error.toString()));
    }
    return !failed();
}

bool CanonicalCborReader::expectType(QCborStreamReader::Type type, const char* what)
{
    if (!checkReader()) {
        return false;
    }
    if (!m_reader.isValid()) {
        fail(QStringLiteral("the data ends early"));
        return false;
    }
    if (m_reader.type() != type) {
        fail(QStringLiteral("%1 is not %2").arg(where(), QLatin1String(what)));
        return false;
    }
    if ((type == QCborStreamReader::Map || type == QCborStreamReader::Array
            || type == QCborStreamReader::String || type == QCborStreamReader::ByteArray)
        && !m_reader.isLengthKnown()) {
        fail(QStringLiteral("%1 has an indefinite length").arg(where()));
        return false;
    }
    return true;
}

QString CanonicalCborReader::readKey()
{
    m_readingKey = true;
    QString key = text(kMaxKeyBytes);
    m_readingKey = false;
    return key;
}

QString CanonicalCborReader::unexpectedKey(
    const std::vector<const char*>& keys, std::size_t expected, const QString& found)
{
    const auto it
        = std::find_if(keys.begin(), keys.end(), [&](const char* k) { return found == QLatin1String(k); });
    if (it == keys.end()) {
        return QStringLiteral("unknown field %1").arg(quoted(found));
    }
    if (static_cast<std::size_t>(it - keys.begin()) < expected) {
        return QStringLiteral("field %1 appears twice or out of order").arg(quoted(found));
    }
    return QStringLiteral("field '%1' is missing or the fields are out of order")
        .arg(QLatin1String(keys[expected]));
}

void CanonicalCborReader::beginMap(CborKeys keys)
{
    assert(cborKeysCanonical(keys));
    // Pushed even after a failure, so that key() and endMap() stay balanced.
    m_maps.push_back({ std::vector<const char*>(keys), 0 });
    if (!expectType(QCborStreamReader::Map, "a map")) {
        return;
    }
    m_reader.enterContainer();
    checkReader();
}

void CanonicalCborReader::key(const char* name)
{
    assert(!m_maps.empty());
    OpenMap& map = m_maps.back();
    assert(map.next < map.keys.size() && std::strcmp(map.keys[map.next], name) == 0);
    // Advanced even after a failure, so that the caller's sequence of key() calls stays in step.
    const std::size_t expected = map.next++;
    m_field = name;
    if (failed()) {
        return;
    }
    if (!m_reader.hasNext()) {
        fail(QStringLiteral("field '%1' is missing").arg(QLatin1String(name)));
        return;
    }
    const QString found = readKey();
    if (!failed() && found != QLatin1String(name)) {
        fail(unexpectedKey(map.keys, expected, found));
    }
}

void CanonicalCborReader::endMap()
{
    assert(!m_maps.empty());
    OpenMap map = std::move(m_maps.back());
    m_maps.pop_back();
    m_field = nullptr;
    if (failed()) {
        return;
    }
    if (m_reader.hasNext()) {
        const QString found = readKey();
        if (!failed()) {
            fail(unexpectedKey(map.keys, map.keys.size(), found));
        }
        return;
    }
    m_reader.leaveContainer();
    checkReader();
}

std::size_t CanonicalCborReader::beginArray(std::size_t maxItems)
{
    if (!expectType(QCborStreamReader::Array, "an array")) {
        return 0;
    }
    const quint64 length = m_reader.length();
    if (length > maxItems) {
        fail(QStringLiteral("%1 has more than %2 items").arg(where(), QString::number(maxItems)));
        return 0;
    }
    m_reader.enterContainer();
    return checkReader() ? static_cast<std::size_t>(length) : 0;
}

void CanonicalCborReader::endArray()
{
    if (failed()) {
        return;
    }
    if (m_reader.hasNext()) {
        fail(QStringLiteral("%1 has more items than were read").arg(where()));
        return;
    }
    m_reader.leaveContainer();
    checkReader();
}

std::uint64_t CanonicalCborReader::unsignedInt(std::uint64_t min, std::uint64_t max)
{
    if (!expectType(QCborStreamReader::UnsignedInteger, "an unsigned integer")) {
        return min;
    }
    const std::uint64_t value = m_reader.toUnsignedInteger();
    m_reader.next();
    if (!checkReader()) {
        return min;
    }
    if (value < min || value > max) {
        fail(QStringLiteral("%1 is out of range").arg(where()));
        return min;
    }
    return value;
}

QByteArray CanonicalCborReader::bytes(qsizetype minSize, qsizetype maxSize)
{
    if (!expectType(QCborStreamReader::ByteArray, "a byte string")) {
        return {};
    }
    const quint64 length = m_reader.length();
    if (length < static_cast<quint64>(minSize) || length > static_cast<quint64>(maxSize)) {
        fail(QStringLiteral("%1 has the wrong size").arg(where()));
        return {};
    }
    QByteArray out;
    for (;;) {
        auto chunk = m_reader.readByteArray();
        if (chunk.status == QCborStreamReader::EndOfString) {
            break;
        }
        if (chunk.status == QCborStreamReader::Error || out.size() + chunk.data.size() > maxSize) {
            checkReader();
            fail(QStringLiteral("%1 could not be read").arg(where()));
            return {};
        }
        out += chunk.data;
    }
    return checkReader() ? out : QByteArray();
}

QString CanonicalCborReader::text(qsizetype maxBytes)
{
    if (!expectType(QCborStreamReader::String, "a text string")) {
        return {};
    }
    if (m_reader.length() > static_cast<quint64>(maxBytes)) {
        fail(QStringLiteral("%1 is longer than %2 bytes").arg(where(), QString::number(maxBytes)));
        return {};
    }
    QString out;
    for (;;) {
        auto chunk = m_reader.readString();
        if (chunk.status == QCborStreamReader::EndOfString) {
            break;
        }
        if (chunk.status == QCborStreamReader::Error) {
            checkReader();
            fail(QStringLiteral("%1 is not valid UTF-8").arg(where()));
            return {};
        }
        out += chunk.data;
    }
    return checkReader() ? out : QString();
}

bool CanonicalCborReader::finish()
{
    assert(m_maps.empty());
    if (!checkReader()) {
        return false;
    }
    if (m_reader.currentOffset() != m_size) {
        fail(QStringLiteral("there are bytes after the end of the value"));
    }
    return !failed();
}

} // namespace ward::crypto::credential
