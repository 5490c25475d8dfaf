#pragma once

#include <QByteArray>
#include <QString>

namespace sy {

struct GatewayConfig;

/** The effective config as YAML, for `switchyard --check-config`. Secrets are masked. */
namespace ConfigPrinter {

QByteArray toYaml(const GatewayConfig& config);

/** "sk-local-gateway-CHANGE_ME" → "sk-…ME": enough to recognise a key, not to use it. */
QString maskSecret(const QString& secret);
/** Hides the password of a URL such as postgresql://user:pass@host/db. */
QString maskUrl(const QString& url);

} // namespace ConfigPrinter

} // namespace sy
