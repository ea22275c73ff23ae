// The numbers both ends of the client-server protocol enforce. A frame larger than kMaxFrameBytes is refused
// before it is parsed; each field has its own cap, checked by BodyReader.
#pragma once

#include <QtGlobal>

namespace ward::protocol {

inline constexpr int kProtocolVersion = 1;
// One WebSocket message (the whole CBOR frame).
inline constexpr qsizetype kMaxFrameBytes = 64 * 1024;
inline constexpr qsizetype kMaxTypeChars = 48;
// Free text a person typed (names, device names) and identifiers (user ids).
inline constexpr qsizetype kMaxNameChars = 128;
inline constexpr qsizetype kMaxUserIdChars = 64;
// An encrypted mailbox envelope and one signalling payload, both opaque to the server.
inline constexpr qsizetype kMaxEnvelopeBytes = 48 * 1024;
inline constexpr qsizetype kMaxSignalBytes = 16 * 1024;
// A check-in reason sealed to one clinician device, and how many devices one check-in may address.
inline constexpr qsizetype kMaxSealedReasonBytes = 2048;
inline constexpr qsizetype kMaxReasonRecipients = 16;
// Arrays in replies (queue entries, directory devices, mailbox batches).
inline constexpr qsizetype kMaxListItems = 500;

} // namespace ward::protocol
