#include "app/gui/KeyServiceKeyManager.h"
#include "tests/ui/support/LiveGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/dashboard/TryPage.h"
#include "ui/dashboard/UsageHistoryPanel.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/DailyUsageModel.h"
#include "ui/models/Format.h"
#include "ui/models/KeyUsageModel.h"
#include "ui/models/RequestLogModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
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

    // Usage over time and the test box, against the real gateway: the same numbers as the API.
    void usageOverTimeAndTheTestBox()
    {
        testing::LiveGateway live;
        QVERIFY(live.start());
        const QByteArray key = live.createKey({{"key_alias", "web, app"}}); // a comma, for the CSV
        KeyServiceKeyManager keys(live.host().keys());
        GatewayMonitor monitor(&keys);
        monitor.attach(live.host());
        QTRY_VERIFY_WITH_TIMEOUT(monitor.isServing() && !monitor.snapshot()->groups.isEmpty(), 5000);

        // The test box sends through the gateway's own URL, as a client would.
        TryPage box(monitor, live.configPath());
        box.show();
        QCOMPARE(box.keyEdit()->text(), QString(testing::LiveGateway::kMasterKey)); // from the file
        box.keyEdit()->setText(QString::fromLatin1(key));
        box.modelBox()->setCurrentText("chat");
        for (const bool stream : {true, false}) {
            box.streamBox()->setChecked(stream);
            QSignalSpy finished(&box, &TryPage::finished);
            box.send();
            QVERIFY(finished.wait(10'000));
            QCOMPARE(box.answer()->toPlainText(), QString("tok0 tok1 tok2 tok3 tok4 "));
            QVERIFY2(box.served()->text().contains("x-litellm-model-api-base: http://127.0.0.1:"),
                     qPrintable(box.served()->text()));
            QVERIFY(box.served()->text().startsWith("HTTP 200"));
        }
        box.keyEdit()->setText("sk-wrong");
        QSignalSpy refused(&box, &TryPage::finished);
        box.send();
        QVERIFY(refused.wait(10'000));
        QVERIFY2(box.answer()->toPlainText().startsWith("Error: "), qPrintable(box.answer()->toPlainText()));
        QVERIFY(box.served()->text().startsWith("HTTP 401"));
        send(live, key, 3, {500});

        UsageHistoryPanel panel(monitor.historyService());
        QSignalSpy loaded(&panel, &UsageHistoryPanel::loaded);
        panel.reload();
        QVERIFY(loaded.wait(5000));
        const QString token = testing::LiveGateway::tokenOf(key);
        const Expected e = fromSpendLogs(live).value(token);
        QCOMPARE(e.requests, 6);
        QList<DailyUsage> rows;
        for (const DailyUsage& d : panel.model()->rows()) {
            if (d.name == token)
                rows << d;
        }
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().day, QDateTime::currentDateTimeUtc().date());
        QCOMPARE(qint64(rows.first().requests), e.requests);
        QCOMPARE(qint64(rows.first().errors), e.errors);
        QCOMPARE(qint64(rows.first().promptTokens + rows.first().completionTokens), e.tokens);
        QVERIFY(qAbs(rows.first().cost - e.spend) < 1e-12);
        QTemporaryDir dir;
        QVERIFY(panel.exportCsv(dir.filePath("usage.csv")));
        QFile csv(dir.filePath("usage.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.first(),
                 QByteArray("day,key_alias,api_key,requests,prompt_tokens,completion_tokens,errors,spend"));
        QVERIFY2(lines.contains(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate).toLatin1()
                                + ",\"web, app\"," + token.toLatin1() + ",6,"
                                + QByteArray::number(rows.first().promptTokens) + ','
                                + QByteArray::number(rows.first().completionTokens) + ",1,"
                                + QByteArray::number(rows.first().cost, 'f', 6)),
                 lines.join('\n').constData());
    }
};

QTEST_MAIN(TestUsageNumbers)
#include "TestUsageNumbers.moc"
