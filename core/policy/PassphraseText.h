// PassphraseText: a passphrase decoded into code points, with the lowercase and look-alike keys that the
// pattern checks and the strength estimate read, and the NFKC step of PassphrasePolicy::normalize(). Every
// copy, decoding or function of the secret made here lives in SecretBytes, carved up by a SecretArena.
#pragma once

#include "crypto/SecretBytes.h"

#include <QtGlobal>

#include <unicode/umachine.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace ward::policy::detail {

// Stands for any non-ASCII code point in the lowercase key; it is not a UTF-8 byte, so no entry contains it.
inline constexpr char kNotAscii = static_cast<char>(0xFF);

// Carves typed arrays out of one SecretBytes block: one sodium_malloc per call rather than one per array,
// since each costs several system calls. The casts are sound: sodium_malloc places a block so that it ends on
// a page boundary, so a block whose size is a multiple of 8 starts 8-aligned, and take() keeps each array
// aligned.
class SecretArena {
public:
    explicit SecretArena(std::size_t bytes)
        : m_block(roundUp(std::max<std::size_t>(bytes, 1), kAlign))
    { }

    template <typename T> T* take(std::size_t count)
    {
        static_assert(alignof(T) <= kAlign);
        m_used = roundUp(m_used, alignof(T));
        T* out = reinterpret_cast<T*>(m_block.data() + m_used);
        m_used += count * sizeof(T);
        Q_ASSERT(m_used <= m_block.size());
        return out;
    }

    template <typename T> static constexpr std::size_t sizeFor(std::size_t count)
    {
        return roundUp(count * sizeof(T), kAlign);
    }

private:
    static constexpr std::size_t kAlign = alignof(double);
    static constexpr std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

    crypto::SecretBytes m_block;
    std::size_t m_used = 0;
};

inline bool isAsciiDigit(UChar32 c)
{
    return c >= '0' && c <= '9';
}

inline bool isAsciiLower(UChar32 c)
{
    return c >= 'a' && c <= 'z';
}

inline bool isAsciiUpper(UChar32 c)
{
    return c >= 'A' && c <= 'Z';
}

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF). Stores the code points when out is
// set. Returns the number of code points, or -1 when the input is not valid UTF-8.
int32_t decodeUtf8(const crypto::SecretBytes& utf8, UChar32* out);

// The NFKC form of non-empty, valid UTF-8 of at most PassphrasePolicy::kMaxInputBytes, or nothing when ICU
// fails. The UTF-16 working copies live in a SecretArena sized so that ICU never reallocates them.
std::optional<crypto::SecretBytes> normalizeNfkc(const crypto::SecretBytes& utf8);

// The decoded passphrase and the estimator's table. Every array is a copy or a function of the secret, so all
// of them live in the arena.
struct PassphraseText {
    explicit PassphraseText(int32_t n);
    PassphraseText(const PassphraseText&) = delete;
    PassphraseText& operator=(const PassphraseText&) = delete;

    // Fills the derived arrays from original[].
    void derive();

    static std::size_t cells(int32_t n) { return static_cast<std::size_t>(std::max(n, 1)); }

    const int32_t length;
    SecretArena arena; // declared before the arrays it holds, so that it is built first
    double* const best; // the estimator's table, n + 1 entries
    UChar32* const original; // code points as given (NFKC)
    UChar32* const lower; // ICU's simple lowercase mapping of each code point
    // Lowercase ASCII or kNotAscii, one byte per code point so that offsets here are code point offsets.
    char* const key;
    char* const unleetI; // key with look-alikes replaced, '1' read as 'i'
    char* const unleetL; // the same with '1' read as 'l'
    bool hasLeet = false;
};

} // namespace ward::policy::detail
