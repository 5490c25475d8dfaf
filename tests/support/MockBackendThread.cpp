#include "tests/support/MockBackendThread.h"

using namespace Qt::StringLiterals;

namespace sy::testing {

MockBackendThread::MockBackendThread(const MockBackend::Options& options)
    : m_backend(new MockBackend(options))
{
    m_thread.setObjectName(u"mock-backend"_s);
    m_backend->moveToThread(&m_thread);
    m_thread.start();
}

MockBackendThread::~MockBackendThread()
{
    MockBackend* backend = m_backend;
    QMetaObject::invokeMethod(
        backend, [backend]() { delete backend; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 MockBackendThread::start(const QHostAddress& address, quint16 port)
{
    quint16 bound = 0;
    QMetaObject::invokeMethod(
        m_backend, [&]() { bound = m_backend->start(address, port); }, Qt::BlockingQueuedConnection);
    return bound;
}

} // namespace sy::testing
