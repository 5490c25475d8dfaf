#pragma once

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace sy {

/**
 * Secrets in the OS keychain (macOS Keychain, the Secret Service on Linux) under the service
 * "Switchyard", for `keychain/NAME` in the config. QtKeychain is asynchronous; these wait for
 * it with a local event loop, so call them from the main thread, never the gateway's.
 */
namespace KeychainSecrets {

inline constexpr char16_t kService[] = u"Switchyard";

std::optional<QString> read(const QString& name, QString* error);
bool write(const QString& name, const QString& value, QString* error);
bool remove(const QString& name, QString* error);

/**
 * Stores @p value as @p name without waiting: @p done is called later, on @p context's thread,
 * with an empty string on success or the keychain's error. For the UI, which must not block.
 */
void writeAsync(const QString& name,
                const QString& value,
                QObject* context,
                std::function<void(const QString& error)> done);

} // namespace KeychainSecrets

} // namespace sy
