#include "tests/ui/support/FakeKeyManager.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/KeyListModel.h"
#include "ui/models/KeyUsageModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace sy;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

// Per-key usage: rows from records alone, then merged with the key store's list; sortable.
class TestKeyUsageModel : public QObject
{
    Q_OBJECT

private:
    static RequestRecord record(const QString& key, const QString& alias, int status, qint64 tokens, double cost)
    {
        RequestRecord r;
        r.keyHash = key;
        r.keyAlias = alias;
        r.status = status;
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.usage.promptTokens = tokens;
        r.cost = cost;
        return r;
    }

    static QString cell(const QAbstractItemModel& model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void countsFromRecordsWithoutAKeyStore()
    {
        KeyDirectory directory;
        QVERIFY(!directory.available());
        KeyUsageModel model(&directory);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addRecords({record("", "", 200, 100, 0), record("", "", 502, 0, 0), record("h1", "ci", 200, 50, 0.5)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, KeyUsageModel::Key), QString("Master key"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("2"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Tokens), QString("100"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Errors), QString("1"));
        QCOMPARE(cell(model, 1, KeyUsageModel::Key), QString("ci"));
        QCOMPARE(cell(model, 1, KeyUsageModel::Spend), QString("$0.50"));
        QCOMPARE(cell(model, 1, KeyUsageModel::Limits), QString("—"));
        QCOMPARE(cell(model, 1, KeyUsageModel::BudgetLeft), QString("—"));
    }

    void mergesTheKeyStoreWithThisSessionsRecords()
    {
        testing::FakeKeyManager manager;
        KeyLimits limits;
        limits.rpm = 60;
        limits.maxParallel = 2;
        limits.maxBudget = 10;
        limits.budgetPeriod = "30d";
        KeyInfo& laptop = manager.add("laptop", limits, 4.0);
        laptop.requests = 100;
        laptop.tokens = 5000;
        manager.add("ci");
        KeyDirectory directory(&manager);
        KeyUsageModel model(&directory);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy updated(&directory, &KeyDirectory::keysUpdated);
        QVERIFY(updated.wait(kHangGuardMs));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, KeyUsageModel::Key), QString("laptop"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Limits), QString("60 RPM, 2 parallel"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Budget), QString("$10.00 per month"));
        QCOMPARE(cell(model, 0, KeyUsageModel::BudgetLeft), QString("$6.00"));
        QCOMPARE(cell(model, 1, KeyUsageModel::Budget), QString("—"));

        // Requests finishing after the list was taken add to the stored numbers.
        model.addRecords({record("hash1", "laptop", 200, 1000, 2.5), record("", "", 200, 10, 0)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("101"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Tokens), QString("6,000"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Spend), QString("$6.50"));
        QCOMPARE(cell(model, 0, KeyUsageModel::BudgetLeft), QString("$3.50"));
        QCOMPARE(cell(model, 2, KeyUsageModel::Key), QString("Master key"));

        // A fresh list that includes them: no double counting.
        manager.keys[0].requests = 101;
        manager.keys[0].tokens = 6000;
        manager.keys[0].spend = 6.5;
        directory.refresh();
        QVERIFY(updated.wait(kHangGuardMs));
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("101"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Spend), QString("$6.50"));
        QCOMPARE(model.rowCount(), 3); // the master key's row stays

        // Over budget: nothing left, shown in red.
        model.addRecords({record("hash1", "laptop", 200, 10, 5.0)});
        QCOMPARE(cell(model, 0, KeyUsageModel::BudgetLeft), QString("$0.00"));
        QVERIFY(model.index(0, KeyUsageModel::BudgetLeft).data(Qt::ForegroundRole).isValid());
    }

    void sortsByNumbersNotText()
    {
        KeyDirectory directory;
        KeyUsageModel model(&directory);
        QList<RequestRecord> records;
        for (int i = 0; i < 9; ++i)
            records.append(record("small", "small", 200, 1, 0.09));
        for (int i = 0; i < 10; ++i)
            records.append(record("big", "big", 200, 1, 1.0));
        model.addRecords(records);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(KeyUsageModel::SortRole);
        proxy.sort(KeyUsageModel::Requests, Qt::DescendingOrder);
        QCOMPARE(cell(proxy, 0, KeyUsageModel::Key), QString("big")); // "10" > "9" as numbers only
        proxy.sort(KeyUsageModel::Spend, Qt::AscendingOrder);
        QCOMPARE(cell(proxy, 0, KeyUsageModel::Key), QString("small"));
    }

    void listsKeysForTheKeysPage()
    {
        testing::FakeKeyManager manager;
        KeyLimits limits;
        limits.models = {"gpt-4o", "local"};
        limits.tpm = 100000;
        limits.maxBudget = 5;
        manager.add("open-webui", limits, 5.0);
        manager.add("old").blocked = true;
        KeyDirectory directory(&manager);
        KeyListModel model(directory);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, kHangGuardMs);
        QCOMPARE(cell(model, 0, KeyListModel::Models), QString("gpt-4o, local"));
        QCOMPARE(cell(model, 0, KeyListModel::Limits), QString("100,000 TPM"));
        QCOMPARE(cell(model, 0, KeyListModel::Budget), QString("$5.00 of $5.00 used"));
        QCOMPARE(cell(model, 0, KeyListModel::Status), QString("Budget used up"));
        QCOMPARE(cell(model, 0, KeyListModel::Expires), QString("Never"));
        QCOMPARE(cell(model, 1, KeyListModel::Models), QString("All models"));
        QCOMPARE(cell(model, 1, KeyListModel::Status), QString("Revoked"));
        QCOMPARE(model.index(1, 0).data(KeyListModel::HashRole).toString(), QString("hash2"));
    }
};

QTEST_GUILESS_MAIN(TestKeyUsageModel)
#include "TestKeyUsageModel.moc"
