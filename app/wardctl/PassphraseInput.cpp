#include "PassphraseInput.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace ward::ctl {

namespace {

class EchoOff {
public:
    EchoOff()
    {
        if (isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            m_active = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~EchoOff()
    {
        if (m_active) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
            std::fputc('\n', stderr);
        }
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios m_saved {};
    bool m_active = false;
};

} // namespace

Result<crypto::SecretBytes> readPassphraseLine(const char* prompt)
{
    return readSecretLine(prompt, "passphrase");
}

Result<crypto::SecretBytes> readSecretLine(const char* prompt, const char* what)
{
    if (isatty(STDIN_FILENO) == 1) {
        std::fprintf(stderr, "%s: ", prompt);
    }
    const EchoOff echoOff;
    crypto::SecretBytes line(kMaxPassphraseBytes);
    std::size_t used = 0;
    bool sawNewline = false;
    // One byte at a time, so that the next line stays unread for the next call.
    while (used < line.size()) {
        const ssize_t n = read(STDIN_FILENO, line.data() + used, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        if (line.data()[used] == '\n') {
            sawNewline = true;
            break;
        }
        ++used;
    }
    if (!sawNewline && used == line.size()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The %1 on standard input is longer than %2 bytes.")
                .arg(QLatin1String(what))
                .arg(kMaxPassphraseBytes));
    }
    if (used > 0 && line.data()[used - 1] == '\r') {
        --used;
    }
    if (used == 0 && !sawNewline) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("No %1 was given on standard input (%2).")
                .arg(QLatin1String(what), QLatin1String(prompt)));
    }
    line.resize(used);
    return line;
}

} // namespace ward::ctl
