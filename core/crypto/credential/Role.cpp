#include "crypto/credential/Role.h"

#include <array>
#include <utility>

namespace ward::crypto::credential {

namespace {
constexpr std::array<std::pair<Role, const char*>, 4> kRoles { {
    { Role::Patient, "patient" },
    { Role::Clinician, "clinician" },
    { Role::Staff, "staff" },
    { Role::Admin, "admin" },
} };
} // namespace

QString roleName(Role role)
{
    for (const auto& [value, name] : kRoles) {
        if (value == role) {
            return QLatin1String(name);
        }
    }
    return QStringLiteral("unknown");
}

std::optional<Role> parseRole(QStringView name)
{
    for (const auto& [value, text] : kRoles) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace ward::crypto::credential
