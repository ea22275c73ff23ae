#include "StopSignals.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace ward::ctl {

namespace {

int g_pipe[2] = { -1, -1 };

extern "C" void onStopSignal(int /*signal*/)
{
    const char byte = 1;
    // Async-signal-safe; a full pipe only means a stop is already pending.
    [[maybe_unused]] const ssize_t written = write(g_pipe[1], &byte, 1);
}

void install(void (*handler)(int))
{
    struct sigaction action { };
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

} // namespace

StopSignals::StopSignals(QObject* parent)
    : QObject(parent)
{
    if (pipe(g_pipe) != 0) {
        return;
    }
    fcntl(g_pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        while (read(g_pipe[0], &byte, 1) == 1) { }
        emit stopRequested();
    });
    install(onStopSignal);
}

StopSignals::~StopSignals()
{
    install(SIG_DFL);
    if (g_pipe[0] >= 0) {
        delete m_notifier;
        close(g_pipe[0]);
        close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
}

} // namespace ward::ctl
