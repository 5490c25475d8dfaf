#pragma once

#include "tests/support/ServerProcess.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sy::testing {

/**
 * A real Prometheus server for one test: its config and TSDB in a temp dir, its web API on a
 * free loopback port, scraping the targets it was started with.
 */
class PrometheusServer : public ServerProcess
{
public:
    /** /usr/bin/prometheus or the one on PATH; empty when it is not installed. */
    static QString binary();
    /** promtool (from the same package); empty when it is not installed. */
    static QString promtool();

    /** Starts it on @p configYaml (a prometheus.yml) and waits until /-/ready answers 200;
        false with error() set otherwise. The config may refer to files in dir(). */
    bool start(const QByteArray& configYaml);
    quint16 port() const { return m_port; }

    /** The "data.result" array of an instant query through /api/v1/query; empty on any error
        (lastQueryError() says which). */
    QJsonArray query(const QByteArray& promql);
    QString lastQueryError() const { return m_queryError; }
    /** The body of GET @p path of its web API (e.g. /api/v1/targets, for failure messages). */
    QByteArray api(const QByteArray& path);

private:
    bool waitReady(int timeoutMs);

    quint16 m_port = 0;
    QString m_queryError;
};

} // namespace sy::testing
