#include "app/keychain/KeychainJobs.h"

#include <QtGlobal>

// The entry points app/KeychainSecrets.cpp resolves in switchyard-keychain.so. Both sides are
// built together from this tree, so Qt and std types cross the boundary unchanged.
extern "C" {

Q_DECL_EXPORT bool switchyardKeychainRead(const QString& name, QString* value, QString* error)
{
    const std::optional<QString> read = sy::KeychainJobs::read(name, error);
    if (read)
        *value = *read;
    return read.has_value();
}

Q_DECL_EXPORT bool switchyardKeychainWrite(const QString& name, const QString& value, QString* error)
{
    return sy::KeychainJobs::write(name, value, error);
}

Q_DECL_EXPORT bool switchyardKeychainRemove(const QString& name, QString* error)
{
    return sy::KeychainJobs::remove(name, error);
}

Q_DECL_EXPORT void switchyardKeychainWriteAsync(const QString& name,
                                                const QString& value,
                                                QObject* context,
                                                std::function<void(const QString& error)>* done)
{
    sy::KeychainJobs::writeAsync(name, value, context, std::move(*done));
}

} // extern "C"
