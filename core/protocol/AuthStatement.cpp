#include "protocol/AuthStatement.h"

namespace ward::protocol {

QByteArray authStatement(AuthPurpose purpose, const QByteArray& certificatePin, const QByteArray& nonce)
{
    QByteArray statement;
    switch (purpose) {
    case AuthPurpose::Enrol:
        statement = QByteArrayLiteral("ward/v1/enrol");
        break;
    case AuthPurpose::SignIn:
        statement = QByteArrayLiteral("ward/v1/signin");
        break;
    case AuthPurpose::Resume:
        statement = QByteArrayLiteral("ward/v1/resume");
        break;
    }
    statement.append('\0');
    statement.append(certificatePin);
    statement.append(nonce);
    return statement;
}

} // namespace ward::protocol
