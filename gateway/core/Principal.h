#pragma once

#include <QString>

#include <memory>

namespace sy {

struct KeyEntry;

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
    std::shared_ptr<KeyEntry> key; ///< the virtual key's settings and counters (gateway thread only)
};

} // namespace sy
