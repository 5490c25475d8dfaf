#pragma once

#include <QString>

namespace sy {

/** Who is asking: decided by authentication, used by limits and accounting. */
struct Principal
{
    enum class Kind
    {
        Anonymous, ///< no master key configured (loopback-only gateway)
        Master,
        VirtualKey,
    };

    Kind kind = Kind::Anonymous;
    QString keyHash; ///< SHA-256 of a virtual key, hex
    QString alias;
};

} // namespace sy
