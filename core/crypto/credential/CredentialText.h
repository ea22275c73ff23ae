// The rules for the text a credential carries. A user id is a short machine identifier; a display name is
// what a patient reads on screen to decide who they are talking to, so it must be one unambiguous string:
// NFC, no control, format (bidi overrides, zero-width joiners), private-use or unassigned characters, no
// line breaks and no leading or trailing space.
#pragma once

#include <QString>

namespace ward::crypto::credential {

inline constexpr qsizetype kMaxUserIdBytes = 128;
inline constexpr qsizetype kMaxNameBytes = 256;

// 1..kMaxUserIdBytes of A-Z a-z 0-9 and . _ @ + - (room for e-mail addresses and UUIDs).
bool validUserId(const QString& userId);
// 1..kMaxNameBytes of UTF-8 under the rules above.
bool validDisplayName(const QString& name);

} // namespace ward::crypto::credential
