#include "app/HeadlessRunner.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHeadless, "switchyard.app", QtInfoMsg)

namespace sy {

HeadlessRunner::HeadlessRunner(const CommandLine& commandLine, QObject* parent)
    : QObject(parent)
    , m_session(commandLine)
{
    GatewayHost& host = m_session.host();
    connect(&m_session, &GatewaySession::configWarnings, this, [](const ConfigDiagnostics& warnings) {
        for (const ConfigDiagnostic& d : warnings)
            std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
    });
    connect(&m_session, &GatewaySession::configFailed, this, [this](const QString& message) {
        std::fprintf(
            stderr, "%s\nswitchyard: cannot start with %s\n", qPrintable(message), qPrintable(m_session.configPath()));
    });
    connect(&m_session, &GatewaySession::defaultConfigWritten, this, [](const QString& path) {
        std::fprintf(stderr, "switchyard: no config file; wrote a default one to %s\n", qPrintable(path));
    });
    connect(&m_session, &GatewaySession::reloadRejected, this, [](const QString& error) {
        qCWarning(lcHeadless).noquote() << "reload not applied:" << error;
    });
    connect(&host, &GatewayHost::started, this, [](quint16, const QStringList& urls) {
        std::fprintf(stdout, "Switchyard %s listening on %s\n", SWITCHYARD_VERSION, qPrintable(urls.join(u", "_s)));
        std::fflush(stdout);
    });
    connect(&host, &GatewayHost::startFailed, this, [this](const QString& error) {
        std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
        m_exitCode = 1;
        QCoreApplication::exit(m_exitCode);
    });
    connect(&m_session, &GatewaySession::shutDown, this, [this] { QCoreApplication::exit(m_exitCode); });
    connect(&m_signals, &UnixSignalWatcher::terminateRequested, this, &HeadlessRunner::stop);
    connect(&m_signals, &UnixSignalWatcher::reloadRequested, &m_session, &GatewaySession::reload);
}

bool HeadlessRunner::start()
{
    if (!m_session.start()) {
        m_exitCode = 2;
        return false;
    }
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
    m_session.shutdown(); // the gateway drains while managed servers stop
}

} // namespace sy
