#include "app/gui/KeyServiceKeyManager.h"
#include "tests/ui/support/LiveGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/Format.h"
#include "ui/models/KeyUsageModel.h"
#include "ui/models/RequestLogModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace sy;

// Issue #18: the dashboard's usage numbers are the admin API's. Real traffic through the real
// gateway (in process, SQLite, mock backends), virtual keys made with the admin API, the
// tray's own models fed by GatewayHost; a key list refresh in the middle, then a restart.
class TestUsageNumbers : public QObject
{
    Q_OBJECT

private:
    struct Expected
    {
        qint64 requests = 0;
        qint64 tokens = 0;
        qint64 errors = 0;
        double spend = 0;
    };

    /** What /spend/logs says per key token ("" for the master key). */
    static QHash<QString, Expected> fromSpendLogs(testing::LiveGateway& live)
    {
        QHash<QString, Expected> out;
        const auto r = live.adminRaw("GET", "/spend/logs?limit=10000");
        if (!r || r->status != 200)
            return out;
        for (const QJsonValue& v : QJsonDocument::fromJson(r->body).array()) {
            const QJsonObject row = v.toObject();
            Expected& e = out[row.value("api_key").toString()];
            ++e.requests;
            e.tokens += row.value("total_tokens").toInteger();
            e.errors += row.value("status").toString() == "failure" ? 1 : 0;
            e.spend += row.value("spend").toDouble();
        }
        return out;
    }

    static int rowOf(const QAbstractItemModel& model, const QString& hash)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(KeyUsageModel::HashRole).toString() == hash)
                return row;
        }
        return -1;
    }

    static QString cell(const QAbstractItemModel& model, const QString& hash, int column)
    {
        const int row = rowOf(model, hash);
        return row < 0 ? QStringLiteral("(no row)") : model.index(row, column).data().toString();
    }

    /** Every number of @p hash's row equals the API's, once the next snapshot is in. */
    static void compareRow(testing::LiveGateway& live, const KeyUsageModel& model, const QString& hash)
    {
        const Expected e = fromSpendLogs(live).value(hash);
        QVERIFY2(e.requests > 0, qPrintable(hash));
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, hash, KeyUsageModel::Requests), Format::count(quint64(e.requests)), 5000);
        QCOMPARE(cell(model, hash, KeyUsageModel::Tokens), Format::count(quint64(e.tokens)));
        QCOMPARE(cell(model, hash, KeyUsageModel::Errors), Format::count(quint64(e.errors)));
        QCOMPARE(cell(model, hash, KeyUsageModel::Spend), Format::usd(e.spend));
        if (hash.isEmpty())
            return;
        const QJsonObject info = live.admin("GET", "/key/info?key=" + hash.toLatin1()).value("info").toObject();
        QVERIFY(!info.isEmpty());
        const QJsonValue left = info.value("budget_remaining");
        QCOMPARE(cell(model, hash, KeyUsageModel::BudgetLeft),
                 left.isDouble() ? Format::usd(left.toDouble()) : QStringLiteral("—"));
    }

    static void send(testing::LiveGateway& live, const QByteArray& key, int ok, const QList<int>& failures)
    {
        for (int i = 0; i < ok; ++i) {
            const QByteArray extra = i % 3 == 2 ? "\"stream\":true" : QByteArray();
            QCOMPARE(live.chat(key, "chat", extra)->status, 200);
        }
        for (const int status : failures)
            QCOMPARE(live.chat(key, "chat", "\"mock\":{\"status\":" + QByteArray::number(status) + "}")->status,
                     status);
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void usageMatchesSpendLogsAndKeyInfoAcrossARefreshAndARestart()
    {
        testing::LiveGateway live;
        QVERIFY(live.start());
        const QByteArray alpha
            = live.createKey({{"key_alias", "alpha"}, {"max_budget", 100.0}, {"budget_duration", "1d"}});
        const QByteArray beta = live.createKey({{"key_alias", "beta"}});
        QVERIFY(!alpha.isEmpty() && !beta.isEmpty());
        const QString a = testing::LiveGateway::tokenOf(alpha);
        const QString b = testing::LiveGateway::tokenOf(beta);
        {
            KeyServiceKeyManager keys(live.host().keys());
            GatewayMonitor monitor(&keys);
            monitor.attach(live.host());
            send(live, alpha, 5, {400});
            send(live, beta, 4, {});
            send(live, testing::LiveGateway::kMasterKey, 2, {});
            QTRY_COMPARE_WITH_TIMEOUT(monitor.requestLog().rowCount(), 12, 5000);

            // The key list is read again (every 30 s in the app): nothing may reset.
            QSignalSpy listed(&monitor.keys(), &KeyDirectory::keysUpdated);
            monitor.keys().refresh();
            QVERIFY(listed.wait(3000));

            send(live, alpha, 4, {500});
            send(live, beta, 3, {429});
            QTRY_COMPARE_WITH_TIMEOUT(monitor.requestLog().rowCount(), 21, 5000);
            for (const QString& hash : {a, b, QString()})
                compareRow(live, monitor.keyUsage(), hash);
        }

        // Switchyard restarts: the same numbers, the last requests and the charts' hour are back.
        live.stop();
        QVERIFY(live.start());
        KeyServiceKeyManager keys(live.host().keys());
        GatewayMonitor monitor(&keys);
        monitor.attach(live.host());
        for (const QString& hash : {a, b, QString()})
            compareRow(live, monitor.keyUsage(), hash);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.requestLog().rowCount(), 21, 5000);
        double requestsPerSecond = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                requestsPerSecond = 0;
                for (const auto& p : monitor.history().series(300, 300))
                    requestsPerSecond += p.requestsPerSecond;
                return requestsPerSecond > 0;
            }(),
            5000);
        QCOMPARE(qRound(requestsPerSecond), 21); // one point per second: the sum is the count
    }
};

QTEST_MAIN(TestUsageNumbers)
#include "TestUsageNumbers.moc"
