#include "app/HeadlessRunner.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHeadless, "switchyard.app", QtInfoMsg)

namespace sy {

namespace {

void printDiagnostics(const ConfigLoadResult& result)
{
    for (const ConfigDiagnostic& d : result.diagnostics)
        std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
}

} // namespace

HeadlessRunner::HeadlessRunner(const CommandLine& commandLine, QObject* parent)
    : QObject(parent)
    , m_source(commandLine)
    , m_watcher([this] { return m_source.load(); })
{
    connect(&m_watcher,
            &ConfigWatcher::reloaded,
            this,
            [this](std::shared_ptr<const GatewayConfig> config, const ConfigDiagnostics& warnings) {
                for (const ConfigDiagnostic& d : warnings)
                    std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
                qCInfo(lcHeadless).noquote() << "reloaded" << m_source.path();
                m_host.applyConfig(config);
            });
    connect(&m_host, &GatewayHost::reloadFailed, this, [](const QString& error) {
        qCWarning(lcHeadless).noquote() << "reload not applied:" << error;
    });
    connect(&m_host, &GatewayHost::started, this, [](quint16, const QStringList& urls) {
        std::fprintf(stdout, "Switchyard %s listening on %s\n", SWITCHYARD_VERSION, qPrintable(urls.join(u", "_s)));
        std::fflush(stdout);
    });
    connect(&m_host, &GatewayHost::startFailed, this, [this](const QString& error) {
        std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
        m_exitCode = 1;
        QCoreApplication::exit(m_exitCode);
    });
    connect(&m_host, &GatewayHost::stopped, this, [this] { QCoreApplication::exit(m_exitCode); });
    connect(&m_signals, &UnixSignalWatcher::terminateRequested, this, &HeadlessRunner::stop);
    connect(&m_signals, &UnixSignalWatcher::reloadRequested, &m_watcher, &ConfigWatcher::reloadNow);
}

bool HeadlessRunner::start()
{
    if (!m_source.exists()) {
        std::fprintf(stderr,
                     "switchyard: no config file at %s; pass --config FILE (see README.md for an example)\n",
                     qPrintable(m_source.path()));
        m_exitCode = 2;
        return false;
    }
    const ConfigLoadResult result = m_source.load();
    printDiagnostics(result);
    if (!result.ok()) {
        std::fprintf(stderr, "switchyard: %s has errors; not starting\n", qPrintable(m_source.path()));
        m_exitCode = 2;
        return false;
    }
    m_host.start(result.config);
    m_watcher.watch(result.config);
    return true;
}

void HeadlessRunner::stop()
{
    if (m_stopping) {
        // A second Ctrl-C: the user does not want to wait for requests to drain.
        QCoreApplication::exit(m_exitCode);
        return;
    }
    m_stopping = true;
    qCInfo(lcHeadless) << "shutting down";
    m_host.stop();
}

} // namespace sy
