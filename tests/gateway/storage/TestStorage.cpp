#include "gateway/core/Clock.h"
#include "gateway/core/RequestLogId.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/KeyRepository.h"
#include "gateway/storage/SqliteStatement.h"
#include "gateway/storage/StorageService.h"
#include "gateway/storage/StorageWorker.h"
#include "gateway/storage/UsageRepository.h"
#include "tests/support/ManualClock.h"
#include "tests/support/ServerProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace sy;
using namespace Qt::StringLiterals;
using namespace sy::testing;

namespace {

VirtualKey sampleKey(const QString& plaintext, const QString& alias, const QDateTime& now)
{
    VirtualKey k;
    k.token = ApiKeys::token(plaintext.toUtf8());
    k.keyName = ApiKeys::abbreviation(plaintext);
    k.alias = alias;
    k.models = {QStringLiteral("chat"), QStringLiteral("local/*")};
    k.maxBudget = 2.5;
    k.budgetDuration = QStringLiteral("1d");
    k.budgetResetAt = now.addDays(1);
    k.rpmLimit = 10;
    k.tpmLimit = 1000;
    k.maxParallelRequests = 2;
    k.expires = now.addDays(30);
    k.metadata = QJsonObject{{QStringLiteral("team"), QStringLiteral("web")}};
    k.userId = QStringLiteral("ada");
    k.createdAt = now;
    k.updatedAt = now;
    return k;
}

RequestRecord record(quint64 id, const QString& keyToken, const QDateTime& at, double cost)
{
    RequestRecord r;
    r.requestId = id;
    r.startedAt = at;
    r.keyHash = keyToken;
    r.group = QStringLiteral("chat");
    r.deploymentId = QStringLiteral("dep-1");
    r.backendModel = QStringLiteral("llama");
    r.apiBase = QStringLiteral("http://127.0.0.1:1/v1");
    r.provider = QStringLiteral("openai");
    r.endpoint = "chat/completions";
    r.status = 200;
    r.usage = TokenUsage{7, 5, false};
    r.cost = cost;
    r.latencyMs = 42;
    r.upstreamLatencyMs = 40;
    r.ttftMs = 12;
    r.bytesIn = 100;
    r.bytesOut = 200;
    r.client = QHostAddress(QStringLiteral("127.0.0.1"));
    return r;
}

} // namespace

/** The same suite against SQLite and against a real PostgreSQL (see main()). */
class TestStorage : public QObject
{
    Q_OBJECT

public:
    explicit TestStorage(bool postgres)
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
            const QString url = m_server.createDatabase(QStringLiteral("t%1").arg(++m_databases));
            QVERIFY2(!url.isEmpty(), qPrintable(m_server.error()));
            QString error;
            m_location = DatabaseLocation::parseUrl(url, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        } else {
            m_location.kind = DatabaseLocation::Kind::Sqlite;
            m_location.sqlitePath = m_dir.filePath(QStringLiteral("db%1/switchyard.db").arg(++m_databases));
        }
    }

    void opensAndMigratesOnce()
    {
        Database db;
        QString error;
        QVERIFY2(db.open(m_location, &error), qPrintable(error));
        QCOMPARE(db.schemaVersion(), Database::kSchemaVersion);
        if (!m_postgres) {
            QSqlQuery q(db.sql());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        }
        db.close();
        Database again; // a second open finds the schema current and changes nothing
        QVERIFY2(again.open(m_location, &error), qPrintable(error));
        QCOMPARE(again.schemaVersion(), Database::kSchemaVersion);
    }

    void refusesANewerSchema()
    {
        {
            Database db;
            QString error;
            QVERIFY(db.open(m_location, &error));
            QVERIFY(QSqlQuery(db.sql()).exec(QStringLiteral("UPDATE schema_version SET version = 99")));
        }
        Database db;
        QString error;
        QVERIFY(!db.open(m_location, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
    }

    void keysRoundTrip()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'767'225'600'123, QTimeZone::utc());
        const VirtualKey key = sampleKey(QStringLiteral("sk-roundtrip"), QStringLiteral("web"), now);
        QCOMPARE(KeyRepository::insert(db, key, &error), KeyRepository::Outcome::Ok);
        VirtualKey bare;
        bare.token = ApiKeys::token("sk-bare");
        bare.keyName = QStringLiteral("sk-...bare");
        bare.createdAt = bare.updatedAt = now.addSecs(1);
        QCOMPARE(KeyRepository::insert(db, bare, &error), KeyRepository::Outcome::Ok);

        const auto keys = KeyRepository::loadAll(db, &error);
        QVERIFY2(keys, qPrintable(error));
        QCOMPARE(keys->size(), 2);
        const VirtualKey& k = keys->at(0);
        QCOMPARE(k.token, key.token);
        QCOMPARE(k.keyName, key.keyName);
        QCOMPARE(k.alias, key.alias);
        QCOMPARE(k.models, key.models);
        QCOMPARE(k.maxBudget, key.maxBudget);
        QCOMPARE(k.budgetDuration, key.budgetDuration);
        QCOMPARE(k.budgetResetAt, key.budgetResetAt);
        QCOMPARE(k.rpmLimit, key.rpmLimit);
        QCOMPARE(k.tpmLimit, key.tpmLimit);
        QCOMPARE(k.maxParallelRequests, key.maxParallelRequests);
        QCOMPARE(k.expires, key.expires);
        QCOMPARE(k.metadata, key.metadata);
        QCOMPARE(k.userId, key.userId);
        QCOMPARE(k.createdAt, now);
        QVERIFY(!k.lastUsedAt.isValid());
        const VirtualKey& b = keys->at(1);
        QVERIFY(!b.maxBudget && !b.rpmLimit && !b.tpmLimit && !b.maxParallelRequests);
        QVERIFY(!b.expires.isValid() && !b.budgetResetAt.isValid());
        QVERIFY(b.alias.isEmpty() && b.models.isEmpty());
    }

    void aliasesAreUnique()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(KeyRepository::insert(db, sampleKey(QStringLiteral("sk-a"), QStringLiteral("web"), now), &error),
                 KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::insert(db, sampleKey(QStringLiteral("sk-b"), QStringLiteral("web"), now), &error),
                 KeyRepository::Outcome::AliasTaken);
        VirtualKey other = sampleKey(QStringLiteral("sk-c"), QStringLiteral("api"), now);
        QCOMPARE(KeyRepository::insert(db, other, &error), KeyRepository::Outcome::Ok);
        other.alias = QStringLiteral("web");
        QCOMPARE(KeyRepository::update(db, other, false, &error), KeyRepository::Outcome::AliasTaken);
        // Keys without an alias do not collide.
        QCOMPARE(KeyRepository::insert(db, sampleKey(QStringLiteral("sk-d"), {}, now), &error),
                 KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::insert(db, sampleKey(QStringLiteral("sk-e"), {}, now), &error),
                 KeyRepository::Outcome::Ok);
    }

    void updateKeepsSpendUnlessAsked()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        VirtualKey key = sampleKey(QStringLiteral("sk-spend"), {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(KeyRepository::insert(db, key, &error), KeyRepository::Outcome::Ok);
        QVERIFY(db.begin());
        QVERIFY(KeyRepository::addSpend(db, key.token, 1.25, 5000, &error));
        QVERIFY(db.commit());
        key.rpmLimit = 99;
        key.spend = 0; // stale in memory: must not overwrite what was counted
        QCOMPARE(KeyRepository::update(db, key, false, &error), KeyRepository::Outcome::Ok);
        auto keys = KeyRepository::loadAll(db, &error);
        QCOMPARE(keys->first().spend, 1.25);
        QCOMPARE(keys->first().rpmLimit, std::optional<qint64>(99));
        QCOMPARE(keys->first().lastUsedAt.toMSecsSinceEpoch(), 5000);
        QCOMPARE(KeyRepository::update(db, key, true, &error), KeyRepository::Outcome::Ok);
        keys = KeyRepository::loadAll(db, &error);
        QCOMPARE(keys->first().spend, 0.0);
        key.token = ApiKeys::token("sk-nobody");
        QCOMPARE(KeyRepository::update(db, key, false, &error), KeyRepository::Outcome::NotFound);
    }

    void removeIsAllOrNothing()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        const VirtualKey key = sampleKey(QStringLiteral("sk-keep"), {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(KeyRepository::insert(db, key, &error), KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::remove(db, {key.token, ApiKeys::token("sk-missing")}, &error),
                 KeyRepository::Outcome::NotFound);
        QCOMPARE(KeyRepository::loadAll(db, &error)->size(), 1);
        QCOMPARE(KeyRepository::remove(db, {key.token}, &error), KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::loadAll(db, &error)->size(), 0);
    }

    void endedBudgetPeriodsResetOnce()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        const QDateTime now = QDateTime(QDate(2026, 3, 10), QTime(15, 0), QTimeZone::utc());
        VirtualKey ended = sampleKey(QStringLiteral("sk-ended"), {}, now);
        ended.budgetResetAt = now.addSecs(-1);
        ended.spend = 3;
        VirtualKey running = sampleKey(QStringLiteral("sk-running"), {}, now);
        running.spend = 1;
        QCOMPARE(KeyRepository::insert(db, ended, &error), KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::insert(db, running, &error), KeyRepository::Outcome::Ok);
        QCOMPARE(KeyRepository::resetEndedBudgets(db, now, &error), 1);
        QCOMPARE(KeyRepository::resetEndedBudgets(db, now, &error), 0); // once only
        const auto keys = KeyRepository::loadAll(db, &error);
        QVERIFY(keys);
        for (const VirtualKey& k : *keys) {
            if (k.token == ended.token) {
                QCOMPARE(k.spend, 0.0);
                QCOMPARE(k.budgetResetAt,
                         QDateTime(QDate(2026, 3, 11), QTime(0, 0), QTimeZone::utc())); // "1d": midnight
            } else {
                QCOMPARE(k.spend, 1.0);
            }
        }
    }

    void requestLogAndSpendQueries()
    {
        Database db;
        QString error;
        QVERIFY(db.open(m_location, &error));
        const QString a = ApiKeys::token("sk-a");
        const QString b = ApiKeys::token("sk-b");
        const QDateTime day1 = QDateTime(QDate(2026, 2, 1), QTime(10, 0), QTimeZone::utc());
        QList<StoredRecord> rows;
        for (int i = 0; i < 100; ++i) {
            const QDateTime at = day1.addDays(i % 3).addSecs(i);
            rows.append({QStringLiteral("x-%1").arg(i), record(quint64(i), i % 2 ? a : b, at, 0.01)});
        }
        rows.append({QStringLiteral("x-master"), record(1000, {}, day1, 0.5)});
        QVERIFY(db.begin());
        QVERIFY2(UsageRepository::insert(db, rows, &error), qPrintable(error));
        QVERIFY(db.commit());
        QCOMPARE(*UsageRepository::count(db, &error), 101);

        UsageRepository::LogQuery q;
        q.apiKeyToken = a;
        auto logs = UsageRepository::logs(db, q, &error);
        QVERIFY2(logs, qPrintable(error));
        QCOMPARE(logs->size(), 50);
        const QJsonObject first = logs->first().toObject();
        QCOMPARE(first.value(QStringLiteral("api_key")).toString(), a);
        QCOMPARE(first.value(QStringLiteral("total_tokens")).toInt(), 12);
        QCOMPARE(first.value(QStringLiteral("model_group")).toString(), QStringLiteral("chat"));
        QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        QCOMPARE(first.value(QStringLiteral("requester_ip_address")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(first.value(QStringLiteral("startTime")).toString().endsWith(QStringLiteral("+00:00")));
        QCOMPARE(first.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("ttft_ms")).toInt(), 12);
        // Newest first.
        QVERIFY(first.value(QStringLiteral("startTime")).toString()
                > logs->last().toObject().value(QStringLiteral("startTime")).toString());

        q = {};
        q.requestId = QStringLiteral("x-7");
        QCOMPARE(UsageRepository::logs(db, q, &error)->size(), 1);
        q = {};
        q.limit = 10;
        QCOMPARE(UsageRepository::logs(db, q, &error)->size(), 10);

        q = {};
        q.startDate = QDate(2026, 2, 1);
        q.endDate = QDate(2026, 2, 4);
        const auto days = UsageRepository::dailySummary(db, q, &error);
        QVERIFY2(days, qPrintable(error));
        QCOMPARE(days->size(), 4); // the 4th day had nothing: listed with 0
        double total = 0;
        for (const QJsonValue& d : *days)
            total += d.toObject().value(QStringLiteral("spend")).toDouble();
        QVERIFY(qAbs(total - 1.5) < 1e-9);
        QCOMPARE(days->at(3).toObject().value(QStringLiteral("spend")).toDouble(), 0.0);
        QVERIFY(days->at(0).toObject().contains(a));

        QVERIFY(qAbs(*UsageRepository::spendSince(db, day1.toMSecsSinceEpoch(), &error) - 1.5) < 1e-9);
        QVERIFY(qAbs(*UsageRepository::spendSince(db, day1.addDays(2).toMSecsSinceEpoch(), &error) - 0.33) < 1e-9);
    }

    // SQLite rows go through SQLite's C API (SqliteStatement), PostgreSQL's and the fallback's
    // through QSqlQuery: both must store the same values, types and NULLs.
    void everyInsertPathStoresTheSameRow()
    {
        Database db;
        QString error;
        QVERIFY2(db.open(m_location, &error), qPrintable(error));
        if (!m_postgres) {
#ifdef Q_OS_LINUX
            QVERIFY(SqliteStatement::isAvailable(db.sql())); // Debian's driver links libsqlite3
#else
            if (!SqliteStatement::isAvailable(db.sql()))
                QSKIP("this Qt's SQLite driver keeps its SQLite to itself: only the QSqlQuery path runs");
#endif
        }
        const QDateTime at = QDateTime(QDate(2026, 3, 1), QTime(9, 30), QTimeZone::utc());
        RequestRecord full = record(1, ApiKeys::token("sk-full"), at, 0.125);
        full.keyAlias = QStringLiteral("Zoë's key ✓");
        full.errorCode = "rate_limited";
        full.errorMessage = QStringLiteral("zu viele Anfragen — 😅");
        full.dialect = "anthropic";
        full.fallbacks = {QStringLiteral("a"), QStringLiteral("b")};
        full.cacheStatus = "hit";
        full.guardrailDecision = "redacted: pii ✓";
        full.attempts = 3;
        full.retries = 2;
        full.stream = true;
        full.endpoint = "/v1/caf\xe9"; // Latin-1, not ASCII
        RequestRecord sparse = record(2, {}, at, 0);
        sparse.upstreamLatencyMs = -1;
        sparse.ttftMs = -1;
        sparse.client = QHostAddress();
        sparse.group.clear();
        // Longer than the statement's text buffer (64 KiB) together: the second is bound from a copy.
        RequestRecord longText = record(3, ApiKeys::token("sk-long"), at, 0.5);
        longText.keyAlias = QString(40'000, u'a');
        longText.errorMessage = QString(40'000, u'b') + u"ü"_s;
        // 18 rows: the first 16 go in one SQLite statement of several rows, the rest one by one.
        QList<RequestRecord> samples{full, sparse, longText};
        for (quint64 id = 4; id <= 18; ++id)
            samples.append(record(id, ApiKeys::token("sk-more"), at.addSecs(qint64(id)), 0.01 * double(id)));
        for (const bool direct : {true, false}) {
            db.setSqliteStatementsEnabled(direct);
            QList<StoredRecord> rows;
            for (const RequestRecord& r : samples)
                rows.append({QStringLiteral("%1-%2").arg(direct ? u"c" : u"q").arg(r.requestId), r});
            QVERIFY(db.begin());
            QVERIFY2(UsageRepository::insert(db, rows, &error), qPrintable(error));
            QVERIFY2(UsageRepository::insert(db, rows, &error), qPrintable(error)); // a retried batch
            QVERIFY(db.commit());
        }
        QCOMPARE(*UsageRepository::count(db, &error), 2 * samples.size());
        QSqlQuery q(db.sql());
        QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM request_log").arg(UsageRepository::columns())));
        QHash<QString, QSqlRecord> byId;
        while (q.next())
            byId.insert(q.value(0).toString(), q.record());
        for (const RequestRecord& r : samples) {
            const QString id = QString::number(r.requestId);
            const QSqlRecord c = byId.value(u"c-"_s + id);
            const QSqlRecord p = byId.value(u"q-"_s + id);
            QCOMPARE(c.count(), 31);
            for (int i = 1; i < c.count(); ++i) {
                const QString what = QStringLiteral("row %1, %2").arg(id, c.fieldName(i));
                QVERIFY2(c.isNull(i) == p.isNull(i), qPrintable(what));
                QVERIFY2(c.value(i).toString() == p.value(i).toString(), qPrintable(what));
            }
        }
        QSqlQuery check(db.sql());
        QVERIFY(check.exec(QStringLiteral("SELECT key_alias, error_message, call_type, guardrail_decision, "
                                          "upstream_latency_ms, client_ip, model_group FROM request_log "
                                          "WHERE request_id IN ('c-1', 'c-2', 'c-3') ORDER BY request_id")));
        QVERIFY(check.next()); // c-1
        QCOMPARE(check.value(0).toString(), full.keyAlias);
        QCOMPARE(check.value(1).toString(), full.errorMessage);
        QCOMPARE(check.value(2).toString(), QString::fromLatin1(full.endpoint));
        QCOMPARE(check.value(3).toString(), QString::fromUtf8(full.guardrailDecision));
        QVERIFY(check.next()); // c-2
        QVERIFY(check.isNull(4) && check.isNull(5) && check.isNull(6));
        QVERIFY(check.next()); // c-3
        QCOMPARE(check.value(0).toString(), longText.keyAlias);
        QCOMPARE(check.value(1).toString(), longText.errorMessage);
    }

    void sqliteInsertErrorsAreReported()
    {
        if (m_postgres)
            QSKIP("the SQLite path only");
        Database db;
        QString error;
        QVERIFY2(db.open(m_location, &error), qPrintable(error));
        const QList<StoredRecord> rows{{QStringLiteral("e-1"), record(1, {}, QDateTime::currentDateTimeUtc(), 0)}};
        QVERIFY2(UsageRepository::insert(db, rows, &error), qPrintable(error)); // prepares the statement
        QVERIFY(QSqlQuery(db.sql()).exec(QStringLiteral("DROP TABLE request_log")));
        error.clear();
        QVERIFY(!UsageRepository::insert(db, rows, &error));
        QVERIFY2(error.contains(QStringLiteral("request_log")), qPrintable(error));
    }

    void workerWritesBatchesAndReadsKeysBack()
    {
        ManualClock clock;
        StorageWorker worker(m_location, true, clock, QStringLiteral("inst"));
        QSignalSpy opened(&worker, &StorageWorker::opened);
        QSignalSpy synced(&worker, &StorageWorker::keysSynced);
        worker.open();
        QCOMPARE(opened.size(), 1);
        QVERIFY(worker.database());
        VirtualKey key = sampleKey(QStringLiteral("sk-worker"), {}, clock.nowUtc());
        key.budgetResetAt = clock.nowUtc().addSecs(60);
        QString error;
        QCOMPARE(KeyRepository::insert(*worker.database(), key, &error), KeyRepository::Outcome::Ok);

        StorageBatch batch;
        batch.number = 7;
        batch.records = {record(1, key.token, clock.nowUtc(), 0.2), record(2, key.token, clock.nowUtc(), 0.3)};
        batch.spend = {{key.token, 0.5, clock.nowUtc().toMSecsSinceEpoch()}};
        worker.write(batch);
        QCOMPARE(worker.committedBatch(), quint64(7));
        QCOMPARE(*UsageRepository::count(*worker.database(), &error), 2);

        worker.sync();
        QCOMPARE(synced.size(), 1);
        auto keys = synced.last().at(0).value<QList<VirtualKey>>();
        QCOMPARE(synced.last().at(1).toULongLong(), quint64(7));
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().spend, 0.5);

        // The budget period ends: the next sync starts a new one.
        clock.advance(61'000);
        worker.sync();
        keys = synced.last().at(0).value<QList<VirtualKey>>();
        QCOMPARE(keys.first().spend, 0.0);
        QVERIFY(keys.first().budgetResetAt > clock.nowUtc());
        worker.finish();
    }

    void requestIdsSortInTheOrderTheyWereMade()
    {
        // The log's primary key is the request id: one instance's ids in the order it made them
        // put each new row on the last page of that index, not on any page of it.
        QCOMPARE(requestLogId(u"a1b2", 12345), QStringLiteral("a1b2-0000012345"));
        QCOMPARE(requestLogId(u"a1b2", 12345678901ULL), QStringLiteral("a1b2-12345678901")); // past ten digits
        ManualClock clock;
        StorageWorker worker(m_location, true, clock, QStringLiteral("inst"));
        worker.open();
        QVERIFY(worker.database());
        StorageBatch batch;
        batch.number = 1;
        const QList<quint64> made = {1, 2, 9, 10, 11, 99, 100, 12345, 9999999999ULL};
        for (const quint64 id : made)
            batch.records.append(record(id, {}, clock.nowUtc(), 0)); // no logId: the worker names them
        worker.write(batch);
        QSqlQuery q(worker.database()->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT request_id FROM request_log ORDER BY request_id")));
        QStringList sorted;
        while (q.next())
            sorted.append(q.value(0).toString());
        QStringList expected;
        for (const quint64 id : made)
            expected.append(QStringLiteral("inst-%1").arg(id, 10, 10, QLatin1Char('0')));
        QCOMPARE(sorted, expected);
        worker.finish();
    }

    void aSlowDatabaseMakesRecordsWaitWithoutPilingUp()
    {
        // While the database cannot keep up, at most kMaxQueuedBatches batches wait on the storage
        // thread; later records wait on the gateway thread, up to a cap past which the oldest go,
        // and reach the database as one batch once it catches up. Spend is never dropped.
        ManualClock clock;
        StorageService service(clock);
        service.setMaxHeldRecords(1000);
        QSignalSpy ready(&service, &StorageService::ready);
        service.start(m_location, true);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 30'000);
        const VirtualKey key = sampleKey(QStringLiteral("sk-slow"), {}, clock.nowUtc());
        std::optional<bool> inserted;
        service.run<bool>(
            [&key](Database* db) {
                QString error;
                return db && KeyRepository::insert(*db, key, &error) == KeyRepository::Outcome::Ok;
            },
            [&inserted](bool ok) { inserted = ok; });
        QTRY_VERIFY(inserted.has_value());
        QVERIFY(*inserted);

        // The database stalls: a task holds the storage thread.
        QSemaphore stalled, resume;
        service.run<int>(
            [&stalled, &resume](Database*) {
                stalled.release();
                resume.acquire();
                return 0;
            },
            [](int) {});
        QVERIFY(stalled.tryAcquire(1, 30'000));
        quint64 made = 0;
        int spendCalls = 0;
        const auto oneRequest = [&] {
            service.record(record(++made, key.token, clock.nowUtc(), 0.25));
            service.addSpend(key.token, 0.25, clock.nowUtc());
            ++spendCalls;
        };
        for (int b = 0; b < 3 * StorageService::kMaxQueuedBatches; ++b) {
            for (int i = 0; i < 10; ++i)
                oneRequest();
            service.flush();
            QVERIFY(service.queuedBatches() <= StorageService::kMaxQueuedBatches);
        }
        QCOMPARE(service.queuedBatches(), StorageService::kMaxQueuedBatches);
        QCOMPARE(service.heldRecords(), qsizetype(2 * StorageService::kMaxQueuedBatches * 10));
        QCOMPARE(service.droppedRecords(), quint64(0));
        // Past the cap, the oldest quarter goes.
        while (service.droppedRecords() == 0)
            oneRequest();
        QCOMPARE(service.droppedRecords(), quint64(250));
        QCOMPARE(service.heldRecords(), qsizetype(751));

        resume.release();
        service.flushAndWait(120'000);
        Database db;
        QString error;
        QVERIFY2(db.open(m_location, &error), qPrintable(error));
        QCOMPARE(*UsageRepository::count(db, &error), qint64(made - service.droppedRecords()));
        const std::optional<QList<VirtualKey>> keys = KeyRepository::loadAll(db, &error);
        QVERIFY2(keys && keys->size() == 1, qPrintable(error));
        QCOMPARE(keys->first().spend, 0.25 * spendCalls); // quarters add up exactly in binary
        db.close();
        service.shutdown();
    }

    void oldRecordsArePrunedInBatches()
    {
        // Issue #15: the request log keeps general_settings.spend_logs_retention, no more.
        ManualClock clock;
        StorageWorker worker(m_location, true, clock, QStringLiteral("prune"));
        QSignalSpy pruned(&worker, &StorageWorker::pruned);
        worker.open();
        QVERIFY(worker.database());
        StorageBatch batch;
        batch.number = 1;
        const QDateTime now = clock.nowUtc();
        for (quint64 i = 0; i < 4500; ++i) // more than one batch of deletes
            batch.records.append(record(i, {}, now.addDays(-40), 0));
        for (quint64 i = 4500; i < 4510; ++i)
            batch.records.append(record(i, {}, now.addDays(-2), 0));
        worker.write(batch);
        QString error;
        QCOMPARE(*UsageRepository::count(*worker.database(), &error), 4510);

        worker.setRetention(30LL * 24 * 3600 * 1000);
        worker.prune();
        QTRY_COMPARE(pruned.size(), 1); // later batches run from the event loop
        QCOMPARE(pruned.first().at(0).toLongLong(), 4500);
        QCOMPARE(*UsageRepository::count(*worker.database(), &error), 10);

        worker.setRetention(0); // keep for ever
        clock.advance(100LL * 24 * 3600 * 1000);
        worker.prune();
        QCOMPARE(*UsageRepository::count(*worker.database(), &error), 10);
        worker.finish();
    }

    void largeBatchesAreAllWritten()
    {
        SystemClock clock;
        StorageWorker worker(m_location, true, clock, QStringLiteral("bench"));
        worker.open();
        QVERIFY(worker.database());
        constexpr int kBatches = 40;
        constexpr int kPerBatch = 500;
        QElapsedTimer timer;
        timer.start();
        quint64 id = 0;
        for (int b = 0; b < kBatches; ++b) {
            StorageBatch batch;
            batch.number = quint64(b + 1);
            for (int i = 0; i < kPerBatch; ++i)
                batch.records.append(record(++id, ApiKeys::token("sk-bench"), clock.nowUtc(), 0.001));
            worker.write(batch);
        }
        const qint64 ms = qMax<qint64>(1, timer.elapsed());
        QString error;
        QCOMPARE(*UsageRepository::count(*worker.database(), &error), kBatches * kPerBatch);
        const double rate = double(kBatches * kPerBatch) * 1000.0 / double(ms);
        qInfo("%s writer: %d records in %lld ms = %.0f records/s",
              m_postgres ? "PostgreSQL" : "SQLite",
              kBatches * kPerBatch,
              ms,
              rate);
        // How fast is a performance question for bench/, measured side by side; a bar here would
        // fail on a loaded machine without a bug (issue #11). This checks that large batches of
        // records are all written, and reports the rate.
        worker.finish();
    }

    void onlyTheHashIsStored()
    {
        const QString plaintext = ApiKeys::generate();
        {
            Database db;
            QString error;
            QVERIFY(db.open(m_location, &error));
            QCOMPARE(KeyRepository::insert(
                         db, sampleKey(plaintext, QStringLiteral("secret"), QDateTime::currentDateTimeUtc()), &error),
                     KeyRepository::Outcome::Ok);
            QSqlQuery q(db.sql());
            QVERIFY(q.exec(QStringLiteral("SELECT * FROM virtual_keys")));
            while (q.next()) {
                for (int c = 0; c < q.record().count(); ++c)
                    QVERIFY(!q.value(c).toString().contains(plaintext.mid(3)));
            }
        }
        if (m_postgres)
            return;
        QByteArray bytes;
        for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(m_location.sqlitePath + suffix);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(plaintext.toUtf8()));
        QVERIFY(!bytes.contains(plaintext.mid(3, 20).toUtf8()));
        QVERIFY(bytes.contains(ApiKeys::token(plaintext.toUtf8()).toLatin1()));
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
    TestStorage sqlite(false);
    TestStorage postgres(true);
    const int a = QTest::qExec(&sqlite, argc, argv);
    const int b = QTest::qExec(&postgres, argc, argv);
    return a | b;
}

#include "TestStorage.moc"
