#include "FaultVfs.h"

#include <sqlcipher/sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace ward::test {

namespace {

constexpr char kName[] = "ward-fault";

std::atomic<std::int64_t> g_budget { -1 }; // -1: unlimited
std::atomic<int> g_refused { 0 };
std::atomic<std::int64_t> g_written { 0 };

sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_methods;

// The file SQLite sees: our header, followed in the same allocation by the base VFS's file.
struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* realOf(sqlite3_file* file)
{
    return reinterpret_cast<FaultFile*>(file)->real;
}

bool takeBudget(int amount)
{
    std::int64_t budget = g_budget.load();
    for (;;) {
        if (budget < 0) {
            return true;
        }
        if (budget < amount) {
            g_budget.store(0);
            return false;
        }
        if (g_budget.compare_exchange_weak(budget, budget - amount)) {
            return true;
        }
    }
}

int faultClose(sqlite3_file* f)
{
    return realOf(f)->pMethods->xClose(realOf(f));
}
int faultRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset)
{
    return realOf(f)->pMethods->xRead(realOf(f), buffer, amount, offset);
}
int faultWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset)
{
    if (!takeBudget(amount)) {
        g_refused.fetch_add(1);
        return SQLITE_FULL;
    }
    g_written.fetch_add(amount);
    return realOf(f)->pMethods->xWrite(realOf(f), buffer, amount, offset);
}
int faultTruncate(sqlite3_file* f, sqlite3_int64 size)
{
    return realOf(f)->pMethods->xTruncate(realOf(f), size);
}
int faultSync(sqlite3_file* f, int flags)
{
    return realOf(f)->pMethods->xSync(realOf(f), flags);
}
int faultFileSize(sqlite3_file* f, sqlite3_int64* size)
{
    return realOf(f)->pMethods->xFileSize(realOf(f), size);
}
int faultLock(sqlite3_file* f, int level)
{
    return realOf(f)->pMethods->xLock(realOf(f), level);
}
int faultUnlock(sqlite3_file* f, int level)
{
    return realOf(f)->pMethods->xUnlock(realOf(f), level);
}
int faultCheckReservedLock(sqlite3_file* f, int* out)
{
    return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out);
}
int faultFileControl(sqlite3_file* f, int op, void* arg)
{
    return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
}
int faultSectorSize(sqlite3_file* f)
{
    return realOf(f)->pMethods->xSectorSize(realOf(f));
}
int faultDeviceCharacteristics(sqlite3_file* f)
{
    return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f));
}
int faultShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out)
{
    return realOf(f)->pMethods->xShmMap(realOf(f), page, size, extend, out);
}
int faultShmLock(sqlite3_file* f, int offset, int n, int flags)
{
    return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
}
void faultShmBarrier(sqlite3_file* f)
{
    realOf(f)->pMethods->xShmBarrier(realOf(f));
}
int faultShmUnmap(sqlite3_file* f, int deleteFlag)
{
    return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag);
}
// Memory-mapped I/O would bypass xWrite; report it as unavailable so every write goes through the budget.
int faultFetch(sqlite3_file*, sqlite3_int64, int, void** out)
{
    *out = nullptr;
    return SQLITE_OK;
}
int faultUnfetch(sqlite3_file*, sqlite3_int64, void*)
{
    return SQLITE_OK;
}

int faultOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags)
{
    auto* wrapper = reinterpret_cast<FaultFile*>(file);
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = g_base->xOpen(g_base, name, wrapper->real, flags, outFlags);
    wrapper->base.pMethods = wrapper->real->pMethods != nullptr ? &g_methods : nullptr;
    return rc;
}
int faultDelete(sqlite3_vfs*, const char* name, int syncDir)
{
    return g_base->xDelete(g_base, name, syncDir);
}
int faultAccess(sqlite3_vfs*, const char* name, int flags, int* out)
{
    return g_base->xAccess(g_base, name, flags, out);
}
int faultFullPathname(sqlite3_vfs*, const char* name, int size, char* out)
{
    return g_base->xFullPathname(g_base, name, size, out);
}
void* faultDlOpen(sqlite3_vfs*, const char* name)
{
    return g_base->xDlOpen(g_base, name);
}
void faultDlError(sqlite3_vfs*, int size, char* out)
{
    g_base->xDlError(g_base, size, out);
}
void (*faultDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void)
{
    return g_base->xDlSym(g_base, handle, symbol);
}
void faultDlClose(sqlite3_vfs*, void* handle)
{
    g_base->xDlClose(g_base, handle);
}
int faultRandomness(sqlite3_vfs*, int size, char* out)
{
    return g_base->xRandomness(g_base, size, out);
}
int faultSleep(sqlite3_vfs*, int micros)
{
    return g_base->xSleep(g_base, micros);
}
int faultCurrentTime(sqlite3_vfs*, double* out)
{
    return g_base->xCurrentTime(g_base, out);
}
int faultGetLastError(sqlite3_vfs*, int size, char* out)
{
    return g_base->xGetLastError != nullptr ? g_base->xGetLastError(g_base, size, out) : 0;
}
int faultCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out)
{
    return g_base->xCurrentTimeInt64(g_base, out);
}

void registerOnce()
{
    sqlite3_initialize();
    g_base = sqlite3_vfs_find("unix");
    if (g_base == nullptr) {
        g_base = sqlite3_vfs_find(nullptr);
    }
    if (g_base == nullptr) {
        std::abort();
    }

    std::memset(&g_methods, 0, sizeof(g_methods));
    g_methods.iVersion = 3;
    g_methods.xClose = faultClose;
    g_methods.xRead = faultRead;
    g_methods.xWrite = faultWrite;
    g_methods.xTruncate = faultTruncate;
    g_methods.xSync = faultSync;
    g_methods.xFileSize = faultFileSize;
    g_methods.xLock = faultLock;
    g_methods.xUnlock = faultUnlock;
    g_methods.xCheckReservedLock = faultCheckReservedLock;
    g_methods.xFileControl = faultFileControl;
    g_methods.xSectorSize = faultSectorSize;
    g_methods.xDeviceCharacteristics = faultDeviceCharacteristics;
    g_methods.xShmMap = faultShmMap;
    g_methods.xShmLock = faultShmLock;
    g_methods.xShmBarrier = faultShmBarrier;
    g_methods.xShmUnmap = faultShmUnmap;
    g_methods.xFetch = faultFetch;
    g_methods.xUnfetch = faultUnfetch;

    std::memset(&g_vfs, 0, sizeof(g_vfs));
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = kName;
    g_vfs.xOpen = faultOpen;
    g_vfs.xDelete = faultDelete;
    g_vfs.xAccess = faultAccess;
    g_vfs.xFullPathname = faultFullPathname;
    g_vfs.xDlOpen = faultDlOpen;
    g_vfs.xDlError = faultDlError;
    g_vfs.xDlSym = faultDlSym;
    g_vfs.xDlClose = faultDlClose;
    g_vfs.xRandomness = faultRandomness;
    g_vfs.xSleep = faultSleep;
    g_vfs.xCurrentTime = faultCurrentTime;
    g_vfs.xGetLastError = faultGetLastError;
    g_vfs.xCurrentTimeInt64 = faultCurrentTimeInt64;
    if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK) {
        std::abort();
    }
}

} // namespace

const char* FaultVfs::name()
{
    static std::once_flag once;
    std::call_once(once, registerOnce);
    return kName;
}

void FaultVfs::failWritesAfter(std::int64_t bytes)
{
    g_refused.store(0);
    g_written.store(0);
    g_budget.store(bytes < 0 ? 0 : bytes);
}

void FaultVfs::clear()
{
    g_budget.store(-1);
    g_written.store(0);
}

int FaultVfs::refusedWrites()
{
    return g_refused.load();
}

std::int64_t FaultVfs::bytesWritten()
{
    return g_written.load();
}

} // namespace ward::test
