#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

namespace sy {

/**
 * Starts Switchyard when the user logs in, if the user asks for it (a menu item's checkbox).
 *
 * macOS 13+: the app registers itself with SMAppService (System Settings → General → Login
 * Items lists it); macOS 12: a per-user LaunchAgent in ~/Library/LaunchAgents. Linux and other
 * freedesktop systems: an XDG autostart entry in $XDG_CONFIG_HOME/autostart. The platform code
 * sits behind a PIMPL: LoginItem_mac.mm on macOS, LoginItem.cpp elsewhere.
 *
 * Only the desktop app uses this; the headless service is started by systemd or launchd.
 */
class LoginItem
{
public:
    LoginItem();
    ~LoginItem();
    Q_DISABLE_COPY_MOVE(LoginItem)

    /** Whether this system can start the app at login at all (macOS: only a bundled app can). */
    bool isSupported() const;

    /** Whether the app will start at the next login. */
    bool isEnabled() const;

    /**
     * Turns starting at login on or off. Returns false and sets *error to a message for the user
     * when that failed (or, on macOS, when the user must first allow it in System Settings).
     */
    bool setEnabled(bool enabled, QString* error = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sy
