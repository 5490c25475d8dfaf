#include "tests/ui/support/TrafficPump.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace sy::testing {

TrafficPump::TrafficPump(quint16 port, QList<Source> sources, int perSecond, quint32 seed)
    : m_port(port)
    , m_sources(std::move(sources))
    , m_timer(this)
    , m_random(seed)
{
    m_timer.setInterval(qMax(1, 1000 / qMax(1, perSecond)));
    connect(&m_timer, &QTimer::timeout, this, &TrafficPump::sendOne);
}

const TrafficPump::Source& TrafficPump::pick()
{
    int total = 0;
    for (const Source& s : std::as_const(m_sources))
        total += s.weight;
    int n = int(m_random.bounded(qMax(1, total)));
    for (const Source& s : std::as_const(m_sources)) {
        if (n < s.weight)
            return s;
        n -= s.weight;
    }
    return m_sources.constFirst();
}

QByteArray TrafficPump::knobs()
{
    // Mostly fine, with a slow tail; a few failures of each kind.
    const int roll = int(m_random.bounded(100));
    if (roll < 3)
        return "\"status\":503";
    if (roll < 5)
        return "\"status\":400";
    if (roll < 6)
        return "\"status\":429,\"retry_after\":1";
    const int latency = 20 + int(m_random.bounded(120)) + (m_random.bounded(10) == 0 ? 500 : 0);
    return "\"latency_ms\":" + QByteArray::number(latency) + ",\"token_delay_ms\":"
        + QByteArray::number(5 + m_random.bounded(20)) + ",\"tokens\":" + QByteArray::number(6 + m_random.bounded(30));
}

void TrafficPump::sendOne()
{
    const Source& s = pick();
    const bool stream = m_random.bounded(10) < 6;
    const QByteArray body = "{\"model\":\"" + s.model + "\",\"stream\":" + (stream ? "true" : "false")
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"write a haiku about switchyards at night\"}],\"mock\":{"
        + knobs() + "}}";
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(m_port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!s.key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + s.key);
    QNetworkReply* reply = m_net.post(request, body);
    ++m_sent;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        ++m_answered;
        reply->deleteLater();
    });
}

} // namespace sy::testing
