#include "gateway/storage/Database.h"
#include "gateway/storage/DatabaseLocation.h"
#include "gateway/storage/ResponseRepository.h"
#include "tests/support/ServerProcess.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;
using namespace sy::testing;

namespace {

constexpr qint64 kNow = 1'767'225'600'000;
constexpr qint64 kDay = 24 * 3600 * 1000;

StoredResponse sample(const QString& id, const QString& keyToken, qint64 expiresMs)
{
    StoredResponse s;
    s.id = id;
    s.keyToken = keyToken;
    s.createdMs = kNow;
    s.expiresMs = expiresMs;
    s.model = QStringLiteral("chat");
    s.input = QByteArrayLiteral("[{\"role\":\"user\",\"content\":\"hi\"}]");
    s.response = QByteArrayLiteral("{\"id\":\"") + id.toUtf8() + QByteArrayLiteral("\",\"output\":[]}");
    s.items = {{QStringLiteral("msg_") + id, QByteArrayLiteral("{\"type\":\"message\"}")}};
    return s;
}

} // namespace

/** Stored Responses API conversations (issue 13), against SQLite and a real PostgreSQL. */
class TestResponseRepository : public QObject
{
    Q_OBJECT

public:
    explicit TestResponseRepository(bool postgres)
        : m_postgres(postgres)
    { }

private slots:
    void initTestCase()
    {
        if (m_postgres)
            QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void init()
    {
        m_location = DatabaseLocation();
        if (m_postgres) {
            const QString url = m_server.createDatabase(QStringLiteral("r%1").arg(++m_databases));
            QVERIFY2(!url.isEmpty(), qPrintable(m_server.error()));
            QString error;
            m_location = DatabaseLocation::parseUrl(url, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        } else {
            m_location.kind = DatabaseLocation::Kind::Sqlite;
            m_location.sqlitePath = m_dir.filePath(QStringLiteral("db%1/switchyard.db").arg(++m_databases));
        }
        QString error;
        QVERIFY2(m_db.open(m_location, &error), qPrintable(error));
    }

    void cleanup() { m_db.close(); }

    void roundTrip()
    {
        QString error;
        QVERIFY2(ResponseRepository::insert(
                     m_db, sample(QStringLiteral("resp_a"), QStringLiteral("tok"), kNow + kDay), &error),
                 qPrintable(error));
        const auto found
            = ResponseRepository::find(m_db, QStringLiteral("resp_a"), QStringLiteral("tok"), kNow, &error);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(found->model, QStringLiteral("chat"));
        QCOMPARE(found->input, sample(QStringLiteral("resp_a"), {}, 0).input);
        QCOMPARE(found->response, QByteArrayLiteral("{\"id\":\"resp_a\",\"output\":[]}"));
        QCOMPARE(found->expiresMs, kNow + kDay);
        const auto items = ResponseRepository::findItems(
            m_db, {QStringLiteral("msg_resp_a"), QStringLiteral("msg_other")}, QStringLiteral("tok"), kNow, &error);
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->value(QStringLiteral("msg_resp_a")), QByteArrayLiteral("{\"type\":\"message\"}"));
    }

    // The master key's rows (a null token) are its own, and no other key's.
    void rowsBelongToTheirKey()
    {
        QString error;
        QVERIFY(ResponseRepository::insert(m_db, sample(QStringLiteral("resp_m"), QString(), kNow + kDay), &error));
        QVERIFY(ResponseRepository::insert(
            m_db, sample(QStringLiteral("resp_k"), QStringLiteral("tok"), kNow + kDay), &error));
        QVERIFY(ResponseRepository::find(m_db, QStringLiteral("resp_m"), QString(), kNow, &error));
        QVERIFY(!ResponseRepository::find(m_db, QStringLiteral("resp_m"), QStringLiteral("tok"), kNow, &error));
        QVERIFY(error.isEmpty());
        QVERIFY(!ResponseRepository::find(m_db, QStringLiteral("resp_k"), QString(), kNow, &error));
        QVERIFY(
            ResponseRepository::findItems(m_db, {QStringLiteral("msg_resp_k")}, QString(), kNow, &error)->isEmpty());
        bool found = true;
        QVERIFY(ResponseRepository::remove(m_db, QStringLiteral("resp_k"), QString(), &found, &error));
        QVERIFY(!found);
        QVERIFY(ResponseRepository::remove(m_db, QStringLiteral("resp_k"), QStringLiteral("tok"), &found, &error));
        QVERIFY(found);
        QVERIFY(!ResponseRepository::find(m_db, QStringLiteral("resp_k"), QStringLiteral("tok"), kNow, &error));
        QVERIFY(ResponseRepository::findItems(m_db, {QStringLiteral("msg_resp_k")}, QStringLiteral("tok"), kNow, &error)
                    ->isEmpty());
    }

    void expiredRowsAreInvisibleThenPurged()
    {
        QString error;
        QVERIFY(ResponseRepository::insert(m_db, sample(QStringLiteral("resp_old"), {}, kNow + 10), &error));
        QVERIFY(ResponseRepository::insert(m_db, sample(QStringLiteral("resp_new"), {}, kNow + kDay), &error));
        QVERIFY(ResponseRepository::find(m_db, QStringLiteral("resp_old"), {}, kNow, &error));
        QVERIFY(!ResponseRepository::find(m_db, QStringLiteral("resp_old"), {}, kNow + 10, &error)); // expired
        QVERIFY(
            ResponseRepository::findItems(m_db, {QStringLiteral("msg_resp_old")}, {}, kNow + 10, &error)->isEmpty());
        QCOMPARE(ResponseRepository::purgeExpired(m_db, kNow + 10, &error), 1);
        QSqlQuery q(m_db.sql());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM stored_response_items")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1); // resp_new's
        QVERIFY(ResponseRepository::find(m_db, QStringLiteral("resp_new"), {}, kNow + 10, &error));
    }

    void aDuplicateIdLeavesNothingHalfWritten()
    {
        QString error;
        QVERIFY(ResponseRepository::insert(m_db, sample(QStringLiteral("resp_d"), {}, kNow + kDay), &error));
        StoredResponse again = sample(QStringLiteral("resp_d"), {}, kNow + kDay);
        again.items = {{QStringLiteral("msg_second"), QByteArrayLiteral("{}")}};
        QVERIFY(!ResponseRepository::insert(m_db, again, &error));
        QVERIFY(!error.isEmpty());
        error.clear();
        QVERIFY(ResponseRepository::findItems(m_db, {QStringLiteral("msg_second")}, {}, kNow, &error)->isEmpty());
    }

private:
    bool m_postgres;
    PostgresServer m_server;
    QTemporaryDir m_dir;
    DatabaseLocation m_location;
    Database m_db;
    int m_databases = 0;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestResponseRepository sqlite(false);
    TestResponseRepository postgres(true);
    const int a = QTest::qExec(&sqlite, argc, argv);
    const int b = QTest::qExec(&postgres, argc, argv);
    return a | b;
}

#include "TestResponseRepository.moc"
