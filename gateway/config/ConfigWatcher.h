#pragma once

#include "gateway/config/ConfigLoader.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <functional>

namespace sy {

/**
 * Reloads the config when its file (or a file it includes) changes, and on request (SIGHUP,
 * the tray's Reload). Changes are debounced, since editors write in several steps, and a file
 * saved without changes is not reloaded. Directories are watched too: many editors save by
 * writing a new file and renaming it over the old one, which ends a plain file watch.
 *
 * Loading reads files, so the watcher lives on the main thread, never the gateway's.
 */
class ConfigWatcher : public QObject
{
    Q_OBJECT

public:
    using Loader = std::function<ConfigLoadResult()>;

    ConfigWatcher(Loader loader, QObject* parent = nullptr);

    /** Starts watching @p config's file and includes; @p config is what is serving now. */
    void watch(const std::shared_ptr<const GatewayConfig>& config);
    /** Watches @p path alone: for a config that failed to load, so that fixing it is noticed. */
    void watchFile(const QString& path);
    /** Reloads now, even if nothing seems to have changed. */
    void reloadNow();

signals:
    /** A changed file loaded without errors. */
    void reloaded(std::shared_ptr<const GatewayConfig> config, const sy::ConfigDiagnostics& warnings);
    /** A changed file has errors; the config serving now stays. */
    void rejected(const sy::ConfigLoadResult& result);

private:
    void onChanged();
    void reload(bool force);
    QByteArray fingerprint() const;
    void rewatch();

    Loader m_loader;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QStringList m_files;
    QByteArray m_fingerprint;
};

} // namespace sy
