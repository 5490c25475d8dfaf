#pragma once

#include "tests/support/GzipDecoder.h"
#include "tests/support/RawHttpResponse.h"
#include "tests/support/RawResponseParser.h"
#include "tests/support/SseEvent.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <optional>

namespace sy::testing {

/**
 * A deliberately low-level HTTP/1.1 client for tests: it sends exactly the bytes it is given and
 * reports exactly what came back (status, headers, de-chunked body, when each part arrived), so
 * tests can pipeline, send malformed requests, or watch SSE events arrive one by one.
 *
 * Waiting spins a local event loop instead of blocking, so a server in the same thread (an
 * in-process MockBackend or gateway) keeps running while the test waits.
 */
class RawHttpClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawHttpClient)

public:
    /**
     * How long a wait lasts by default: only a guard against hangs, long enough for a machine
     * loaded by parallel tests and sanitizers. A wait ends as soon as what it waits for happens;
     * a test that expects nothing to happen passes its own, shorter time.
     */
    static constexpr int kWaitMs = 30'000;

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit RawHttpClient(QObject* parent = nullptr);
    ~RawHttpClient() override;

    bool connectToHost(const QHostAddress& address, quint16 port, int timeoutMs = kWaitMs);
    bool isConnected() const;
    QAbstractSocket::SocketError lastError() const { return m_socket->error(); }
    void send(const QByteArray& bytes);
    void disconnectFromHost();
    void abort();

    // A complete request; adds Host, and Content-Length/Content-Type when there is a body.
    QByteArray buildRequest(const QByteArray& method,
                            const QByteArray& path,
                            const QByteArray& body = {},
                            const Headers& headers = {}) const;
    // send(buildRequest(...)) then readResponse().
    std::optional<RawHttpResponse> request(const QByteArray& method,
                                           const QByteArray& path,
                                           const QByteArray& body = {},
                                           const Headers& headers = {},
                                           int timeoutMs = kWaitMs);

    // The next response once complete (or cut short by a close; check `complete`). nullopt when
    // no head arrived before the timeout, the connection closed, or the bytes were not HTTP.
    std::optional<RawHttpResponse> readResponse(int timeoutMs = kWaitMs);
    // Waits for the head of the next response without consuming it.
    std::optional<RawHttpResponse> waitForHead(int timeoutMs = kWaitMs);
    // The next SSE event of the current (front) response, decoded incrementally, gzip included.
    // nullopt on timeout or when the stream has ended; streamEnded() tells which.
    std::optional<SseEvent> readEvent(int timeoutMs = kWaitMs);
    QList<SseEvent> readAllEvents(int timeoutMs = kWaitMs);
    bool streamEnded() const;

    bool waitForDisconnected(int timeoutMs = kWaitMs);
    bool protocolError() const { return m_parser.hasError(); }
    QByteArray received() const { return m_received; } // every byte received, raw
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    // One request on a fresh connection, closed afterwards.
    static std::optional<RawHttpResponse> fetch(quint16 port,
                                                const QByteArray& method,
                                                const QByteArray& path,
                                                const QByteArray& body = {},
                                                const Headers& headers = {},
                                                int timeoutMs = kWaitMs);

private:
    struct StreamState
    {
        bool started = false;
        qsizetype consumed = 0;
        std::unique_ptr<GzipDecoder> gzip;
        QByteArray text;
        QList<SseEvent> events;
    };

    void onReadyRead();
    void onDisconnected();
    void extractEvents();
    void splitEvents();
    bool waitUntil(const std::function<bool()>& done, int timeoutMs);
    bool frontIsStream() const;

    QTcpSocket* m_socket;
    QElapsedTimer m_clock;
    RawResponseParser m_parser;
    QByteArray m_received;
    StreamState m_stream;
    bool m_closed = false;
};

} // namespace sy::testing
