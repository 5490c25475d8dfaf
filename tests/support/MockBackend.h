#pragma once

#include "tests/support/MockKnobs.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>

class QThread;

namespace sy::testing {

class MockState;
class MockTcpServer;
class MockWorker;

/**
 * A fast, configurable OpenAI-compatible backend for tests and the benchmark (stands in for
 * LM Studio, vLLM, Ollama and llama.cpp). Its HTTP/1.1 server is written directly on QTcpSocket:
 * keep-alive, pipelining, chunked request bodies, TCP_NODELAY. See tests/support/README.md for the
 * endpoints and the knobs that make it misbehave.
 *
 * Threading: start() and the destructor run on the thread the object lives in. With threads > 1,
 * accepted sockets are spread over that many worker threads. stats(), resetStats(), releaseEvents(),
 * defaults(), setDefaults() and setListening() may be called from any thread.
 */
class MockBackend : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockBackend)

public:
    struct Options
    {
        QStringList models{QStringLiteral("mock-model")};
        QString id{QStringLiteral("mock")}; // sent as x-mock-backend and system_fingerprint
        MockKnobs knobs; // process-wide defaults
        int threads = 1; // 1: serve on this object's thread
    };

    explicit MockBackend(QObject* parent = nullptr);
    explicit MockBackend(const Options& options, QObject* parent = nullptr);
    ~MockBackend() override;

    // Starts listening; returns the bound port (useful with port 0) or 0 on failure.
    quint16 start(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }

    // Closes or reopens the listening socket on the same port; returns whether it now listens.
    bool setListening(bool enabled);
    QJsonObject stats() const;
    void resetStats();
    // Lets stepped streams (the `step` knob) send @p count more events, from any thread.
    void releaseEvents(int count);
    MockKnobs defaults() const;
    void setDefaults(const MockKnobs& knobs);

private:
    void createWorkers();
    void dispatch(qintptr descriptor);
    bool applyListening(bool enabled);

    Options m_options;
    std::unique_ptr<MockState> m_state;
    MockTcpServer* m_server = nullptr;
    QList<MockWorker*> m_workers;
    QList<QThread*> m_threads;
    QHostAddress m_address;
    quint16 m_port = 0;
    qsizetype m_nextWorker = 0;
};

} // namespace sy::testing
