#pragma once

#include "tests/gateway/support/PipelineHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace sy::testing {

inline constexpr QByteArrayView kMaster = "sk-master";
// Only a guard against hangs: every wait ends as soon as its condition holds.
inline constexpr int kHangGuardMs = 30'000;

/** A gateway config with a master key and one model, @p price per token in and out. */
inline QByteArray adminConfig(const QByteArray& price = "0.001")
{
    return "model_list:\n"
        + deploymentYaml("chat", 1001, "input_cost_per_token: " + price + "\noutput_cost_per_token: " + price)
        + "general_settings:\n  master_key: sk-master\n";
}

inline HttpHeaders bearer(QByteArrayView key)
{
    HttpHeaders h;
    h.add("authorization", "Bearer " + key.toByteArray());
    return h;
}

/** Sends a request and waits for its answer, which the admin handlers may give later. */
inline std::shared_ptr<ChannelLog> call(PipelineHarness& h,
                                        const QByteArray& method,
                                        const QByteArray& target,
                                        const QJsonObject& body = {},
                                        QByteArrayView key = kMaster)
{
    const QByteArray json = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    auto log = h.send(method, target, json, key.isEmpty() ? HttpHeaders() : bearer(key));
    if (!QTest::qWaitFor([&] { return log->finished(); }, kHangGuardMs))
        qWarning("%s %s: no answer (the status stays 0)", method.constData(), target.constData());
    return log;
}

inline QJsonObject jsonOf(const ChannelLog& log)
{
    return QJsonDocument::fromJson(log.body).object();
}

inline QJsonObject errorOf(const ChannelLog& log)
{
    return jsonOf(log).value(u"error").toObject();
}

} // namespace sy::testing
