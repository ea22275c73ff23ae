#include "crypto/minisign/MinisignError.h"

namespace ward::crypto {

const char* minisignFailureName(MinisignFailure failure)
{
    switch (failure) {
    case MinisignFailure::None:
        return "none";
    case MinisignFailure::TooLarge:
        return "too-large";
    case MinisignFailure::Unreadable:
        return "unreadable";
    case MinisignFailure::LineCount:
        return "line-count";
    case MinisignFailure::MissingPrefix:
        return "missing-prefix";
    case MinisignFailure::BadBase64:
        return "bad-base64";
    case MinisignFailure::WrongLength:
        return "wrong-length";
    case MinisignFailure::UnknownAlgorithm:
        return "unknown-algorithm";
    case MinisignFailure::LegacyRefused:
        return "legacy-refused";
    case MinisignFailure::KeyIdMismatch:
        return "key-id-mismatch";
    case MinisignFailure::BadSignature:
        return "bad-signature";
    case MinisignFailure::BadGlobalSignature:
        return "bad-global-signature";
    }
    return "unknown";
}

namespace {

ErrorCode codeFor(MinisignFailure failure)
{
    switch (failure) {
    case MinisignFailure::TooLarge:
        return ErrorCode::InvalidArgument;
    case MinisignFailure::Unreadable:
        return ErrorCode::Io;
    case MinisignFailure::LineCount:
    case MinisignFailure::MissingPrefix:
    case MinisignFailure::BadBase64:
    case MinisignFailure::WrongLength:
    case MinisignFailure::UnknownAlgorithm:
        return ErrorCode::Corrupt;
    case MinisignFailure::LegacyRefused:
        return ErrorCode::Unsafe;
    case MinisignFailure::KeyIdMismatch:
    case MinisignFailure::BadSignature:
    case MinisignFailure::BadGlobalSignature:
        return ErrorCode::Crypto;
    case MinisignFailure::None:
        break;
    }
    return ErrorCode::Internal;
}

} // namespace

Error minisignError(MinisignFailure failure, QString message, MinisignFailure* out)
{
    if (out != nullptr) {
        *out = failure;
    }
    return makeError(codeFor(failure), std::move(message));
}

} // namespace ward::crypto
