#include "app/AppPaths.h"

#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sy::AppPaths {

namespace {

QString home()
{
    return QDir::homePath();
}

#ifndef Q_OS_MACOS
// XDG base directories: the variable if set to an absolute path, else the default under $HOME.
QString xdg(const char* variable, const QString& fallback)
{
    const QString value = qEnvironmentVariable(variable);
    return QDir::isAbsolutePath(value) ? value : home() + fallback;
}
#endif

QString platformDataDir()
{
#ifdef Q_OS_MACOS
    return home() + u"/Library/Application Support/Switchyard"_s;
#else
    return xdg("XDG_DATA_HOME", u"/.local/share"_s) + u"/switchyard"_s;
#endif
}

} // namespace

QString configFile()
{
    // Not AppConfigLocation: with organization and application both "Switchyard" it nests
    // Switchyard/Switchyard, and on macOS it is ~/Library/Preferences, meant for plists.
#ifdef Q_OS_MACOS
    return platformDataDir() + u"/config.yaml"_s;
#else
    return xdg("XDG_CONFIG_HOME", u"/.config"_s) + u"/switchyard/config.yaml"_s;
#endif
}

QString dataDir()
{
    // An explicit place wins: containers, tests, and several instances on one machine.
    if (const QString dir = qEnvironmentVariable("SWITCHYARD_DATA_DIR"); QDir::isAbsolutePath(dir))
        return dir;
    return platformDataDir();
}

QString logDir()
{
#ifdef Q_OS_MACOS
    return home() + u"/Library/Logs/Switchyard"_s;
#else
    return xdg("XDG_STATE_HOME", u"/.local/state"_s) + u"/switchyard"_s;
#endif
}

} // namespace sy::AppPaths
