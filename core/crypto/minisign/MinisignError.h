// Why a minisign key, signature or signed file was refused. Every failure of the minisign module is a
// ward::Error with a plain message; callers that must tell the reasons apart (tests, the update checker)
// also get one of these values through an optional out-parameter.
#pragma once

#include "common/Result.h"

namespace ward::crypto {

enum class MinisignFailure {
    None,
    TooLarge, // a key or signature file over its limit, or a legacy-signed file over kMinisignMaxLegacyBytes
    Unreadable, // a file could not be opened or read to the end
    LineCount, // too few or too many lines
    MissingPrefix, // a comment line without "untrusted comment: " or "trusted comment: "
    BadBase64, // not canonical, padded standard base64
    WrongLength, // base64 that decodes to the wrong number of bytes
    UnknownAlgorithm, // neither "Ed" (legacy) nor "ED" (prehashed); keys must be "Ed"
    LegacyRefused, // a legacy signature where the caller asked for prehashed only
    KeyIdMismatch, // the signature names another key than the one given
    BadSignature, // the signature over the file does not hold
    BadGlobalSignature, // the signature over the trusted comment does not hold
};

// A short stable name for logs and test output, e.g. "key-id-mismatch".
const char* minisignFailureName(MinisignFailure failure);

// Builds the Error for `failure` (with the ErrorCode that fits it) and stores `failure` in `out` when given.
Error minisignError(MinisignFailure failure, QString message, MinisignFailure* out);

} // namespace ward::crypto
