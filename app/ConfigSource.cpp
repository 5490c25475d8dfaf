#include "app/ConfigSource.h"

#include "app/AppPaths.h"
#include "app/KeychainSecrets.h"

#include <QFileInfo>

namespace sy {

ConfigSource::ConfigSource(const CommandLine& commandLine)
    : m_commandLine(commandLine)
    , m_path(commandLine.configFile.isEmpty() ? CommandLine::defaultConfigPath() : commandLine.configFile)
{ }

bool ConfigSource::exists() const
{
    return QFileInfo::exists(m_path);
}

ConfigLoader ConfigSource::loader()
{
    return ConfigLoader(
        [](const QString& name) -> std::optional<QString> {
            const QByteArray key = name.toUtf8();
            if (!qEnvironmentVariableIsSet(key.constData()))
                return std::nullopt;
            return qEnvironmentVariable(key.constData());
        },
        &KeychainSecrets::read);
}

ConfigLoadResult ConfigSource::load() const
{
    ConfigLoadResult result = loader().loadFile(m_path);
    if (!result.ok())
        return result;
    auto config = std::make_shared<GatewayConfig>(*result.config);
    if (m_commandLine.host)
        config->listen.host = *m_commandLine.host;
    if (m_commandLine.port)
        config->listen.port = *m_commandLine.port;
    applyStorageDefaults(config->storage);
    result.config = std::move(config);
    return result;
}

void ConfigSource::applyStorageDefaults(StorageSettings& storage)
{
    // The default SQLite file lives in the app data dir, which only the app knows.
    storage.dataDir = AppPaths::dataDir();
    // LiteLLM reads DATABASE_URL from the environment when the config names no database.
    if (storage.databaseUrl.isEmpty() && qEnvironmentVariableIsSet("DATABASE_URL"))
        storage.databaseUrl = qEnvironmentVariable("DATABASE_URL").trimmed();
}

} // namespace sy
