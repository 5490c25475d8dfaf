#include "app/ConfigSource.h"

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

ConfigLoadResult ConfigSource::load() const
{
    ConfigLoadResult result = ConfigLoader().loadFile(m_path);
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
