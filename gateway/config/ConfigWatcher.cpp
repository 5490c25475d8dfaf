#include "gateway/config/ConfigWatcher.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcWatch, "switchyard.config", QtInfoMsg)

namespace sy {

namespace {

constexpr int kDebounceMs = 300;

} // namespace

ConfigWatcher::ConfigWatcher(Loader loader, QObject* parent)
    : QObject(parent)
    , m_loader(std::move(loader))
    , m_watcher(this)
    , m_debounce(this)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] { reload(false); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ConfigWatcher::onChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ConfigWatcher::onChanged);
}

void ConfigWatcher::watch(const std::shared_ptr<const GatewayConfig>& config)
{
    m_files.clear();
    if (!config->sourceFile.isEmpty())
        m_files.append(QFileInfo(config->sourceFile).absoluteFilePath());
    m_files += config->includedFiles;
    m_fingerprint = fingerprint();
    rewatch();
}

void ConfigWatcher::watchFile(const QString& path)
{
    m_files = {QFileInfo(path).absoluteFilePath()};
    m_fingerprint = fingerprint();
    rewatch();
}

void ConfigWatcher::rewatch()
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    QStringList paths;
    for (const QString& file : std::as_const(m_files)) {
        if (QFileInfo::exists(file))
            paths.append(file);
        const QString dir = QFileInfo(file).absolutePath();
        if (!paths.contains(dir))
            paths.append(dir);
    }
    if (!paths.isEmpty())
        m_watcher.addPaths(paths);
}

void ConfigWatcher::onChanged()
{
    m_debounce.start();
}

void ConfigWatcher::reloadNow()
{
    reload(true);
}

QByteArray ConfigWatcher::fingerprint() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& file : m_files) {
        QFile f(file);
        hash.addData(file.toUtf8());
        if (f.open(QIODevice::ReadOnly))
            hash.addData(f.readAll());
    }
    return hash.result();
}

void ConfigWatcher::reload(bool force)
{
    rewatch(); // a save by rename replaced the watched file
    if (!m_files.isEmpty() && QFileInfo(m_files.first()).exists() && QFileInfo(m_files.first()).size() == 0) {
        // Truncated and not written yet (a save that is not a rename): serving "no models" now
        // would fail every request. The write that follows is another change, and another reload.
        qCInfo(lcWatch).noquote() << m_files.first() << "is empty; still serving the previous config";
        return;
    }
    const QByteArray now = fingerprint();
    if (!force && now == m_fingerprint)
        return;
    m_fingerprint = now;
    const ConfigLoadResult result = m_loader();
    if (!result.ok()) {
        qCWarning(lcWatch).noquote() << "reload rejected; still serving the previous config:\n" << result.errorText();
        emit rejected(result);
        return;
    }
    // Includes may have changed; keep watching what the new config reads.
    watch(result.config);
    emit reloaded(result.config, result.warnings());
}

} // namespace sy
