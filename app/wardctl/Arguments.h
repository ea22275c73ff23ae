// wardctl's command line: global options, then words naming the command, then the command's options.
// Each command declares which options it takes and whether they carry a value; anything else is a usage
// error. No option ever carries a passphrase.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace ward::ctl {

struct OptionSpec {
    QSet<QString> withValue; // e.g. "--with"
    QSet<QString> flags; // e.g. "--json"
};

class Arguments {
public:
    // Splits argv (without the program name) into the global --profile, the command words and the rest.
    static Arguments parse(const QStringList& argv);

    const QString& error() const { return m_error; }
    QString profileDir() const;
    // The ward-server data folder given with --server-data (empty when none was).
    const QString& serverDataDir() const { return m_serverData; }
    const QStringList& words() const { return m_words; }
    bool helpRequested() const { return m_help; }

    // Checks the options after the command against `spec`; positionals are returned in order.
    std::optional<QString> validate(const OptionSpec& spec, int commandWords);
    QStringList positionals() const { return m_positionals; }
    bool flag(const QString& name) const { return m_flags.contains(name); }
    std::optional<QString> value(const QString& name) const;

private:
    QString m_error;
    QString m_profile;
    QString m_serverData;
    bool m_help = false;
    QStringList m_words; // everything after the global options
    QStringList m_positionals;
    QSet<QString> m_flags;
    QHash<QString, QString> m_values;
};

} // namespace ward::ctl
