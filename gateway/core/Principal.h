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
        None, ///< not authenticated (yet): such a request is never accounted (issue #15)
        Anonymous, ///< no master key configured (loopback-only gateway)
        Master,
        VirtualKey,
        /** A web UI session signed in as admin (issue #17): as powerful as the master key. A
            session signed in with a virtual key is that VirtualKey. See AuthStage::setSessionCheck(). */
        Session,
    };

    Kind kind = Kind::None;
    QString keyHash; ///< SHA-256 of a virtual key, hex
    QString alias;
    std::shared_ptr<KeyEntry> key; ///< the virtual key's settings and counters (gateway thread only)

    bool isAuthenticated() const { return kind != Kind::None; }
    /** May manage keys, servers and config: the master key or a UI session, never an anonymous caller. */
    bool isAdmin() const { return kind == Kind::Master || kind == Kind::Session; }
};

} // namespace sy
