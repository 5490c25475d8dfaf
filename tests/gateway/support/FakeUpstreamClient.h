#pragma once

#include "gateway/upstream/IUpstreamClient.h"

#include <QList>

#include <memory>

namespace sy::testing {

/**
 * One call a FakeUpstreamClient received. The test answers it piece by piece (head, data, end,
 * error) when it chooses, so every interleaving of backend and client is in its hands. Once
 * the call was aborted or destroyed, its handler is never called again, as IUpstreamCall promises;
 * the answers are dropped (and counted in droppedAnswers).
 */
class FakeCall
{
public:
    UpstreamRequest request;

    bool aborted() const { return m_aborted; }
    bool destroyed() const { return m_destroyed; }
    /** Neither aborted nor destroyed: the caller still listens. */
    bool live() const { return !m_aborted && !m_destroyed; }
    bool paused() const { return m_paused; }
    /** setReadPaused() calls, in order. */
    const QList<bool>& pauseHistory() const { return m_pauseHistory; }
    int droppedAnswers() const { return m_dropped; }
    /** The deployment the call went to: its api_base's port. */
    quint16 port() const { return request.origin.port; }

    void head(int status, const HttpHeaders& headers = {});
    void data(const QByteArray& bytes);
    void end();
    void error(UpstreamError::Kind kind, const QString& message = QStringLiteral("scripted failure"));

    /** A whole response: head, one data piece (if any), end. */
    void reply(int status, const QByteArray& body, const QByteArray& contentType = "application/json");
    /** The head of a 200 text/event-stream response. */
    void beginStream();
    /** One SSE event `data: <json>`, blank line included. */
    void event(const QByteArray& json);

private:
    friend class FakeUpstreamClient;
    friend class FakeCallHandle;
    IUpstreamHandler* m_handler = nullptr;
    bool m_aborted = false;
    bool m_destroyed = false;
    bool m_paused = false;
    QList<bool> m_pauseHistory;
    int m_dropped = 0;

    IUpstreamHandler* listener();
};

/**
 * An IUpstreamClient for unit tests: start() records the request and returns at once; nothing
 * reaches the handler until the test answers through calls(). No sockets, no timers.
 */
class FakeUpstreamClient final : public IUpstreamClient
{
public:
    std::unique_ptr<IUpstreamCall> start(const UpstreamRequest& request, IUpstreamHandler* handler) override;

    int count() const { return int(m_calls.size()); }
    FakeCall& call(int i) { return *m_calls.at(i); }
    FakeCall& last() { return *m_calls.last(); }
    /** Call @p i, kept alive beyond the client (e.g. to look at it after a shutdown). */
    std::shared_ptr<FakeCall> share(int i) const { return m_calls.at(i); }
    /** Calls still listening. */
    int liveCount() const;

private:
    QList<std::shared_ptr<FakeCall>> m_calls;
};

} // namespace sy::testing
