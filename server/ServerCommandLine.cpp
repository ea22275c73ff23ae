#include "ServerCommandLine.h"

namespace ward::server {

ServerCommandLine ServerCommandLine::parse(const QStringList& argv)
{
    ServerCommandLine line;
    if (argv.isEmpty() || argv.contains(QStringLiteral("--help")) || argv.contains(QStringLiteral("-h"))) {
        line.m_help = true;
        return line;
    }
    line.m_command = argv.first();
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString& word = argv[i];
        if (!word.startsWith(QLatin1String("--"))) {
            line.m_error = QStringLiteral("unexpected argument \"%1\"").arg(word);
            return line;
        }
        if (i + 1 >= argv.size()) {
            line.m_error = QStringLiteral("%1 needs a value").arg(word);
            return line;
        }
        line.m_values[word].append(argv[++i]);
    }
    return line;
}

std::optional<QString> ServerCommandLine::validate(
    const QSet<QString>& allowed, const QStringList& required) const
{
    for (auto it = m_values.constBegin(); it != m_values.constEnd(); ++it) {
        if (!allowed.contains(it.key())) {
            return QStringLiteral("%1 does not take %2").arg(m_command, it.key());
        }
        if (it.value().size() > 1 && it.key() != QLatin1String("--turn-uri")) {
            return QStringLiteral("%1 is given more than once").arg(it.key());
        }
    }
    for (const QString& option : required) {
        if (!m_values.contains(option)) {
            return QStringLiteral("%1 needs %2").arg(m_command, option);
        }
    }
    return std::nullopt;
}

std::optional<QString> ServerCommandLine::value(const QString& option) const
{
    const auto it = m_values.constFind(option);
    if (it == m_values.constEnd() || it->isEmpty()) {
        return std::nullopt;
    }
    return it->first();
}

} // namespace ward::server
