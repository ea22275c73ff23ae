#include "SecretText.h"

#include <QStringView>

namespace ward::ui {

crypto::SecretBytes secretFromText(const QString& text)
{
    // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair gives 4 bytes for 2 units).
    crypto::SecretBytes out(static_cast<std::size_t>(text.size()) * 3);
    std::size_t used = 0;
    const auto put = [&](std::uint32_t byte) { out.data()[used++] = static_cast<std::uint8_t>(byte); };
    const QStringView view(text);
    for (qsizetype i = 0; i < view.size(); ++i) {
        std::uint32_t cp = view[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < view.size()
            && QChar::isLowSurrogate(view[i + 1].unicode())) {
            cp = QChar::surrogateToUcs4(static_cast<char16_t>(cp), view[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(cp)) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) {
            put(cp);
        } else if (cp < 0x800) {
            put(0xC0 | (cp >> 6));
            put(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            put(0xE0 | (cp >> 12));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        } else {
            put(0xF0 | (cp >> 18));
            put(0x80 | ((cp >> 12) & 0x3F));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        }
    }
    out.resize(used);
    return out;
}

} // namespace ward::ui
