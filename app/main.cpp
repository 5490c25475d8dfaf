#include "app/AppPaths.h"
#include "app/CliCommands.h"
#include "app/CommandLine.h"
#include "app/ConfigSource.h"
#include "app/GatewaySession.h"
#include "app/HeadlessRunner.h"
#include "app/LogFile.h"
#include "gateway/core/Allocator.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef SWITCHYARD_WITH_GUI
#include "app/KeychainSecrets.h"
#include "app/gui/KeyServiceKeyManager.h"
#include "app/gui/SupervisorServerControl.h"
#include "gateway/GatewayHost.h"
#include "ui/GatewayMonitor.h"
#include "ui/Translations.h"
#include "ui/TrayController.h"
#include "ui/UiServices.h"

#include <QApplication>
#include <QTimer>
#endif

using namespace Qt::StringLiterals;

namespace {

QStringList rawArguments(int argc, char* argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    return args;
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Switchyard"_s);
    QCoreApplication::setApplicationName(u"Switchyard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));
}

int runHeadless(int argc, char* argv[], const sy::CommandLine& commandLine)
{
    QCoreApplication app(argc, argv);
    sy::HeadlessRunner runner(commandLine);
    if (!runner.start())
        return runner.exitCode();
    return app.exec();
}

#ifdef SWITCHYARD_WITH_GUI
int runTray(int argc, char* argv[], const sy::CommandLine& commandLine)
{
    QApplication app(argc, argv);
    // Closing the dashboard (or any dialog) only hides it: the app lives in the menu bar.
    QApplication::setQuitOnLastWindowClosed(false);
    sy::Translations::install(app);
    // Started from Finder or at login, stderr goes nowhere: keep a log file. Declared before the
    // session so it outlives the gateway thread.
    sy::LogFile logFile(sy::AppPaths::logDir());
    if (!logFile.error().isEmpty())
        qWarning().noquote() << "no log file:" << logFile.error();
    sy::GatewaySession session(commandLine);

    sy::UiServices services;
    services.writeSecret = [&app](const QString& name, const QString& value, std::function<void(const QString&)> done) {
        sy::KeychainSecrets::writeAsync(name, value, &app, std::move(done));
    };
    sy::SupervisorServerControl serverControl(session.servers());
    services.serverControl = &serverControl;
    sy::KeyServiceKeyManager keyManager(session.host().keys());
    services.keyManager = &keyManager;
    sy::GatewayMonitor monitor(services.keyManager);
    monitor.attach(session.host());
    sy::TrayController tray(monitor, session.configPath(), services);

    // Only Quit quits: the on/off switch stops the gateway and the app stays in the menu bar.
    QObject::connect(&tray, &sy::TrayController::quitRequested, &app, [&] {
        session.shutdown(2000); // drains the gateway and stops managed servers
        // However that goes: what still runs is stopped by the destructors on the way out.
        QTimer::singleShot(15'000, &app, &QCoreApplication::quit);
    });
    QObject::connect(&session, &sy::GatewaySession::shutDown, &app, &QCoreApplication::quit);
    QObject::connect(&tray, &sy::TrayController::gatewayToggled, &session, &sy::GatewaySession::setServing);
    QObject::connect(&tray, &sy::TrayController::reloadRequested, &session, &sy::GatewaySession::reload);
    QObject::connect(&session, &sy::GatewaySession::configFailed, &tray, &sy::TrayController::showProblem);
    QObject::connect(&session.host(), &sy::GatewayHost::startFailed, &tray, &sy::TrayController::showProblem);
    QObject::connect(&session, &sy::GatewaySession::reloaded, &tray, &sy::TrayController::showReloaded);
    QObject::connect(&session, &sy::GatewaySession::reloadRejected, &tray, &sy::TrayController::showReloadRejected);
    QObject::connect(
        &session, &sy::GatewaySession::defaultConfigWritten, &tray, &sy::TrayController::showDefaultConfigWritten);
    // Not started: the tray stays up showing why, and Reload Config tries again.
    session.start();
    return app.exec();
}
#endif

} // namespace

int main(int argc, char* argv[])
{
    // Qt's glib event dispatcher wakes its eventfd each time a socket notifier is toggled, which
    // QTcpSocket does several times per request: the plain Unix dispatcher is much cheaper for the
    // gateway thread, and QT_NO_THREADED_GLIB gives it to every thread but main. The main thread
    // keeps glib, which the keychain (libsecret) and the desktop's tray integration need.
    if (!qEnvironmentVariableIsSet("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", "1");
    sy::configureAllocator();
    // Before parsing: the default config path (QStandardPaths) is derived from the identity.
    setIdentity();
    const sy::CommandLine commandLine = sy::CommandLine::parse(rawArguments(argc, argv));
    if (!commandLine.error.isEmpty()) {
        std::fprintf(stderr, "switchyard: %s\n%s", qPrintable(commandLine.error), qPrintable(commandLine.helpText));
        return 2;
    }
    if (commandLine.showHelp) {
        std::fprintf(stdout, "%s", qPrintable(commandLine.helpText));
        return 0;
    }
    if (commandLine.showVersion) {
        std::fprintf(stdout, "switchyard %s (Qt %s)\n", SWITCHYARD_VERSION, qVersion());
        return 0;
    }
    qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"_s);
    if (!commandLine.checkConfigFile.isEmpty() || !commandLine.command.isEmpty()) {
        QCoreApplication app(argc, argv);
        if (!commandLine.checkConfigFile.isEmpty())
            return sy::CliCommands::checkConfig(commandLine.checkConfigFile);
        if (commandLine.command.constFirst() == u"key")
            return sy::CliCommands::key(commandLine.command, commandLine);
        return sy::CliCommands::secret(commandLine.command);
    }
#ifdef SWITCHYARD_WITH_GUI
    if (!commandLine.headless)
        return runTray(argc, argv, commandLine);
#endif
    return runHeadless(argc, argv, commandLine);
}
