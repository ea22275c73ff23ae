// A fault-injecting SQLite VFS for tests, in the spirit of KeePassXC's FailDevice: it wraps the platform's
// default VFS ("unix") and, once a byte budget is spent, makes every further xWrite fail with SQLITE_FULL,
// as a full disk does. Open a Database with FaultVfs::name() as its vfs to use it. Process-wide state;
// tests that use it must not run in parallel threads.
#pragma once

#include <cstdint>

namespace ward::test {

class FaultVfs {
public:
    // Registers the VFS on first use (not as the default) and returns its name.
    static const char* name();

    // From now on, writes succeed until `bytes` more bytes have been written; then every write fails.
    static void failWritesAfter(std::int64_t bytes);
    // Writes succeed again (the "disk" has space).
    static void clear();
    // How many writes were refused since the last failWritesAfter().
    static int refusedWrites();
    // How many bytes were written through the VFS since the last failWritesAfter() or clear().
    static std::int64_t bytesWritten();
};

} // namespace ward::test
