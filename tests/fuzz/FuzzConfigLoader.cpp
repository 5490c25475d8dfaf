#include "gateway/config/ConfigLoader.h"

#include <cstdlib>

// The YAML config loader: a user's file, or one written by a tool, must give diagnostics and
// never a crash. Environment and keychain lookups are stubbed (no real keychain is touched).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char*>(data), qsizetype(size));
    const sy::ConfigLoader loader(
        [](const QString& name) -> std::optional<QString> {
            return name == u"SET" ? std::optional<QString>(QStringLiteral("value")) : std::nullopt;
        },
        [](const QString&, QString* error) -> std::optional<QString> {
            *error = QStringLiteral("no keychain while fuzzing");
            return std::nullopt;
        });
    const sy::ConfigLoadResult result = loader.loadYaml(yaml, QStringLiteral("/nonexistent/fuzz/config.yaml"));
    if (result.ok() && !result.config)
        std::abort(); // "ok" promises a config
    return 0;
}
