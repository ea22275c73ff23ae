#include "devices/PulseDefaults.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdint>
#include <cstring>

// The few libpulse declarations this file needs (its stable C ABI; the development headers are not required
// to build Ward).
extern "C" {
struct pa_threaded_mainloop;
struct pa_mainloop_api;
struct pa_context;
struct pa_operation;

struct PaSampleSpecAbi {
    int format;
    std::uint32_t rate;
    std::uint8_t channels;
};

// The leading members of pa_server_info, which libpulse owns and we only read.
struct PaServerInfoAbi {
    const char* userName;
    const char* hostName;
    const char* serverVersion;
    const char* serverName;
    PaSampleSpecAbi sampleSpec;
    const char* defaultSinkName;
    const char* defaultSourceName;
};

using pa_context_notify_cb = void (*)(pa_context*, void*);
using pa_context_subscribe_cb = void (*)(pa_context*, unsigned int eventType, std::uint32_t index, void*);
using pa_server_info_cb = void (*)(pa_context*, const PaServerInfoAbi*, void*);
using pa_context_success_cb = void (*)(pa_context*, int success, void*);
}

namespace ward::devices {

namespace {

constexpr int kContextReady = 4; // PA_CONTEXT_READY
constexpr int kContextFailed = 5; // PA_CONTEXT_FAILED
constexpr int kContextTerminated = 6; // PA_CONTEXT_TERMINATED
constexpr int kNoAutospawn = 0x1; // PA_CONTEXT_NOAUTOSPAWN: never start a daemon just to ask
constexpr unsigned int kMaskServer = 0x80; // PA_SUBSCRIPTION_MASK_SERVER
constexpr unsigned int kFacilityMask = 0x0f; // PA_SUBSCRIPTION_EVENT_FACILITY_MASK
constexpr unsigned int kFacilityServer = 0x07; // PA_SUBSCRIPTION_EVENT_SERVER
constexpr auto kConnectWait = std::chrono::seconds(2);
constexpr qint64 kRetryMs = 2000;

template <typename Function> bool resolve(void* library, const char* name, Function& out)
{
    void* symbol = dlsym(library, name);
    if (symbol == nullptr) {
        return false;
    }
    static_assert(sizeof(Function) == sizeof(void*));
    std::memcpy(&out, &symbol, sizeof(out));
    return true;
}

PulseDefaults* self(void* userdata)
{
    return static_cast<PulseDefaults*>(userdata);
}

} // namespace

struct PulseDefaults::Library {
    pa_threaded_mainloop* (*mainloopNew)() = nullptr;
    int (*mainloopStart)(pa_threaded_mainloop*) = nullptr;
    void (*mainloopStop)(pa_threaded_mainloop*) = nullptr;
    void (*mainloopFree)(pa_threaded_mainloop*) = nullptr;
    void (*mainloopLock)(pa_threaded_mainloop*) = nullptr;
    void (*mainloopUnlock)(pa_threaded_mainloop*) = nullptr;
    pa_mainloop_api* (*mainloopApi)(pa_threaded_mainloop*) = nullptr;
    pa_context* (*contextNew)(pa_mainloop_api*, const char*) = nullptr;
    int (*contextConnect)(pa_context*, const char*, int, const void*) = nullptr;
    void (*contextDisconnect)(pa_context*) = nullptr;
    void (*contextUnref)(pa_context*) = nullptr;
    int (*contextState)(const pa_context*) = nullptr;
    void (*setStateCallback)(pa_context*, pa_context_notify_cb, void*) = nullptr;
    void (*setSubscribeCallback)(pa_context*, pa_context_subscribe_cb, void*) = nullptr;
    pa_operation* (*subscribe)(pa_context*, unsigned int, pa_context_success_cb, void*) = nullptr;
    pa_operation* (*serverInfo)(pa_context*, pa_server_info_cb, void*) = nullptr;
    void (*operationUnref)(pa_operation*) = nullptr;

    static std::unique_ptr<Library> load()
    {
        // Never closed: Qt Multimedia holds the same library for the life of the process.
        void* handle = dlopen("libpulse.so.0", RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            return nullptr;
        }
        auto library = std::make_unique<Library>();
        const bool all = resolve(handle, "pa_threaded_mainloop_new", library->mainloopNew)
            && resolve(handle, "pa_threaded_mainloop_start", library->mainloopStart)
            && resolve(handle, "pa_threaded_mainloop_stop", library->mainloopStop)
            && resolve(handle, "pa_threaded_mainloop_free", library->mainloopFree)
            && resolve(handle, "pa_threaded_mainloop_lock", library->mainloopLock)
            && resolve(handle, "pa_threaded_mainloop_unlock", library->mainloopUnlock)
            && resolve(handle, "pa_threaded_mainloop_get_api", library->mainloopApi)
            && resolve(handle, "pa_context_new", library->contextNew)
            && resolve(handle, "pa_context_connect", library->contextConnect)
            && resolve(handle, "pa_context_disconnect", library->contextDisconnect)
            && resolve(handle, "pa_context_unref", library->contextUnref)
            && resolve(handle, "pa_context_get_state", library->contextState)
            && resolve(handle, "pa_context_set_state_callback", library->setStateCallback)
            && resolve(handle, "pa_context_set_subscribe_callback", library->setSubscribeCallback)
            && resolve(handle, "pa_context_subscribe", library->subscribe)
            && resolve(handle, "pa_context_get_server_info", library->serverInfo)
            && resolve(handle, "pa_operation_unref", library->operationUnref);
        if (!all) {
            return nullptr;
        }
        return library;
    }
};

struct PulseDefaults::Handles {
    pa_threaded_mainloop* loop = nullptr;
    pa_context* context = nullptr;
};

PulseDefaults& PulseDefaults::instance()
{
    static PulseDefaults defaults;
    return defaults;
}

PulseDefaults::PulseDefaults()
    : m_library(Library::load())
    , m_handles(std::make_unique<Handles>())
{
    connect();
}

PulseDefaults::~PulseDefaults()
{
    disconnect();
}

void PulseDefaults::connect()
{
    m_sinceConnect.start();
    {
        std::lock_guard lock(m_mutex);
        m_connected = false;
        m_failed = true; // until the server answers
    }
    if (!m_library) {
        return;
    }
    const Library& pa = *m_library;
    m_handles->loop = pa.mainloopNew();
    if (m_handles->loop == nullptr) {
        return;
    }
    m_handles->context = pa.contextNew(pa.mainloopApi(m_handles->loop), "Ward device follower");
    if (m_handles->context == nullptr) {
        disconnect();
        return;
    }
    pa.setStateCallback(
        m_handles->context, [](pa_context*, void* userdata) { self(userdata)->onContextState(); }, this);
    pa.setSubscribeCallback(
        m_handles->context,
        [](pa_context*, unsigned int eventType, std::uint32_t, void* userdata) {
            if ((eventType & kFacilityMask) == kFacilityServer) {
                self(userdata)->requestServerInfo();
            }
        },
        this);
    {
        std::lock_guard lock(m_mutex);
        m_failed = false;
    }
    if (pa.contextConnect(m_handles->context, nullptr, kNoAutospawn, nullptr) < 0
        || pa.mainloopStart(m_handles->loop) < 0) {
        disconnect();
        std::lock_guard lock(m_mutex);
        m_failed = true;
        return;
    }
    std::unique_lock lock(m_mutex);
    m_answered.wait_for(lock, kConnectWait, [this] { return m_connected || m_failed; });
}

void PulseDefaults::disconnect()
{
    if (!m_library) {
        return;
    }
    const Library& pa = *m_library;
    if (m_handles->loop != nullptr && m_handles->context != nullptr) {
        pa.mainloopLock(m_handles->loop);
        pa.setStateCallback(m_handles->context, nullptr, nullptr);
        pa.setSubscribeCallback(m_handles->context, nullptr, nullptr);
        pa.contextDisconnect(m_handles->context);
        pa.mainloopUnlock(m_handles->loop);
    }
    if (m_handles->loop != nullptr) {
        pa.mainloopStop(m_handles->loop);
    }
    if (m_handles->context != nullptr) {
        pa.contextUnref(m_handles->context);
    }
    if (m_handles->loop != nullptr) {
        pa.mainloopFree(m_handles->loop);
    }
    m_handles->loop = nullptr;
    m_handles->context = nullptr;
}

void PulseDefaults::onContextState()
{
    const int state = m_library->contextState(m_handles->context);
    if (state == kContextReady) {
        pa_operation* subscribed = m_library->subscribe(m_handles->context, kMaskServer, nullptr, nullptr);
        if (subscribed != nullptr) {
            m_library->operationUnref(subscribed);
        }
        requestServerInfo();
    } else if (state == kContextFailed || state == kContextTerminated) {
        {
            std::lock_guard lock(m_mutex);
            m_failed = true;
            m_connected = false;
        }
        m_answered.notify_all();
    }
}

void PulseDefaults::requestServerInfo()
{
    pa_operation* asked = m_library->serverInfo(
        m_handles->context,
        [](pa_context*, const PaServerInfoAbi* info, void* userdata) {
            if (info != nullptr) {
                self(userdata)->onServerInfo(info->defaultSinkName, info->defaultSourceName);
            }
        },
        this);
    if (asked != nullptr) {
        m_library->operationUnref(asked);
    }
}

void PulseDefaults::onServerInfo(const char* sink, const char* source)
{
    {
        std::lock_guard lock(m_mutex);
        m_names.sink = QByteArray(sink != nullptr ? sink : "");
        m_names.source = QByteArray(source != nullptr ? source : "");
        m_connected = true;
    }
    m_answered.notify_all();
}

std::optional<PulseDefaultNames> PulseDefaults::current()
{
    bool retry = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_connected) {
            return m_names;
        }
        retry = m_failed && m_library && m_sinceConnect.elapsed() >= kRetryMs;
    }
    if (!retry) {
        return std::nullopt;
    }
    disconnect();
    connect();
    std::lock_guard lock(m_mutex);
    return m_connected ? std::optional(m_names) : std::nullopt;
}

} // namespace ward::devices
