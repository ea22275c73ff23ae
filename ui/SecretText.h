// Moves text typed into a password field into wiped memory. Qt's text input keeps its own QString copies
// that Ward cannot reach; the views clear the field right after handing the text over so those copies die
// young. Ward's own copy is encoded straight into SecretBytes without a QByteArray in between.
#pragma once

#include "crypto/SecretBytes.h"

#include <QString>

namespace ward::ui {

crypto::SecretBytes secretFromText(const QString& text);

} // namespace ward::ui
