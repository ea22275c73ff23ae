// ward-server's command line: a command word (init or run) and its options, each option known to the
// command and given a value (--turn-uri may repeat). Anything else is a usage error with one plain line.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace ward::server {

class ServerCommandLine {
public:
    // argv without the program name.
    static ServerCommandLine parse(const QStringList& argv);

    bool helpRequested() const { return m_help; }
    const QString& command() const { return m_command; }
    const QString& error() const { return m_error; }

    // Checks that every option given is one of `allowed` and that each of `required` is there.
    std::optional<QString> validate(const QSet<QString>& allowed, const QStringList& required) const;
    std::optional<QString> value(const QString& option) const;
    QStringList values(const QString& option) const { return m_values.value(option); }

private:
    bool m_help = false;
    QString m_command;
    QString m_error;
    QHash<QString, QStringList> m_values;
};

} // namespace ward::server
