#include "KeyTestSupport.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

/** Keeps @p inFlight chat requests going until stopped, and notes when each 200 arrived. */
class LoadDriver : public QObject
{
public:
    LoadDriver(quint16 port, int inFlight)
        : m_port(port)
    {
        for (int i = 0; i < inFlight; ++i)
            sendOne();
    }

    void stop() { m_stopped = true; }
    bool settled() const { return m_pending == 0; }
    const QList<qint64>& answeredAt() const { return m_answeredAt; }

private:
    void sendOne()
    {
        if (m_stopped)
            return;
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/v1/chat/completions"_s.arg(m_port)));
        request.setRawHeader("Authorization", "Bearer " + kMasterKey);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = m_nam.post(request, chatBody("chat"));
        ++m_pending;
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            --m_pending;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                m_answeredAt.append(QDateTime::currentMSecsSinceEpoch());
            reply->deleteLater();
            sendOne();
        });
    }

    quint16 m_port;
    QNetworkAccessManager m_nam;
    QList<qint64> m_answeredAt;
    int m_pending = 0;
    bool m_stopped = false;
};

/** Reads the SQLite file as any other program would: integrity, and the requests answered 200. */
struct DatabaseCheck
{
    QString integrity;
    int okRecords = -1;
};

DatabaseCheck checkDatabase(const QString& path)
{
    DatabaseCheck check;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"durability-check"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"PRAGMA integrity_check"_s) && q.next())
                check.integrity = q.value(0).toString();
            if (q.exec(u"SELECT COUNT(*) FROM request_log WHERE status = 200"_s) && q.next())
                check.okRecords = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"durability-check"_s);
    return check;
}

} // namespace

// Usage records survive the end of the process: all of them after a clean shutdown, all but
// the last second's after kill -9, and the SQLite file is never corrupt.
class TestUsageDurability : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;

    QByteArray config() const
    {
        // A little backend latency keeps requests in flight when the gateway is stopped.
        return keysConfig(pricedModel("chat", m_mock->port()));
    }

    static void waitUntilSettled(LoadDriver& load)
    {
        load.stop();
        QTRY_VERIFY_WITH_TIMEOUT(load.settled(), GatewayProcess::kWaitMs);
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
    }

    void aCleanShutdownWritesEveryRecord()
    {
        GatewayProcess gateway;
        const quint16 port = gateway.start(config());
        QVERIFY(port);
        LoadDriver load(port, 12);
        // Load for a while: a hundred answers, however long a loaded machine takes for them.
        QTRY_VERIFY_WITH_TIMEOUT(load.answeredAt().size() > 100, GatewayProcess::kWaitMs);
        // SIGTERM under load: requests in flight are drained, then every record is written.
        gateway.sendSignal(SIGTERM);
        QCOMPARE(gateway.waitForExit(), 0);
        waitUntilSettled(load);
        const DatabaseCheck db = checkDatabase(gateway.dataDir() + u"/switchyard.db"_s);
        QCOMPARE(db.integrity, u"ok"_s);
        qInfo("clean shutdown: %lld answered with 200, %d records", qint64(load.answeredAt().size()), db.okRecords);
        QVERIFY(load.answeredAt().size() > 100);
        QCOMPARE(db.okRecords, int(load.answeredAt().size()));
    }

    void killNineLosesAtMostTheLastSecond()
    {
        GatewayProcess gateway;
        const quint16 port = gateway.start(config());
        QVERIFY(port);
        LoadDriver load(port, 12);
        QTRY_VERIFY_WITH_TIMEOUT(load.answeredAt().size() > 200, GatewayProcess::kWaitMs);
        const qint64 killedAt = QDateTime::currentMSecsSinceEpoch();
        gateway.kill(); // SIGKILL: no flush, no drain
        waitUntilSettled(load);

        const DatabaseCheck db = checkDatabase(gateway.dataDir() + u"/switchyard.db"_s);
        QCOMPARE(db.integrity, u"ok"_s);
        const int answered = int(load.answeredAt().size());
        const int lastSecond = int(std::count_if(
            load.answeredAt().begin(), load.answeredAt().end(), [&](qint64 at) { return at >= killedAt - 1000; }));
        const int lost = answered - db.okRecords;
        qInfo("kill -9: %d answered with 200, %d records, %d lost; %d answered in the last second",
              answered,
              db.okRecords,
              lost,
              lastSecond);
        QVERIFY(answered > 200);
        QVERIFY(db.okRecords > 0);
        QVERIFY2(lost <= lastSecond, qPrintable(u"lost %1 > %2"_s.arg(lost).arg(lastSecond)));

        // The same data dir serves again, with the records that were written.
        GatewayProcess again;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"SWITCHYARD_DATA_DIR"_s, gateway.dataDir());
        again.setEnvironment(environment);
        const quint16 port2 = again.start(config());
        QVERIFY(port2);
        const auto logs = adminCall(port2, "GET", "/spend/logs?limit=1");
        QVERIFY(logs);
        QCOMPARE(logs->status, 200);
        const auto chat = RawHttpClient::fetch(port2, "POST", "/v1/chat/completions", chatBody("chat"), authHeaders());
        QCOMPARE(chat->status, 200);
        QCOMPARE(again.terminate(), 0);
        QCOMPARE(checkDatabase(gateway.dataDir() + u"/switchyard.db"_s).okRecords, db.okRecords + 1);
    }
};

QTEST_GUILESS_MAIN(TestUsageDurability)
#include "TestUsageDurability.moc"
