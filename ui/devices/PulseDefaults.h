// PulseAudio's default sink and source as the server says now. Qt 6.4's PulseAudio backend keeps the default
// each device had when it first appeared (and never marks a source as default), so QMediaDevices cannot tell
// that someone picked another default; this listens to the server itself. libpulse is loaded at run time
// (Qt Multimedia already uses it on Linux); without it, or without a server, there is no answer and callers
// fall back to QMediaDevices. A lost connection is retried at most every two seconds.
//
// Threads: libpulse calls back on its own thread, and m_mutex guards what the callbacks write. current()
// belongs to the GUI thread; it never waits on the server except while (re)connecting, which a local server
// answers at once and a missing one refuses at once.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace ward::devices {

struct PulseDefaultNames {
    QByteArray sink;
    QByteArray source;
};

class PulseDefaults {
public:
    // Connects on first use.
    static PulseDefaults& instance();
    ~PulseDefaults();
    PulseDefaults(const PulseDefaults&) = delete;
    PulseDefaults& operator=(const PulseDefaults&) = delete;

    // Nothing when no PulseAudio server answers.
    std::optional<PulseDefaultNames> current();

    // libpulse callbacks (its thread); public only so the C callbacks can reach them.
    void onContextState();
    void requestServerInfo();
    void onServerInfo(const char* sink, const char* source);

private:
    PulseDefaults();
    void connect();
    void disconnect();

    struct Library;
    std::unique_ptr<Library> m_library;
    struct Handles;
    std::unique_ptr<Handles> m_handles;
    QElapsedTimer m_sinceConnect;

    std::mutex m_mutex;
    std::condition_variable m_answered;
    bool m_connected = false; // the server gave its defaults at least once on this connection
    bool m_failed = false;
    PulseDefaultNames m_names;
};

} // namespace ward::devices
