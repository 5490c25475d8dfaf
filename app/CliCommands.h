#pragma once

#include "app/CommandLine.h"

namespace sy::CliCommands {

/** `--check-config FILE`: diagnostics to stderr, the effective config to stdout. Exit 0 or 2. */
int checkConfig(const QString& file);

/** `secret set NAME` (value on stdin) and `secret delete NAME`. */
int secret(const QStringList& arguments);

} // namespace sy::CliCommands
