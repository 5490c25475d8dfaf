#pragma once

#include "app/CommandLine.h"

namespace sy::CliCommands {

/** `--check-config FILE`: diagnostics to stderr, the effective config to stdout. Exit 0 or 2. */
int checkConfig(const QString& file);

/** `secret set NAME` (value on stdin) and `secret delete NAME`. */
int secret(const QStringList& arguments);

/**
 * `key create|list|revoke`: virtual keys, straight in the database the config names (or the
 * default SQLite file), so it works whether or not the gateway runs; a running gateway picks
 * changes up within two seconds. Exit 0, 1 (database trouble) or 2 (usage). KeyCommands.cpp.
 */
int key(const QStringList& arguments, const CommandLine& commandLine);

} // namespace sy::CliCommands
