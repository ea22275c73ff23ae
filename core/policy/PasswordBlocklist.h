// PasswordBlocklist: the public list of commonly used passwords that PassphrasePolicy refuses, most common
// first. Entries are lowercase; a lookup takes a view of the candidate, which is secret, and never copies it.
// builtIn() parses the list compiled in as a Qt resource once, on first use, from any thread.
#pragma once

#include <QByteArray>

#include <cstddef>
#include <string_view>
#include <vector>

class QIODevice;

namespace ward::policy {

class PasswordBlocklist {
    struct Entry {
        std::string_view word;
        int rank = 0;
    };

public:
    struct Lookup {
        int rank = 0; // 1 for the most common entry, 0 when the text is not an entry
        bool longerEntriesExist = false; // some entry starts with the text and is longer than it
    };

    PasswordBlocklist() = default;
    // One entry a line; blank lines and lines starting with '#' are skipped, ASCII letters are lowercased and
    // surrounding whitespace (including a '\r') is dropped. A duplicate keeps the rank of its first line.
    explicit PasswordBlocklist(const QByteArray& text);
    // Reads the device to its end; an unreadable device gives an empty list.
    explicit PasswordBlocklist(QIODevice& device);

    // Move-only: the index holds views into m_text, which a move carries along but a deep copy would not.
    PasswordBlocklist(PasswordBlocklist&&) noexcept = default;
    PasswordBlocklist& operator=(PasswordBlocklist&&) noexcept = default;
    PasswordBlocklist(const PasswordBlocklist&) = delete;
    PasswordBlocklist& operator=(const PasswordBlocklist&) = delete;

    // The list in the resource :/ward/passwords/common-passwords.txt. Empty (with a critical log line) only
    // if the resource was not linked in, which is a build error that the unit tests catch.
    static const PasswordBlocklist& builtIn();

    // Exact match; the caller lowercases the candidate.
    bool contains(const char* data, std::size_t size) const;
    int rank(const char* data, std::size_t size) const;
    // One binary search that also says whether extending the text could still match, so that a scan for
    // listed substrings can stop early.
    Lookup lookup(const char* data, std::size_t size) const;

    // Follows the entries that start with a text fed to it one byte at a time: finding every entry that
    // starts at one position of a passphrase costs one narrowing search per byte, not a lookup per length.
    class Cursor {
    public:
        // False once no entry starts with the bytes fed so far; from then on it stays false.
        bool extend(char c);
        // The rank of the entry equal to the bytes fed so far, or 0.
        int rank() const;

    private:
        friend class PasswordBlocklist;
        Cursor(const Entry* begin, const Entry* end)
            : m_begin(begin)
            , m_end(end)
        { }

        // [m_begin, m_end): the entries that start with the m_length bytes fed so far.
        const Entry* m_begin = nullptr;
        const Entry* m_end = nullptr;
        std::size_t m_length = 0;
    };
    // Must not outlive the list.
    Cursor cursor() const;

    std::size_t size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.empty(); }

private:
    void parse();

    QByteArray m_text;
    std::vector<Entry> m_entries; // sorted by word, unique
};

} // namespace ward::policy
