#include "policy/PassphraseText.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

namespace ward::policy::detail {

using crypto::SecretBytes;

namespace {

// UAX #15: NFKC and NFKD grow UTF-16 text at most 18-fold. ICU's working buffer holds the output so far plus
// the decomposition of the pending segment, which never exceeds the NFKD length. With that much room up front
// ICU never reallocates the buffer, which would leave a copy of the passphrase in freed, unwiped heap memory.
constexpr int32_t kNfkcMaxExpansion = 18;
constexpr int32_t kNfkcSlack = 32;

// Look-alike substitutions. '1' and '|' stand for 'i' or 'l', so there are two variants.
char unleet(char c, bool oneIsL)
{
    switch (c) {
    case '4':
    case '@':
        return 'a';
    case '8':
        return 'b';
    case '(':
        return 'c';
    case '3':
        return 'e';
    case '6':
    case '9':
        return 'g';
    case '1':
    case '|':
        return oneIsL ? 'l' : 'i';
    case '!':
        return 'i';
    case '0':
        return 'o';
    case '$':
    case '5':
        return 's';
    case '7':
    case '+':
        return 't';
    case '2':
        return 'z';
    default:
        return c;
    }
}

} // namespace

int32_t decodeUtf8(const SecretBytes& utf8, UChar32* out)
{
    const std::uint8_t* s = utf8.data();
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    int32_t count = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            return -1;
        }
        if (out != nullptr) {
            out[count] = c;
        }
        ++count;
    }
    return count;
}

std::optional<SecretBytes> normalizeNfkc(const SecretBytes& utf8)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status) || nfkc == nullptr) {
        return std::nullopt;
    }

    // Each conversion first measures (ICU computes the length without storing anything), then writes into a
    // SecretBytes buffer of that size.
    const auto utf8Length = static_cast<int32_t>(utf8.size());
    int32_t utf16Length = 0;
    u_strFromUTF8(nullptr, 0, &utf16Length, utf8.chars(), utf8Length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR || utf16Length <= 0) {
        return std::nullopt;
    }
    status = U_ZERO_ERROR;
    const int32_t capacity = utf16Length * kNfkcMaxExpansion + kNfkcSlack;
    SecretArena arena(SecretArena::sizeFor<UChar>(static_cast<std::size_t>(utf16Length))
        + SecretArena::sizeFor<UChar>(static_cast<std::size_t>(capacity)));
    UChar* const utf16 = arena.take<UChar>(static_cast<std::size_t>(utf16Length));
    UChar* const normalized = arena.take<UChar>(static_cast<std::size_t>(capacity));
    u_strFromUTF8(utf16, utf16Length, nullptr, utf8.chars(), utf8Length, &status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    const int32_t normalizedLength
        = unorm2_normalize(nfkc, utf16, utf16Length, normalized, capacity, &status);
    if (U_FAILURE(status) || normalizedLength < 0 || normalizedLength > capacity) {
        return std::nullopt;
    }

    int32_t outLength = 0;
    u_strToUTF8(nullptr, 0, &outLength, normalized, normalizedLength, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
    }
    if (U_FAILURE(status) || outLength < 0) {
        return std::nullopt;
    }
    SecretBytes out(static_cast<std::size_t>(outLength));
    if (outLength != 0) {
        u_strToUTF8(
            reinterpret_cast<char*>(out.data()), outLength, nullptr, normalized, normalizedLength, &status);
        if (U_FAILURE(status)) {
            return std::nullopt;
        }
    }
    return out;
}

PassphraseText::PassphraseText(int32_t n)
    : length(n)
    , arena(SecretArena::sizeFor<double>(cells(n) + 1) + 2 * SecretArena::sizeFor<UChar32>(cells(n))
          + 3 * SecretArena::sizeFor<char>(cells(n)))
    , best(arena.take<double>(cells(n) + 1))
    , original(arena.take<UChar32>(cells(n)))
    , lower(arena.take<UChar32>(cells(n)))
    , key(arena.take<char>(cells(n)))
    , unleetI(arena.take<char>(cells(n)))
    , unleetL(arena.take<char>(cells(n)))
{ }

void PassphraseText::derive()
{
    for (int32_t i = 0; i < length; ++i) {
        lower[i] = u_tolower(original[i]);
        key[i] = lower[i] < 0x80 ? static_cast<char>(lower[i]) : kNotAscii;
        unleetI[i] = unleet(key[i], false);
        unleetL[i] = unleet(key[i], true);
        hasLeet = hasLeet || unleetI[i] != key[i];
    }
}

} // namespace ward::policy::detail
