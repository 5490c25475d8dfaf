#pragma once

#include "IntegrationSupport.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QThread>

namespace sy::testing {

/** A model costing 0.001 USD per prompt token and 0.002 per completion token. */
inline QByteArray pricedModel(const QByteArray& group, quint16 port)
{
    return mockModelEntry(group, port, "input_cost_per_token: 0.001\noutput_cost_per_token: 0.002");
}

/** "say three words" is 3 prompt tokens; the mock answers 5: 0.003 + 0.010 USD. */
inline constexpr double kRequestCost = 0.013;

/** A config with a master key, @p general and @p router lines under their sections. */
inline QByteArray keysConfig(const QByteArray& modelList, const QByteArray& general = {}, const QByteArray& router = {})
{
    QByteArray yaml = "model_list:\n" + modelList + "general_settings:\n  master_key: " + kMasterKey + '\n';
    for (const QByteArray& line : general.split('\n')) {
        if (!line.trimmed().isEmpty())
            yaml += "  " + line.trimmed() + '\n';
    }
    if (!router.isEmpty()) {
        yaml += "router_settings:\n";
        for (const QByteArray& line : router.split('\n')) {
            if (!line.trimmed().isEmpty())
                yaml += "  " + line.trimmed() + '\n';
        }
    }
    return yaml + "gateway:\n  host: 127.0.0.1\n  port: 0\n";
}

inline RawHttpClient::Headers bearer(const QByteArray& key)
{
    return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
}

/** A management call with the master key. */
inline std::optional<RawHttpResponse>
adminCall(quint16 port, const QByteArray& method, const QByteArray& path, const QJsonObject& body = {})
{
    const QByteArray bytes = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return RawHttpClient::fetch(port, method, path, bytes, authHeaders());
}

/** POST /key/generate with @p request; the response's JSON (with "key"), or empty on failure. */
inline QJsonObject generateKey(quint16 port, const QJsonObject& request = {})
{
    const auto r = adminCall(port, "POST", "/key/generate", request);
    return r && r->status == 200 ? r->json() : QJsonObject();
}

inline std::optional<RawHttpResponse>
chatAs(quint16 port, const QByteArray& key, const QByteArray& model, const QByteArray& extra = {})
{
    return RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody(model, extra), bearer(key));
}

inline QString tokenOf(const QByteArray& key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
}

/** The error object of an OpenAI-shaped error response (empty if it is not one). */
inline QJsonObject errorOf(const RawHttpResponse& r)
{
    const QJsonObject e = r.json().value(QStringLiteral("error")).toObject();
    if (!e.contains(QStringLiteral("message")) || !e.contains(QStringLiteral("type"))
        || !e.contains(QStringLiteral("code")) || !e.contains(QStringLiteral("param")))
        return {};
    return e;
}

/** The rate-limit window now: the gateway counts rpm and tpm per UTC minute of its clock (this machine's). */
inline qint64 minuteNow()
{
    return QDateTime::currentMSecsSinceEpoch() / 60'000;
}

/**
 * Runs @p attempt, which returns what it saw, until an attempt ran within one minute (three at
 * most). Limits count per calendar minute: an attempt that crossed into the next one saw two
 * windows and proves nothing, however fast or slow the machine. Each attempt must use a new key.
 */
template <typename Attempt>
auto withinOneMinute(Attempt attempt) -> decltype(attempt())
{
    for (int tries = 1;; ++tries) {
        const qint64 before = minuteNow();
        auto seen = attempt();
        if (minuteNow() == before || tries == 3)
            return seen;
        qInfo("the attempt crossed a minute boundary (rate-limit window): trying again");
    }
}

/** Sends @p count requests at once on their own connections; their statuses, in order. */
inline QList<int> concurrentChats(quint16 port, const QByteArray& key, int count, const QByteArray& extra = {})
{
    std::vector<std::unique_ptr<RawHttpClient>> clients;
    for (int i = 0; i < count; ++i) {
        auto client = std::make_unique<RawHttpClient>();
        if (!client->connectToHost(QHostAddress::LocalHost, port))
            return {};
        clients.push_back(std::move(client));
    }
    for (auto& c : clients)
        c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody("chat", extra), bearer(key)));
    QList<int> statuses;
    for (auto& c : clients) {
        const auto r = c->readResponse();
        statuses.append(r ? r->status : 0);
    }
    return statuses;
}

} // namespace sy::testing
