#include "app/CliCommands.h"
#include "app/CommandLine.h"
#include "app/ConfigSource.h"
#include "app/HeadlessRunner.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef SWITCHYARD_WITH_GUI
#include "gateway/GatewayHost.h"
#include "ui/TrayController.h"

#include <QApplication>
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
    setIdentity();
    sy::HeadlessRunner runner(commandLine);
    if (!runner.start())
        return runner.exitCode();
    return app.exec();
}

#ifdef SWITCHYARD_WITH_GUI
int runTray(int argc, char* argv[], const sy::CommandLine& commandLine)
{
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setQuitOnLastWindowClosed(false);
    const sy::ConfigSource source(commandLine);
    sy::GatewayHost host;
    sy::TrayController tray(host, source.path());
    QObject::connect(&tray, &sy::TrayController::quitRequested, &app, [&host] { host.stop(2000); });
    QObject::connect(&host, &sy::GatewayHost::stopped, &app, &QCoreApplication::quit);

    if (!source.exists()) {
        tray.showProblem(QCoreApplication::translate("main", "No config file at %1").arg(source.path()));
        return app.exec();
    }
    const sy::ConfigLoadResult result = source.load();
    if (!result.ok()) {
        tray.showProblem(result.errorText());
        return app.exec();
    }
    host.start(result.config);
    return app.exec();
}
#endif

} // namespace

int main(int argc, char* argv[])
{
    // Qt's glib event dispatcher wakes its eventfd each time a socket notifier is toggled, which
    // QTcpSocket does several times per request: the plain Unix dispatcher is much cheaper for the
    // gateway thread. It must be chosen before the application object exists.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
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
        setIdentity();
        if (!commandLine.checkConfigFile.isEmpty())
            return sy::CliCommands::checkConfig(commandLine.checkConfigFile);
        return sy::CliCommands::secret(commandLine.command);
    }
#ifdef SWITCHYARD_WITH_GUI
    if (!commandLine.headless)
        return runTray(argc, argv, commandLine);
#endif
    return runHeadless(argc, argv, commandLine);
}
