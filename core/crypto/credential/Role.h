// The role a clinic credential grants. The names are the wire form and what wardctl accepts, so they never
// change; a new role is a new name.
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace ward::crypto::credential {

enum class Role { Patient, Clinician, Staff, Admin };

QString roleName(Role role);
// The role called `name` exactly (lower case), or nothing.
std::optional<Role> parseRole(QStringView name);

} // namespace ward::crypto::credential
