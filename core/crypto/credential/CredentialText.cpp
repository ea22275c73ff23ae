#include "crypto/credential/CredentialText.h"

namespace ward::crypto::credential {

bool validUserId(const QString& userId)
{
    if (userId.isEmpty() || userId.size() > kMaxUserIdBytes) {
        return false;
    }
    for (const QChar c : userId) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
            || u == u'.' || u == u'_' || u == u'@' || u == u'+' || u == u'-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool validDisplayName(const QString& name)
{
    if (name.isEmpty() || name.toUtf8().size() > kMaxNameBytes) {
        return false;
    }
    if (name.front().isSpace() || name.back().isSpace()) {
        return false;
    }
    if (name.normalized(QString::NormalizationForm_C) != name) {
        return false;
    }
    for (qsizetype i = 0; i < name.size(); ++i) {
        char32_t c = name[i].unicode();
        if (name[i].isHighSurrogate() && i + 1 < name.size() && name[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(name[i], name[i + 1]);
            ++i;
        }
        switch (QChar::category(c)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_PrivateUse:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            return false;
        default:
            break;
        }
    }
    return true;
}

} // namespace ward::crypto::credential
