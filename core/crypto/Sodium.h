// Process-wide libsodium initialisation. Every entry point into core that touches libsodium calls
// ensureSodium() first; it is thread-safe and cheap after the first call.
#pragma once

namespace ward::crypto {

void ensureSodium();

} // namespace ward::crypto
