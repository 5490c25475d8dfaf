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

// Per-key usage: the gateway's numbers (a snapshot's key usage) merged with the key store's list
// (aliases, limits, budget periods); a list refresh never changes a number; sortable.
class TestKeyUsageModel : public QObject
{
    Q_OBJECT

private:
    static KeyUsage usage(const QString& hash, const QString& alias, quint64 requests, quint64 tokens, double cost)
    {
        KeyUsage u;
        u.keyHash = hash;
        u.alias = alias;
        u.requests = requests;
        u.promptTokens = tokens;
        u.cost = cost;
        u.lastUsedAt = QDateTime::currentDateTimeUtc();
        return u;
    }

    static QString cell(const QAbstractItemModel& model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void showsTheGatewaysNumbersWithoutAKeyStore()
    {
        KeyDirectory directory;
        QVERIFY(!directory.available());
        KeyUsageModel model(&directory);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        KeyUsage master = usage("", "", 2, 100, 0);
        master.errors = 1;
        model.setUsage({master, usage("h1", "ci", 1, 50, 0.5)});
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

    void aKeyListRefreshChangesNoNumber()
    {
        testing::FakeKeyManager manager;
        KeyLimits limits;
        limits.rpm = 60;
        limits.maxParallel = 2;
        limits.maxBudget = 10;
        limits.budgetPeriod = "30d";
        const QString laptop = manager.add("laptop", limits, 4.0).hash;
        manager.add("ci");
        KeyDirectory directory(&manager);
        KeyUsageModel model(&directory);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy updated(&directory, &KeyDirectory::keysUpdated);
        QVERIFY(updated.wait(kHangGuardMs));
        QCOMPARE(model.rowCount(), 2); // every key has a row, used or not
        QCOMPARE(cell(model, 0, KeyUsageModel::Key), QString("laptop"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("0"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Limits), QString("60 RPM, 2 parallel"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Budget), QString("$4.00 of $10.00 per month"));

        KeyUsage u = usage(laptop, "laptop", 101, 6000, 6.5);
        u.virtualKey = true;
        u.periodSpend = 6.5;
        u.maxBudget = 10;
        u.budgetRemaining = 3.5;
        model.setUsage({u, usage("", "", 3, 10, 0)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("101"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Tokens), QString("6,000"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Spend), QString("$6.50"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Budget), QString("$6.50 of $10.00 per month"));
        QCOMPARE(cell(model, 0, KeyUsageModel::BudgetLeft), QString("$3.50"));
        QCOMPARE(cell(model, 2, KeyUsageModel::Key), QString("Master key"));

        // The list is taken again (every 30 s): the numbers stay the gateway's.
        directory.refresh();
        QVERIFY(updated.wait(kHangGuardMs));
        QCOMPARE(cell(model, 0, KeyUsageModel::Requests), QString("101"));
        QCOMPARE(cell(model, 0, KeyUsageModel::Spend), QString("$6.50"));
        QCOMPARE(model.rowCount(), 3);

        // Over budget: nothing left, shown in red.
        u.budgetRemaining = 0;
        model.setUsage({u});
        QCOMPARE(cell(model, 0, KeyUsageModel::BudgetLeft), QString("$0.00"));
        QVERIFY(model.index(0, KeyUsageModel::BudgetLeft).data(Qt::ForegroundRole).isValid());
    }

    void moneyFollowsTheLocale()
    {
        KeyUsageModel model;
        model.setUsage({usage("h", "a", 1, 1, 0.71)});
        QCOMPARE(cell(model, 0, KeyUsageModel::Spend), QString("$0.71"));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QString german = cell(model, 0, KeyUsageModel::Spend);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(german, QString::fromUtf8("0,71\u00a0$"));
    }

    void sortsByNumbersNotText()
    {
        KeyDirectory directory;
        KeyUsageModel model(&directory);
        model.setUsage({usage("small", "small", 9, 9, 0.81), usage("big", "big", 10, 10, 10.0)});
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
