#include "policy/PasswordBlocklist.h"

#include <QFile>
#include <QIODevice>
#include <QtGlobal>

#include <algorithm>

namespace ward::policy {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

} // namespace

PasswordBlocklist::PasswordBlocklist(const QByteArray& text)
    : m_text(text)
{
    parse();
}

PasswordBlocklist::PasswordBlocklist(QIODevice& device)
{
    if (!device.isOpen() && !device.open(QIODevice::ReadOnly)) {
        return;
    }
    m_text = device.readAll();
    parse();
}

void PasswordBlocklist::parse()
{
    if (m_text.isEmpty()) {
        return;
    }
    // data() detaches, so the views below point into a buffer that only this object owns and never changes.
    char* text = m_text.data();
    const qsizetype size = m_text.size();
    int rank = 0;
    for (qsizetype lineStart = 0; lineStart < size;) {
        qsizetype lineEnd = lineStart;
        while (lineEnd < size && text[lineEnd] != '\n') {
            ++lineEnd;
        }
        qsizetype begin = lineStart;
        qsizetype end = lineEnd;
        lineStart = lineEnd + 1;
        while (begin < end && isBlank(text[begin])) {
            ++begin;
        }
        while (end > begin && isBlank(text[end - 1])) {
            --end;
        }
        if (begin == end || text[begin] == '#') {
            continue;
        }
        for (qsizetype i = begin; i < end; ++i) {
            if (text[i] >= 'A' && text[i] <= 'Z') {
                text[i] = static_cast<char>(text[i] - 'A' + 'a');
            }
        }
        m_entries.push_back(
            Entry { std::string_view(text + begin, static_cast<std::size_t>(end - begin)), ++rank });
    }
    // Stable, so that among duplicates the first (most common) line comes first and survives unique().
    std::stable_sort(
        m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
    const auto last = std::unique(
        m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.word == b.word; });
    m_entries.erase(last, m_entries.end());
    m_entries.shrink_to_fit();
}

const PasswordBlocklist& PasswordBlocklist::builtIn()
{
    static const PasswordBlocklist list = [] {
        QFile file(QStringLiteral(":/ward/passwords/common-passwords.txt"));
        if (!file.open(QIODevice::ReadOnly)) {
            qCritical(
                "ward: the built-in password blocklist resource is missing; common passwords will not be "
                "refused.");
            return PasswordBlocklist();
        }
        return PasswordBlocklist(file);
    }();
    return list;
}

bool PasswordBlocklist::contains(const char* data, std::size_t size) const
{
    return rank(data, size) != 0;
}

int PasswordBlocklist::rank(const char* data, std::size_t size) const
{
    return lookup(data, size).rank;
}

PasswordBlocklist::Lookup PasswordBlocklist::lookup(const char* data, std::size_t size) const
{
    Lookup result;
    if (m_entries.empty() || (data == nullptr && size != 0)) {
        return result;
    }
    const std::string_view key(data, size);
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), key,
        [](const Entry& entry, std::string_view k) { return entry.word < k; });
    if (it != m_entries.end() && it->word == key) {
        result.rank = it->rank;
        ++it;
    }
    // Everything that starts with key sorts directly after key itself.
    result.longerEntriesExist = it != m_entries.end() && it->word.starts_with(key);
    return result;
}

PasswordBlocklist::Cursor PasswordBlocklist::cursor() const
{
    return Cursor(m_entries.data(), m_entries.data() + m_entries.size());
}

bool PasswordBlocklist::Cursor::extend(char c)
{
    if (m_begin == m_end) {
        return false;
    }
    const Entry* first = m_begin;
    if (first->word.size() == m_length) {
        ++first; // the entry equal to the bytes so far sorts before its extensions
    }
    // Every entry left is longer than m_length and shares its first m_length bytes, so the range is sorted by
    // the next byte, compared as unsigned char like std::string_view does.
    const std::size_t at = m_length;
    const auto byte = static_cast<unsigned char>(c);
    m_begin = std::lower_bound(first, m_end, byte,
        [at](const Entry& entry, unsigned char b) { return static_cast<unsigned char>(entry.word[at]) < b; });
    m_end = std::upper_bound(m_begin, m_end, byte,
        [at](unsigned char b, const Entry& entry) { return b < static_cast<unsigned char>(entry.word[at]); });
    ++m_length;
    return m_begin != m_end;
}

int PasswordBlocklist::Cursor::rank() const
{
    return m_begin != m_end && m_begin->word.size() == m_length ? m_begin->rank : 0;
}

} // namespace ward::policy
