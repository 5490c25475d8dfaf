#include "app/AppPaths.h"
#include "app/CommandLine.h"

#include <QTest>

using namespace sy;

class TestAppPaths : public QObject
{
    Q_OBJECT

private slots:
    void followsTheXdgVariables()
    {
#ifdef Q_OS_MACOS
        QSKIP("macOS paths do not follow XDG");
#endif
        qputenv("XDG_CONFIG_HOME", "/tmp/cfg");
        qputenv("XDG_DATA_HOME", "/tmp/data");
        qputenv("XDG_STATE_HOME", "/tmp/state");
        QCOMPARE(AppPaths::configFile(), QString("/tmp/cfg/switchyard/config.yaml"));
        QCOMPARE(AppPaths::dataDir(), QString("/tmp/data/switchyard"));
        QCOMPARE(AppPaths::logDir(), QString("/tmp/state/switchyard"));
        QCOMPARE(CommandLine::defaultConfigPath(), AppPaths::configFile());
    }

    void fallsBackToHomeWhenUnsetOrRelative()
    {
#ifdef Q_OS_MACOS
        QSKIP("macOS paths do not follow XDG");
#endif
        qunsetenv("XDG_CONFIG_HOME");
        qputenv("XDG_DATA_HOME", "relative/dir"); // the spec says to ignore relative paths
        qunsetenv("XDG_STATE_HOME");
        const QString home = QDir::homePath();
        QCOMPARE(AppPaths::configFile(), home + "/.config/switchyard/config.yaml");
        QCOMPARE(AppPaths::dataDir(), home + "/.local/share/switchyard");
        QCOMPARE(AppPaths::logDir(), home + "/.local/state/switchyard");
    }
};

QTEST_GUILESS_MAIN(TestAppPaths)
#include "TestAppPaths.moc"
