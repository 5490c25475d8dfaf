#include "tests/support/MockBackend.h"

#include "tests/support/MockState.h"
#include "tests/support/MockTcpServer.h"
#include "tests/support/MockWorker.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace sy::testing {

MockBackend::MockBackend(QObject* parent)
    : MockBackend(Options{}, parent)
{ }

MockBackend::MockBackend(const Options& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_state(std::make_unique<MockState>(options.id, options.models, options.knobs))
    , m_server(new MockTcpServer([this](qintptr descriptor) { dispatch(descriptor); }, this))
{ }

MockBackend::~MockBackend()
{
    stop();
}

quint16 MockBackend::start(const QHostAddress& address, quint16 port)
{
    if (m_server->isListening())
        return m_port;
    if (m_workers.isEmpty())
        createWorkers();
    m_state->setListenControl([this](bool enabled) { return setListening(enabled); });
    m_server->setListenBacklogSize(1024); // wrk opens its connections in a burst
    if (!m_server->listen(address, port))
        return 0;
    m_address = address;
    m_port = m_server->serverPort();
    return m_port;
}

void MockBackend::stop()
{
    m_state->setListenControl({});
    m_server->close();
    // Workers on this thread are children; delete them now, while the state they count into exists.
    // Workers on their own threads are deleted there when the thread finishes.
    for (MockWorker* worker : std::as_const(m_workers)) {
        if (worker->thread() == thread())
            delete worker;
    }
    m_workers.clear();
    for (QThread* workerThread : std::as_const(m_threads)) {
        workerThread->quit();
        workerThread->wait();
        delete workerThread;
    }
    m_threads.clear();
}

void MockBackend::createWorkers()
{
    if (m_options.threads <= 1) {
        m_workers.append(new MockWorker(m_state.get(), this));
        return;
    }
    for (int i = 0; i < m_options.threads; ++i) {
        auto* thread = new QThread;
        thread->setObjectName(u"mock-worker-%1"_s.arg(i));
        auto* worker = new MockWorker(m_state.get());
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }
}

void MockBackend::dispatch(qintptr descriptor)
{
    MockWorker* worker = m_workers.at(m_nextWorker++ % m_workers.size());
    if (worker->thread() == QThread::currentThread())
        worker->adopt(descriptor);
    else
        QMetaObject::invokeMethod(
            worker, [worker, descriptor]() { worker->adopt(descriptor); }, Qt::QueuedConnection);
}

bool MockBackend::setListening(bool enabled)
{
    if (QThread::currentThread() == thread())
        return applyListening(enabled);
    bool listening = false;
    QMetaObject::invokeMethod(
        this, [&]() { listening = applyListening(enabled); }, Qt::BlockingQueuedConnection);
    return listening;
}

bool MockBackend::applyListening(bool enabled)
{
    if (enabled == m_server->isListening() || m_port == 0)
        return m_server->isListening();
    if (!enabled) {
        m_server->close(); // new connections are refused from now on; open ones keep working
        return false;
    }
    return m_server->listen(m_address, m_port);
}

QJsonObject MockBackend::stats() const
{
    QJsonObject stats = m_state->stats();
    stats.insert(u"port"_s, m_port);
    return stats;
}

void MockBackend::resetStats()
{
    m_state->resetCounters();
}

void MockBackend::releaseEvents(int count)
{
    m_state->releaseEvents(count);
}

MockKnobs MockBackend::defaults() const
{
    return m_state->defaults();
}

void MockBackend::setDefaults(const MockKnobs& knobs)
{
    m_state->setDefaults(knobs);
}

} // namespace sy::testing
