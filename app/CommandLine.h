#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/** What the user asked the `switchyard` binary to do. */
struct CommandLine
{
    bool headless = false;
    QString configFile; ///< empty: the default path
    std::optional<QString> host;
    std::optional<quint16> port;
    QString checkConfigFile; ///< --check-config FILE
    QStringList command; ///< a subcommand and its arguments, e.g. {"secret", "set", "OPENROUTER"}, {"key", "list"}
    bool showVersion = false;
    bool showHelp = false;
    QString helpText;
    QString error; ///< set when the arguments are invalid

    static CommandLine parse(const QStringList& arguments);
    /** The config file used when none is given: <platform config dir>/config.yaml. */
    static QString defaultConfigPath();
};

} // namespace sy
