#pragma once

#include <QString>

#include <functional>

namespace sy {

class IKeyManager;
class IServerControl;

/**
 * What the menu-bar UI can use besides the gateway, wired by app/main.cpp. Every member is
 * optional: without it the matching part of the UI explains what is missing or stays hidden.
 */
struct UiServices
{
    /** Virtual keys (issue #5): the keys page, budgets in the usage table, budget notifications. */
    IKeyManager* keyManager = nullptr;
    /** Managed local servers (issue #7): the tray menu's servers section. */
    IServerControl* serverControl = nullptr;

    /**
     * Stores @p value in the OS keychain as @p name (for `keychain/NAME` in the config) without
     * blocking, then calls @p done on the calling thread with an empty string, or an error for
     * the user. The settings page offers it for the master key.
     */
    using SecretWriter = std::function<void(
        const QString& name, const QString& value, std::function<void(const QString& error)> done)>;
    SecretWriter writeSecret;
};

} // namespace sy
