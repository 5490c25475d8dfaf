#include "app/ConfigSource.h"

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
    if (!result.ok() || (!m_commandLine.host && !m_commandLine.port))
        return result;
    auto config = std::make_shared<GatewayConfig>(*result.config);
    if (m_commandLine.host)
        config->listen.host = *m_commandLine.host;
    if (m_commandLine.port)
        config->listen.port = *m_commandLine.port;
    result.config = std::move(config);
    return result;
}

} // namespace sy
