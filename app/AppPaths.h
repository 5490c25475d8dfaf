#pragma once

#include <QString>

namespace sy::AppPaths {

// Where Switchyard keeps its files when no path is given, per platform convention:
//
//              macOS                                     Linux and others
//   config     ~/Library/Application Support/Switchyard  $XDG_CONFIG_HOME/switchyard (~/.config)
//   data       ~/Library/Application Support/Switchyard  $XDG_DATA_HOME/switchyard (~/.local/share)
//   logs       ~/Library/Logs/Switchyard                 $XDG_STATE_HOME/switchyard (~/.local/state)
//
// The directories are not created here; whoever writes a file creates its directory.

/** The config file used when none is named: <config dir>/config.yaml. */
QString configFile();
/** The usage database and other state; $SWITCHYARD_DATA_DIR (absolute) overrides it. */
QString dataDir();
/** The menu-bar app's log file (headless mode logs to stderr for journald). */
QString logDir();

} // namespace sy::AppPaths
