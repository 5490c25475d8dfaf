#pragma once

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace sy {

/**
 * The QtKeychain jobs behind KeychainSecrets (see there). On Linux they live in the module
 * switchyard-keychain.so, loaded on first use; on macOS they are linked in.
 */
namespace KeychainJobs {

std::optional<QString> read(const QString& name, QString* error);
bool write(const QString& name, const QString& value, QString* error);
bool remove(const QString& name, QString* error);
void writeAsync(const QString& name,
                const QString& value,
                QObject* context,
                std::function<void(const QString& error)> done);

} // namespace KeychainJobs

} // namespace sy
