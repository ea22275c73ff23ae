#include "Arguments.h"

#include "store/ProfilePaths.h"

namespace ward::ctl {

Arguments Arguments::parse(const QStringList& argv)
{
    Arguments args;
    int i = 0;
    while (i < argv.size() && argv[i].startsWith(QLatin1String("--"))) {
        const QString& opt = argv[i];
        if (opt == QLatin1String("--help")) {
            args.m_help = true;
            ++i;
        } else if (opt == QLatin1String("--profile")) {
            if (i + 1 >= argv.size()) {
                args.m_error = QStringLiteral("--profile needs a folder");
                return args;
            }
            args.m_profile = argv[i + 1];
            i += 2;
        } else if (opt.startsWith(QLatin1String("--profile="))) {
            args.m_profile = opt.mid(10);
            ++i;
        } else if (opt == QLatin1String("--server-data")) {
            if (i + 1 >= argv.size()) {
                args.m_error = QStringLiteral("--server-data needs a folder");
                return args;
            }
            args.m_serverData = argv[i + 1];
            i += 2;
        } else {
            break;
        }
    }
    args.m_words = argv.mid(i);
    return args;
}

QString Arguments::profileDir() const
{
    return m_profile.isEmpty() ? store::ProfilePaths::defaultDir() : m_profile;
}

std::optional<QString> Arguments::validate(const OptionSpec& spec, int commandWords)
{
    for (int i = commandWords; i < m_words.size(); ++i) {
        const QString& word = m_words[i];
        if (!word.startsWith(QLatin1String("--"))) {
            m_positionals.append(word);
            continue;
        }
        if (word.startsWith(QLatin1String("--passphrase")) && word != QLatin1String("--passphrase-stdin")) {
            return QStringLiteral(
                "a passphrase is never accepted as an argument; use --passphrase-stdin and write "
                "it on standard input");
        }
        if (spec.flags.contains(word)) {
            m_flags.insert(word);
        } else if (spec.withValue.contains(word)) {
            if (i + 1 >= m_words.size()) {
                return QStringLiteral("%1 needs a value").arg(word);
            }
            m_values.insert(word, m_words[++i]);
        } else {
            return QStringLiteral("unknown option %1").arg(word);
        }
    }
    return std::nullopt;
}

std::optional<QString> Arguments::value(const QString& name) const
{
    const auto it = m_values.constFind(name);
    if (it == m_values.constEnd()) {
        return std::nullopt;
    }
    return *it;
}

} // namespace ward::ctl
