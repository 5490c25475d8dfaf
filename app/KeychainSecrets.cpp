#include "app/KeychainSecrets.h"

#include "app/keychain/KeychainJobs.h"

#ifdef SWITCHYARD_KEYCHAIN_MODULE
#include <QCoreApplication>
#include <QLibrary>
#include <QMetaObject>
#include <QObject>
#endif

using namespace Qt::StringLiterals;

namespace sy::KeychainSecrets {

#ifdef SWITCHYARD_KEYCHAIN_MODULE

// On Linux QtKeychain reaches the Secret Service over D-Bus: QtDBus, libdbus, libsystemd and
// libgcrypt, ~1.2 MB resident in a process that may never read a secret (the headless gateway,
// issue #14). They come with switchyard-keychain.so, loaded the first time a secret is used.
namespace {

struct Module
{
    bool (*read)(const QString&, QString*, QString*) = nullptr;
    bool (*write)(const QString&, const QString&, QString*) = nullptr;
    bool (*remove)(const QString&, QString*) = nullptr;
    void (*writeAsync)(const QString&, const QString&, QObject*, std::function<void(const QString&)>*) = nullptr;
    QString error; ///< why it could not be loaded
};

// Next to the binary in the build tree; in lib/switchyard beside bin/ when installed (.deb).
const Module& module()
{
    static const Module loaded = [] {
        Module m;
        const QString dir = QCoreApplication::applicationDirPath();
        QStringList tried;
        const QStringList paths{dir + u"/switchyard-keychain.so"_s,
                                dir + u"/../lib/switchyard/switchyard-keychain.so"_s};
        for (const QString& path : paths) {
            QLibrary library(path);
            if (!library.load()) {
                tried << library.errorString();
                continue;
            }
            m.read = reinterpret_cast<decltype(m.read)>(library.resolve("switchyardKeychainRead"));
            m.write = reinterpret_cast<decltype(m.write)>(library.resolve("switchyardKeychainWrite"));
            m.remove = reinterpret_cast<decltype(m.remove)>(library.resolve("switchyardKeychainRemove"));
            m.writeAsync = reinterpret_cast<decltype(m.writeAsync)>(library.resolve("switchyardKeychainWriteAsync"));
            if (m.read && m.write && m.remove && m.writeAsync)
                return m; // QLibrary keeps it loaded: it is never unloaded
            tried << u"%1 lacks the keychain functions"_s.arg(path);
            m = Module();
        }
        m.error = u"keychain support (switchyard-keychain.so) could not be loaded: %1"_s.arg(tried.join(u"; "_s));
        return m;
    }();
    return loaded;
}

bool unavailable(QString* error)
{
    if (module().read)
        return false;
    if (error)
        *error = module().error;
    return true;
}

} // namespace

std::optional<QString> read(const QString& name, QString* error)
{
    if (unavailable(error))
        return std::nullopt;
    QString value;
    if (!module().read(name, &value, error))
        return std::nullopt;
    return value;
}

bool write(const QString& name, const QString& value, QString* error)
{
    return !unavailable(error) && module().write(name, value, error);
}

bool remove(const QString& name, QString* error)
{
    return !unavailable(error) && module().remove(name, error);
}

void writeAsync(const QString& name, const QString& value, QObject* context, std::function<void(const QString&)> done)
{
    QString error;
    if (unavailable(&error)) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
        return;
    }
    module().writeAsync(name, value, context, &done);
}

#else

std::optional<QString> read(const QString& name, QString* error)
{
    return KeychainJobs::read(name, error);
}

bool write(const QString& name, const QString& value, QString* error)
{
    return KeychainJobs::write(name, value, error);
}

bool remove(const QString& name, QString* error)
{
    return KeychainJobs::remove(name, error);
}

void writeAsync(const QString& name, const QString& value, QObject* context, std::function<void(const QString&)> done)
{
    KeychainJobs::writeAsync(name, value, context, std::move(done));
}

#endif

} // namespace sy::KeychainSecrets
