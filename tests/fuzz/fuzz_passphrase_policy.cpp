// Passphrases are typed by people and piped by scripts: any bytes at all must give a verdict, never a
// crash, and normalisation must be idempotent.
#include "crypto/SecretBytes.h"
#include "policy/PassphrasePolicy.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ward::crypto::SecretBytes raw(data, size);
    auto normalized = ward::policy::PassphrasePolicy::normalize(raw);
    if (!normalized) {
        return 0;
    }
    auto twice = ward::policy::PassphrasePolicy::normalize(normalized.value());
    if (!twice || !twice->equals(normalized.value())) {
        std::abort();
    }
    const ward::policy::PassphraseCheck check = ward::policy::PassphrasePolicy().check(normalized.value());
    if (check.score < 0 || check.score > 4 || (!check.acceptable && check.problem.isEmpty())) {
        std::abort();
    }
    return 0;
}
