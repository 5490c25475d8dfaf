#pragma once

#include "tests/support/MockBackend.h"

#include <QThread>

namespace sy::testing {

/**
 * Runs a MockBackend on its own thread, so a test may block its own thread (waitForReadyRead,
 * a synchronous client) without starving the mock. backend() exposes only thread-safe calls.
 */
class MockBackendThread
{
    Q_DISABLE_COPY_MOVE(MockBackendThread)

public:
    explicit MockBackendThread(const MockBackend::Options& options = {});
    ~MockBackendThread();

    // Blocks until the backend listens; returns its port, 0 on failure.
    quint16 start(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    MockBackend* backend() const { return m_backend; }
    quint16 port() const { return m_backend->port(); }

private:
    QThread m_thread;
    MockBackend* m_backend;
};

} // namespace sy::testing
