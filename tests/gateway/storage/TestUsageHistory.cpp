#include "gateway/keys/ApiKeys.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/UsageHistory.h"
#include "gateway/storage/UsageLedger.h"
#include "gateway/storage/UsageRepository.h"
#include "tests/support/ServerProcess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace sy;
using namespace sy::testing;

namespace {

const QDateTime kDay1 = QDateTime(QDate(2026, 2, 1), QTime(10, 0), QTimeZone::utc());

RequestRecord record(quint64 id, const QString& key, const QDateTime& at, int status, double cost)
{
    RequestRecord r;
    r.requestId = id;
    r.logId = QStringLiteral("i-%1").arg(id);
    r.startedAt = at;
    r.keyHash = key;
    r.keyAlias = key.isEmpty() ? QString() : QStringLiteral("alias-") + key.left(4);
    r.group = id % 4 == 0 ? QStringLiteral("local") : QStringLiteral("chat");
    r.deploymentId = QStringLiteral("dep-1");
    r.backendModel = QStringLiteral("llama");
    r.apiBase = QStringLiteral("http://127.0.0.1:8081/v1");
    r.provider = QStringLiteral("openai");
    r.endpoint = "chat/completions";
    r.stream = true;
    r.status = status;
    r.usage = TokenUsage{7, status == 200 ? 5 : 0, false};
    r.cost = cost;
    r.latencyMs = 250;
    r.upstreamLatencyMs = 240;
    r.ttftMs = status == 200 ? 30 + qint64(id % 10) : -1;
    r.attempts = 1;
    return r;
}

StoredRecord stored(const RequestRecord& r)
{
    return {r.logId, r};
}

} // namespace

// The dashboards' history queries on the usage log (SQLite and a real PostgreSQL), and the
// ledger that counts usage per key as the log does.
class TestUsageHistory : public QObject
{
    Q_OBJECT

public:
    explicit TestUsageHistory(bool postgres)
        : m_postgres(postgres)
    { }

private:
    bool open(Database& db)
    {
        QString error;
        if (!db.open(m_location, &error)) {
            qWarning().noquote() << error;
            return false;
        }
        return true;
    }

    bool insert(Database& db, const QList<RequestRecord>& records)
    {
        QList<StoredRecord> rows;
        for (const RequestRecord& r : records)
            rows.append(stored(r));
        QString error;
        return db.begin() && UsageRepository::insert(db, rows, &error) && db.commit();
    }

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
            const QString url = m_server.createDatabase(QStringLiteral("h%1").arg(++m_databases));
            QVERIFY2(!url.isEmpty(), qPrintable(m_server.error()));
            QString error;
            m_location = DatabaseLocation::parseUrl(url, &error);
        } else {
            m_location.kind = DatabaseLocation::Kind::Sqlite;
            m_location.sqlitePath = m_dir.filePath(QStringLiteral("h%1/switchyard.db").arg(++m_databases));
        }
    }

    void aVersion1DatabaseIsMigratedAndKeepsItsRows()
    {
        {
            // What Switchyard before issue #18 left: schema 1, with a request in it.
            Database db;
            QVERIFY(open(db));
            QSqlQuery q(db.sql());
            QVERIFY(q.exec(QStringLiteral("DROP TABLE request_log")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE request_log (request_id TEXT PRIMARY KEY, started_at BIGINT NOT NULL, ended_at BIGINT "
                "NOT "
                "NULL, api_key TEXT NOT NULL DEFAULT '', key_alias TEXT, model_group TEXT, model TEXT, model_id TEXT, "
                "api_base TEXT, provider TEXT, call_type TEXT, stream INTEGER NOT NULL DEFAULT 0, status INTEGER NOT "
                "NULL, error_code TEXT, prompt_tokens BIGINT NOT NULL DEFAULT 0, completion_tokens BIGINT NOT NULL "
                "DEFAULT 0, tokens_estimated INTEGER NOT NULL DEFAULT 0, cost DOUBLE PRECISION NOT NULL DEFAULT 0, "
                "latency_ms BIGINT NOT NULL DEFAULT 0, upstream_latency_ms BIGINT, ttft_ms BIGINT, bytes_in BIGINT NOT "
                "NULL DEFAULT 0, bytes_out BIGINT NOT NULL DEFAULT 0, client_ip TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO request_log (request_id, started_at, ended_at, api_key, status, "
                                          "cost) VALUES ('old-1', 1000, 1250, 'k', 200, 0.5)")));
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 1")));
        }
        Database db;
        QVERIFY(open(db));
        QCOMPARE(db.schemaVersion(), Database::kSchemaVersion);
        QString error;
        const auto old = UsageHistory::request(db, QStringLiteral("old-1"), &error);
        QVERIFY2(old, qPrintable(error));
        QCOMPARE(old->cost, 0.5);
        QVERIFY(old->dialect.isEmpty()); // not known for rows written before
        RequestRecord fresh = record(1, QStringLiteral("k"), kDay1, 502, 0);
        fresh.dialect = "anthropic";
        fresh.errorMessage = QStringLiteral("Could not connect to the backend at http://127.0.0.1:8081/v1.\nRefused.");
        fresh.attempts = 3;
        fresh.retries = 2;
        fresh.fallbacks = {QStringLiteral("local"), QStringLiteral("gpt-4o")};
        fresh.cacheStatus = "miss";
        fresh.guardrailDecision = "allowed";
        QVERIFY(insert(db, {fresh}));
        const auto back = UsageHistory::request(db, fresh.logId, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->dialect, QByteArray("anthropic"));
        QCOMPARE(back->errorMessage, fresh.errorMessage);
        QCOMPARE(back->attempts, 3);
        QCOMPARE(back->retries, 2);
        QCOMPARE(back->fallbacks, fresh.fallbacks);
        QCOMPARE(back->cacheStatus, QByteArray("miss"));
        QCOMPARE(back->guardrailDecision, QByteArray("allowed"));
        QCOMPARE(back->apiBase, fresh.apiBase);
        QCOMPARE(back->startedAt, fresh.startedAt);
        QVERIFY(!UsageHistory::request(db, QStringLiteral("nope"), &error));
        QVERIFY(error.isEmpty());
        // /spend/logs shows the new fields too.
        UsageRepository::LogQuery q;
        q.requestId = fresh.logId;
        const QJsonObject row = UsageRepository::logs(db, q, &error)->first().toObject();
        QCOMPARE(row.value("metadata").toObject().value("error_message").toString(), fresh.errorMessage);
        QCOMPARE(row.value("metadata").toObject().value("attempted_retries").toInt(), 2);
    }

    void requestsAreFilteredAndSearched()
    {
        Database db;
        QVERIFY(open(db));
        const QString a = ApiKeys::token("sk-a");
        QList<RequestRecord> records;
        for (int i = 0; i < 40; ++i)
            records.append(record(quint64(i), i % 2 ? a : QString(), kDay1.addSecs(i), i % 10 == 3 ? 429 : 200, 0.01));
        records[7].status = 502;
        records[7].errorCode = "upstream_timeout";
        records[7].errorMessage = QStringLiteral("The backend did not answer within 600 s.");
        QVERIFY(insert(db, records));
        QString error;
        RequestQuery q;
        q.limit = 5;
        auto rows = UsageHistory::requests(db, q, &error);
        QVERIFY2(rows, qPrintable(error));
        QCOMPARE(rows->size(), 5);
        QCOMPARE(rows->first().logId, QStringLiteral("i-39")); // newest first
        q = {};
        q.keyHash = QString();
        QCOMPARE(UsageHistory::requests(db, q, &error)->size(), 20); // the master key's
        q = {};
        q.status = RequestQuery::Status::ClientErrors;
        QCOMPARE(UsageHistory::requests(db, q, &error)->size(), 4);
        q = {};
        q.status = RequestQuery::Status::Failed;
        q.model = QStringLiteral("chat");
        QCOMPARE(UsageHistory::requests(db, q, &error)->size(), 5); // 3, 7, 13, 23, 33 (not 0-mod-4)
        q = {};
        q.search = QStringLiteral("DID NOT ANSWER");
        rows = UsageHistory::requests(db, q, &error);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->first().errorCode, QByteArray("upstream_timeout"));
        q = {};
        q.startedBeforeMs = kDay1.addSecs(10).toMSecsSinceEpoch();
        QCOMPARE(UsageHistory::requests(db, q, &error)->size(), 10);
    }

    void totalsTrafficAndDaysAgreeWithSpendLogs()
    {
        Database db;
        QVERIFY(open(db));
        const QString a = ApiKeys::token("sk-a");
        const QString b = ApiKeys::token("sk-b");
        QList<RequestRecord> records;
        for (int i = 0; i < 90; ++i) {
            const QString key = (i / 3) % 3 == 0 ? QString() : ((i / 3) % 3 == 1 ? a : b);
            records.append(record(quint64(i), key, kDay1.addDays(i % 3).addSecs(i), i % 9 == 8 ? 500 : 200, 0.02));
        }
        QVERIFY(insert(db, records));
        QString error;
        const qint64 end = kDay1.addDays(3).toMSecsSinceEpoch();
        const auto totals = UsageHistory::keyTotals(db, end, &error);
        QVERIFY2(totals, qPrintable(error));
        QCOMPARE(totals->size(), 3);
        for (const KeyUsage& u : *totals) {
            QCOMPARE(u.requests, 30u);
            QCOMPARE(u.promptTokens, 210u);
            QVERIFY(qAbs(u.cost - 0.6) < 1e-9);
        }
        // A cut-off in the middle counts only what ended before it.
        const auto part = UsageHistory::keyTotals(db, kDay1.addSecs(30).toMSecsSinceEpoch(), &error);
        quint64 before = 0;
        for (const KeyUsage& u : *part)
            before += u.requests;
        QCOMPARE(before, 10u); // day 1's i = 0, 3, … 27, started at +i s, ended 250 ms later

        const auto seed = UsageHistory::traffic(db, kDay1.toMSecsSinceEpoch(), end, 1000, &error);
        QVERIFY2(seed, qPrintable(error));
        quint64 requests = 0, failed = 0;
        for (const TrafficSecond& s : seed->seconds) {
            requests += s.requests;
            failed += s.serverErrors;
        }
        QCOMPARE(requests, 90u);
        QCOMPARE(failed, 10u);
        QCOMPARE(seed->ttft.size(), 80);

        DailyUsageQuery byKey{QDate(2026, 2, 1), QDate(2026, 2, 3), DailyUsageQuery::GroupBy::Key};
        const auto days = UsageHistory::daily(db, byKey, &error);
        QVERIFY2(days, qPrintable(error));
        QCOMPARE(days->size(), 9); // 3 days × 3 keys
        // The same day and key sums as /spend/logs' summary.
        UsageRepository::LogQuery summary;
        summary.startDate = byKey.from;
        summary.endDate = byKey.to;
        const QJsonArray spendLogs = *UsageRepository::dailySummary(db, summary, &error);
        for (const DailyUsage& d : *days) {
            QCOMPARE(d.requests, 10u);
            for (const QJsonValue& v : spendLogs) {
                const QJsonObject day = v.toObject();
                if (day.value("startTime").toString() == d.day.toString(Qt::ISODate) && !d.name.isEmpty())
                    QVERIFY(qAbs(day.value(d.name).toDouble() - d.cost) < 1e-9);
            }
        }
        DailyUsageQuery byModel{QDate(2026, 2, 2), QDate(2026, 2, 2), DailyUsageQuery::GroupBy::Model};
        const auto models = UsageHistory::daily(db, byModel, &error);
        QCOMPARE(models->size(), 2);
        QCOMPARE(models->at(0).name, QStringLiteral("chat"));
        QCOMPARE(models->at(0).requests + models->at(1).requests, 30u);
    }

    void theLedgerCountsEachRecordOnce()
    {
        if (m_postgres)
            QSKIP("no database involved");
        UsageLedger ledger(true);
        const qint64 cutoff = kDay1.toMSecsSinceEpoch();
        ledger.add(record(1, "k", kDay1.addSecs(1), 200, 0.1)); // live, before the baseline arrives
        QCOMPARE(ledger.totals().first().requests, 1u);
        KeyUsage base;
        base.keyHash = "k";
        base.requests = 100;
        base.errors = 3;
        base.cost = 10;
        ledger.setBaseline({base}, cutoff);
        ledger.add(record(2, "k", kDay1.addSecs(2), 503, 0));
        ledger.add(record(3, "k", kDay1.addSecs(-60), 200, 0.1)); // ended before the cut-off: the baseline's
        KeyUsage k = ledger.totals().first();
        QCOMPARE(k.requests, 102u);
        QCOMPARE(k.errors, 4u);
        QVERIFY(qAbs(k.cost - 10.1) < 1e-9);
        // A later baseline (another instance's requests too) replaces what it covers.
        base.requests = 150;
        ledger.setBaseline({base}, kDay1.addSecs(2).toMSecsSinceEpoch());
        k = ledger.totals().first();
        QCOMPARE(k.requests, 151u); // 150 up to +2 s, and record 2, which ended at +2.25 s
    }

private:
    bool m_postgres;
    PostgresServer m_server;
    QTemporaryDir m_dir;
    DatabaseLocation m_location;
    int m_databases = 0;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestUsageHistory sqlite(false);
    TestUsageHistory postgres(true);
    const int a = QTest::qExec(&sqlite, argc, argv);
    const int b = QTest::qExec(&postgres, argc, argv);
    return a | b;
}

#include "TestUsageHistory.moc"
