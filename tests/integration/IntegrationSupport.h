#pragma once

#include "GatewayProcess.h"
#include "tests/support/MockBackendThread.h"
#include "tests/support/RawHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sy::testing {

inline const QByteArray kMasterKey = "sk-integration";

inline RawHttpClient::Headers authHeaders()
{
    return {{"Authorization", "Bearer " + kMasterKey}, {"Content-Type", "application/json"}};
}

/** A chat request body; @p extra is spliced in as more top-level members (e.g. "\"stream\":true"). */
inline QByteArray chatBody(const QByteArray& model, const QByteArray& extra = {})
{
    QByteArray body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"say three words\"}]";
    if (!extra.isEmpty())
        body += ',' + extra;
    return body + '}';
}

/** A gateway config with a master key, on an ephemeral loopback port, serving @p modelList. */
inline QByteArray gatewayConfig(const QByteArray& modelList, const QByteArray& gatewayExtra = {})
{
    QByteArray yaml = "model_list:\n" + modelList + "general_settings:\n  master_key: " + kMasterKey
        + "\ngateway:\n  host: 127.0.0.1\n  port: 0\n";
    for (const QByteArray& line : gatewayExtra.split('\n')) {
        if (!line.trimmed().isEmpty())
            yaml += "  " + line.trimmed() + '\n';
    }
    return yaml;
}

inline std::optional<RawHttpResponse>
post(quint16 port, const QByteArray& path, const QByteArray& body, int timeoutMs = RawHttpClient::kWaitMs)
{
    return RawHttpClient::fetch(port, "POST", path, body, authHeaders(), timeoutMs);
}

inline QJsonObject jsonOf(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace sy::testing
