#include "tests/support/MockState.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {

QByteArray jsonString(const QString& text)
{
    // QJsonDocument only serialises containers; strip the brackets of a one-element array.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

QByteArray modelsBody(const QStringList& models)
{
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    QJsonArray data;
    for (const QString& model : models)
        data.append(QJsonObject{
            {u"id"_s, model}, {u"object"_s, u"model"_s}, {u"created"_s, created}, {u"owned_by"_s, u"mock"_s}});
    return QJsonDocument(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, data}}).toJson(QJsonDocument::Compact);
}

QByteArray tagsBody(const QStringList& models)
{
    QJsonArray list;
    for (const QString& model : models)
        list.append(QJsonObject{{u"name"_s, model}, {u"model"_s, model}, {u"size"_s, 0}});
    return QJsonDocument(QJsonObject{{u"models"_s, list}}).toJson(QJsonDocument::Compact);
}

QJsonObject requestJson(const MockHttpRequest& request)
{
    QJsonObject headers;
    for (const auto& [name, value] : request.headers) {
        const QString key = QString::fromLatin1(name);
        const QString text = QString::fromUtf8(value);
        headers.insert(key, headers.contains(key) ? headers.value(key).toString() + u", "_s + text : text);
    }
    return QJsonObject{{u"method"_s, QString::fromLatin1(request.method)},
                       {u"path"_s, QString::fromUtf8(request.path)},
                       {u"target"_s, QString::fromUtf8(request.target)},
                       {u"headers"_s, headers},
                       {u"body"_s, QString::fromUtf8(request.body)}};
}

} // namespace

MockState::MockState(const QString& id, const QStringList& models, const MockKnobs& defaults)
    : m_id(id.toUtf8())
    , m_idJson(jsonString(id))
    , m_firstModelJson(jsonString(models.value(0)))
    , m_modelsBody(sy::testing::modelsBody(models))
    , m_tagsBody(sy::testing::tagsBody(models))
    , m_models(models)
    , m_startupDefaults(defaults)
    , m_defaults(defaults)
{ }

MockKnobs MockState::defaults() const
{
    QMutexLocker lock(&m_mutex);
    return m_defaults;
}

void MockState::setDefaults(const MockKnobs& knobs)
{
    QMutexLocker lock(&m_mutex);
    m_defaults = knobs;
}

void MockState::connectionOpened()
{
    ++m_connectionsOpened;
    ++m_connectionsActive;
}

void MockState::connectionClosed()
{
    --m_connectionsActive;
}

void MockState::apiRequestStarted(const MockHttpRequest& request)
{
    ++m_requests;
    const qint64 inFlight = ++m_inFlight;
    qint64 peak = m_maxInFlight.load();
    while (inFlight > peak && !m_maxInFlight.compare_exchange_weak(peak, inFlight)) { }
    QMutexLocker lock(&m_mutex);
    m_lastRequest = request; // implicitly shared: no byte copies on the hot path
    m_hasLastRequest = true;
    ++m_byPath[request.path];
}

void MockState::apiRequestFinished(bool cancelled)
{
    --m_inFlight;
    if (cancelled)
        ++m_cancelled;
}

bool MockState::takeStepCredit()
{
    qint64 credits = m_stepCredits.load();
    while (credits > 0 && !m_stepCredits.compare_exchange_weak(credits, credits - 1)) { }
    return credits > 0;
}

void MockState::resetCounters()
{
    m_stepCredits = 0;
    m_requests = 0;
    m_connectionsOpened = 0;
    m_cancelled = 0;
    // Gauges describe the present, so they survive a reset; the peak restarts from now.
    m_maxInFlight = m_inFlight.load();
    QMutexLocker lock(&m_mutex);
    m_lastRequest = {};
    m_hasLastRequest = false;
    m_byPath.clear();
}

QJsonObject MockState::stats() const
{
    QJsonObject stats{{u"id"_s, QString::fromUtf8(m_id)},
                      {u"requests"_s, m_requests.load()},
                      {u"connections_opened"_s, m_connectionsOpened.load()},
                      {u"connections_active"_s, m_connectionsActive.load()},
                      {u"in_flight"_s, m_inFlight.load()},
                      {u"max_in_flight"_s, m_maxInFlight.load()},
                      {u"cancelled"_s, m_cancelled.load()}};
    QMutexLocker lock(&m_mutex);
    stats.insert(u"last_request"_s, m_hasLastRequest ? QJsonValue(requestJson(m_lastRequest)) : QJsonValue());
    QJsonObject byPath;
    for (auto it = m_byPath.cbegin(); it != m_byPath.cend(); ++it)
        byPath.insert(QString::fromUtf8(it.key()), it.value());
    stats.insert(u"requests_by_path"_s, byPath);
    stats.insert(u"config"_s, m_defaults.toJson());
    return stats;
}

void MockState::setListenControl(std::function<bool(bool)> control)
{
    QMutexLocker lock(&m_mutex);
    m_listenControl = std::move(control);
}

bool MockState::setListening(bool enabled)
{
    std::function<bool(bool)> control;
    {
        QMutexLocker lock(&m_mutex);
        control = m_listenControl;
    }
    return control ? control(enabled) : false;
}

} // namespace sy::testing
