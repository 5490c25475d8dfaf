#include "gateway/http/ConnectionGuard.h"
#include "tests/gateway/http/RequestCollector.h"
#include "tests/gateway/http/TransportListener.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sy;
using namespace sy::testing;

// ConnectionGuard over a real loopback connection: the test plays the gateway's part (taking
// requests, writing responses) to reach states a client alone cannot steer.
class TestConnectionGuardLimits : public QObject
{
    Q_OBJECT

public:
    explicit TestConnectionGuardLimits(TransportKind kind)
        : m_server(kind)
    { }

private:
    TransportListener m_server;
    std::unique_ptr<QTcpSocket> m_client;
    QPointer<ClientTransport> m_serverSide;
    RequestCollector m_gateway;

    ConnectionGuard* connectWith(const FrontLimits& limits)
    {
        m_client = std::make_unique<QTcpSocket>();
        m_client->connectToHost(QHostAddress::LocalHost, m_server.serverPort());
        if (!m_client->waitForConnected(5000))
            return nullptr;
        m_serverSide = m_server.take(5000);
        if (!m_serverSide)
            return nullptr;
        return new ConnectionGuard(m_serverSide, limits, &m_gateway, m_serverSide);
    }

    // Sends @p requests and returns the response slot of each, in order (0 for one that did not come).
    QList<quint64> sendRequests(const QByteArray& requests, int count)
    {
        m_client->write(requests);
        m_client->flush();
        QList<quint64> ids;
        for (int i = 0; i < count; ++i) {
            RequestCollector::Entry entry = m_gateway.take(5000);
            ids.append(entry.channel ? entry.channel->slot() : 0);
            m_channels.push_back(std::move(entry.channel)); // kept open: the test writes for it
        }
        return ids;
    }
    std::vector<std::unique_ptr<ResponseChannel>> m_channels;

private slots:
    void initTestCase() { QVERIFY(m_server.listen(QHostAddress::LocalHost)); }

    void cleanup()
    {
        m_channels.clear();
        m_gateway.clear();
        m_client.reset();
        delete m_serverSide;
    }

    void queuedResponsesAreBoundedInBytes()
    {
        // Issue #15: on Qt 6.4, responses queued behind an unfinished one grew without bound.
        FrontLimits limits;
        limits.maxQueuedResponseBytes = 1000;
        ConnectionGuard* guard = connectWith(limits);
        QVERIFY(guard);
        const QList<quint64> ids
            = sendRequests("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", 2);
        const quint64 first = ids[0];
        const quint64 second = ids[1];
        QVERIFY(first != 0 && second != 0);
        guard->write(first, "HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n"); // a long one under way
        guard->write(second, QByteArray(600, 'q'));
        QCOMPARE(guard->pendingBytes(second), 600); // a queued stream sees its own backlog and pauses
        QVERIFY(guard->isConnected());
        guard->write(second, QByteArray(600, 'q')); // beyond the bound: the connection is cut
        QTRY_VERIFY(!guard->isConnected());
        QTRY_COMPARE(m_client->state(), QAbstractSocket::UnconnectedState);
    }

    void theFrontSlotIsNotBounded()
    {
        FrontLimits limits;
        limits.maxQueuedResponseBytes = 1000;
        ConnectionGuard* guard = connectWith(limits);
        QVERIFY(guard);
        const quint64 slot = sendRequests("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", 1)[0];
        QVERIFY(slot != 0);
        const QByteArray body(64 * 1024, 'b');
        guard->write(slot, "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        guard->finish(slot, false);
        QByteArray received;
        QTRY_VERIFY((received += m_client->readAll()).endsWith(body));
        QVERIFY(guard->isConnected());
    }

    void tooManyPipelinedRequestsAreRefused()
    {
        FrontLimits limits;
        limits.maxPipelinedRequests = 2;
        ConnectionGuard* guard = connectWith(limits);
        QVERIFY(guard);
        QByteArray four;
        for (int i = 0; i < 4; ++i)
            four += "GET /" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        m_client->write(four);
        // One under way plus two behind it are taken; the fourth cuts the connection.
        QTRY_VERIFY(!guard->isConnected());
        QCOMPARE(m_gateway.pending(), 3);
        QTRY_COMPARE(m_client->state(), QAbstractSocket::UnconnectedState);
    }

    void aClientThatTakesNothingIsCut()
    {
        FrontLimits limits;
        limits.writeTimeout = std::chrono::milliseconds(200);
        ConnectionGuard* guard = connectWith(limits);
        QVERIFY(guard);
        m_client->setReadBufferSize(1024); // reads a little, then nothing
        m_client->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        const quint64 slot = sendRequests("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", 1)[0];
        QVERIFY(slot != 0);
        guard->write(slot, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        // Write until the kernel stops taking bytes, then let deadlines be checked as the sweep would.
        QDeadlineTimer deadline(20'000);
        while (guard->isConnected() && !deadline.hasExpired()) {
            if (guard->pendingBytes() < 8 * 1024 * 1024)
                guard->write(slot, QByteArray(256 * 1024, 'z'));
            QTest::qWait(50);
            guard->checkDeadline(QDeadlineTimer::current().deadline());
        }
        QVERIFY(!guard->isConnected());
    }
};

int main(int argc, char** argv)
{
    return runOverEachTransport<TestConnectionGuardLimits>(argc, argv);
}
#include "TestConnectionGuardLimits.moc"
