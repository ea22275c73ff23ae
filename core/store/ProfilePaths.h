// Where the pieces of a profile live inside its folder, and where the default profile folder is.
#pragma once

#include <QString>

namespace ward::store {

struct ProfilePaths {
    QString dir;

    QString vault() const; // the sealed keys and their parameters
    QString database() const; // the SQLCipher history database
    QString unlockState() const; // failed-unlock counter, readable while locked

    static QString defaultDir();
};

} // namespace ward::store
