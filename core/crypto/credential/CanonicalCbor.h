// The CBOR codec of Ward's signed objects (credentials, issuer certificates, revocation lists, key files).
// Every map has a fixed list of text keys, all required, written in RFC 8949 §4.2.1 deterministic order
// (shorter key first, then bytewise); lengths are definite and integers minimal, so one value has exactly
// one encoding and a signature over the bytes is a signature over the meaning. The reader refuses anything
// else: unknown, missing, repeated or reordered keys, wrong types, indefinite lengths, oversized items and
// trailing bytes. Callers re-encode what they parsed and compare, which catches non-minimal headers.
#pragma once

#include <QByteArray>
#include <QCborStreamReader>
#include <QCborStreamWriter>
#include <QString>

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace ward::crypto::credential {

using CborKeys = std::initializer_list<const char*>;

// True when `keys` is in deterministic order with no repeats (a check on Ward's own constants).
bool cborKeysCanonical(CborKeys keys);

class CanonicalCborWriter {
public:
    CanonicalCborWriter();

    // A map holding exactly `keys`; write each with key(), in the same order, then endMap().
    void beginMap(CborKeys keys);
    void key(const char* name);
    void endMap();
    void beginArray(std::size_t count);
    void endArray();

    void unsignedInt(std::uint64_t value);
    void bytes(const QByteArray& value);
    void text(const QString& value);

    // The encoding written so far.
    const QByteArray& data() const { return m_out; }

private:
    struct OpenMap {
        std::vector<const char*> keys;
        std::size_t next = 0;
    };
    QByteArray m_out;
    QCborStreamWriter m_writer;
    std::vector<OpenMap> m_maps;
};

// Reads one value from `bytes`. The first problem is kept and every later call returns a default value,
// so a parser reads all its fields and checks failed() once.
class CanonicalCborReader {
public:
    explicit CanonicalCborReader(const QByteArray& bytes);

    bool failed() const { return !m_problem.isEmpty(); }
    // A short phrase for the first problem ("field 'role' has the wrong type"); empty when none.
    const QString& problem() const { return m_problem; }
    void fail(const QString& problem);

    // Opens a map that must hold exactly `keys`; read each value after key(name), in order.
    void beginMap(CborKeys keys);
    void key(const char* name);
    void endMap();

    // Opens an array of at most `maxItems` items and returns its length (0 after a failure).
    std::size_t beginArray(std::size_t maxItems);
    void endArray();

    std::uint64_t unsignedInt(std::uint64_t min, std::uint64_t max);
    QByteArray bytes(qsizetype minSize, qsizetype maxSize);
    // Well-formed UTF-8 of at most `maxBytes` bytes.
    QString text(qsizetype maxBytes);

    // Everything was read: no problem, and no byte after the value.
    bool finish();

private:
    struct OpenMap {
        std::vector<const char*> keys;
        std::size_t next = 0;
    };
    bool expectType(QCborStreamReader::Type type, const char* what);
    bool checkReader();
    QString readKey();
    static QString unexpectedKey(
        const std::vector<const char*>& keys, std::size_t expected, const QString& found);
    QString where() const;

    QCborStreamReader m_reader;
    qsizetype m_size = 0;
    QString m_problem;
    std::vector<OpenMap> m_maps;
    const char* m_field = nullptr;
    bool m_readingKey = false;
};

} // namespace ward::crypto::credential
