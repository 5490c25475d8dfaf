#pragma once

#include "app/CommandLine.h"
#include "gateway/config/ConfigLoader.h"

namespace sy {

/** Loads the config named on the command line (or the default one) and applies --host/--port. */
class ConfigSource
{
public:
    explicit ConfigSource(const CommandLine& commandLine);

    QString path() const { return m_path; }
    bool exists() const;
    ConfigLoadResult load() const;

    /** A loader reading the process environment and the OS keychain. */
    static ConfigLoader loader();
    /** Fills in what the file cannot say: the data dir for the default SQLite database, and
        $DATABASE_URL when the file names no database (as LiteLLM does). */
    static void applyStorageDefaults(StorageSettings& storage);

private:
    CommandLine m_commandLine;
    QString m_path;
};

} // namespace sy
