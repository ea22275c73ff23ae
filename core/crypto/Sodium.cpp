#include "crypto/Sodium.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace ward::crypto {

void ensureSodium()
{
    static const bool ready = [] {
        if (sodium_init() < 0) {
            std::fputs("ward: libsodium could not be initialised; refusing to continue.\n", stderr);
            std::abort();
        }
        return true;
    }();
    (void)ready;
}

} // namespace ward::crypto
