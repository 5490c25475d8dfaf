#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace sy::testing {

/**
 * Real traffic for UI tests: chat requests to a gateway at a steady rate, asynchronously (the
 * test's event loop keeps running, so the UI under test updates as it would). Each request picks
 * a key and a model, streams or not, and asks the mock backend (through the gateway) for some
 * latency, a token rate, and now and then a failure. Deterministic for a seed.
 */
class TrafficPump : public QObject
{
    Q_OBJECT

public:
    struct Source
    {
        QByteArray key; ///< sent as the bearer token; empty: none
        QByteArray model;
        int weight = 1;
    };

    TrafficPump(quint16 port, QList<Source> sources, int perSecond, quint32 seed = 18);

    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    int sent() const { return m_sent; }
    int answered() const { return m_answered; }

private:
    void sendOne();
    const Source& pick();
    QByteArray knobs();

    quint16 m_port;
    QList<Source> m_sources;
    QNetworkAccessManager m_net;
    QTimer m_timer;
    QRandomGenerator m_random;
    int m_sent = 0;
    int m_answered = 0;
};

} // namespace sy::testing
