#include "ServerLog.h"

#include <QDateTime>

#include <cstdio>

namespace ward::server {

void logEvent(const QString& line)
{
    const QByteArray text = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8()
        + " ward-server: " + line.toUtf8() + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    std::fflush(stderr);
}

} // namespace ward::server
