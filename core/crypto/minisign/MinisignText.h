// The lexical rules that minisign public-key and signature files share: lines end in LF or CRLF (the last
// one may lack its ending), comment lines start with a fixed prefix, data lines are canonical padded
// standard base64 of a fixed length. Files are read with a size limit, so that a huge or endless file is
// refused before it is held in memory. `what` names the file in messages ("signature file", "public key").
#pragma once

#include "common/Result.h"
#include "crypto/minisign/MinisignError.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ward::crypto::minisign {

// Splits `text` into exactly `count` lines without their endings (LF, CRLF, or none after the last
// line); LineCount otherwise.
Result<QList<QByteArray>> splitLines(
    const QByteArray& text, int count, const QString& what, MinisignFailure* failure);

// The rest of line `lineNumber` (1-based) after `prefix`; MissingPrefix when it does not start with it.
Result<QByteArray> afterPrefix(const QByteArray& line, const QByteArray& prefix, int lineNumber,
    const QString& what, MinisignFailure* failure);

// Decodes line `lineNumber`, which must be canonical padded base64 (BadBase64) of exactly `size` bytes
// (WrongLength). Canonical means that re-encoding gives the same text, so no two lines mean one value.
Result<QByteArray> decodeBase64Line(
    const QByteArray& line, qsizetype size, int lineNumber, const QString& what, MinisignFailure* failure);

QByteArray encodeBase64(const QByteArray& bytes);

// The whole file at `path` when it has at most `limit` bytes; TooLarge or Unreadable otherwise.
Result<QByteArray> readBoundedFile(
    const QString& path, qsizetype limit, const QString& what, MinisignFailure* failure);

} // namespace ward::crypto::minisign
