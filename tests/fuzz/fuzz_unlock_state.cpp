// The unlock counter file sits unencrypted in the profile folder. Whatever it holds, reading it must not
// crash and must never grant an attempt sooner than a fresh profile would.
#include "store/UnlockThrottle.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("unlock-state.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::abort();
    }
    file.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size));
    file.close();

    ward::store::UnlockThrottle throttle(path, [] { return std::int64_t { 1'700'000'000'000 }; });
    const ward::store::UnlockThrottleState state = throttle.load();
    if (state.consecutiveFailures < 0
        || state.unreportedFailuresMs.size() > ward::store::UnlockThrottle::kMaxRemembered
        || throttle.waitRemainingMs() < 0) {
        std::abort();
    }
    return 0;
}
