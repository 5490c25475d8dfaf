#include "ui/models/BackendTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sy;

// The backends table from fake snapshots: cells, in-place updates, resets when the set changes.
class TestBackendTableModel : public QObject
{
    Q_OBJECT

private:
    static DeploymentSnapshot deployment(const QString& id, BackendHealth health, int inFlight = 0)
    {
        DeploymentSnapshot d;
        d.id = id;
        d.group = "group-" + id;
        d.backendModel = "model-" + id;
        d.apiBase = "http://127.0.0.1:1234/v1";
        d.provider = "lm_studio";
        d.health = health;
        d.inFlight = inFlight;
        return d;
    }

    static GatewaySnapshotPtr snapshot(const QList<DeploymentSnapshot>& deployments)
    {
        auto s = std::make_shared<GatewaySnapshot>();
        s->serving = true;
        s->deployments = deployments;
        return s;
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void showsEachDeployment()
    {
        BackendTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        DeploymentSnapshot a = deployment("a", BackendHealth::Healthy, 2);
        a.requests = 1234;
        a.failures = 5;
        a.latencyMs = 1530;
        a.ttftMs = 210;
        a.lastError = "HTTP 502 upstream_connect_failed";
        a.lastErrorAt = QDateTime::currentDateTimeUtc();
        model.setSnapshot(snapshot({a, deployment("b", BackendHealth::Unhealthy)}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(BackendTableModel::ColumnCount));
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, BackendTableModel::Model), QString("group-a"));
        QCOMPARE(cell(0, BackendTableModel::Backend), QString("127.0.0.1:1234 · model-a"));
        QCOMPARE(cell(0, BackendTableModel::Health), QString("Healthy"));
        QCOMPARE(cell(0, BackendTableModel::Latency), QString("1.5 s"));
        QCOMPARE(cell(0, BackendTableModel::Ttft), QString("210 ms"));
        QCOMPARE(cell(0, BackendTableModel::InFlight), QString("2"));
        QCOMPARE(cell(0, BackendTableModel::Requests), QString("1,234"));
        QCOMPARE(cell(0, BackendTableModel::Errors), QString("5"));
        QCOMPARE(cell(0, BackendTableModel::LastError), QString("HTTP 502 upstream_connect_failed"));
        QCOMPARE(cell(1, BackendTableModel::Health), QString("Unhealthy"));
        QCOMPARE(cell(1, BackendTableModel::Latency), QString("—"));
        QVERIFY(model.index(1, BackendTableModel::Health).data(Qt::DecorationRole).canConvert<QColor>());
        QCOMPARE(model.index(0, BackendTableModel::Requests).data(BackendTableModel::SortRole).toULongLong(), 1234u);
        QCOMPARE(model.headerData(BackendTableModel::InFlight, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QString("In flight"));
    }

    void updatesInPlaceWhileTheSetStaysTheSame()
    {
        BackendTableModel model;
        model.setSnapshot(snapshot({deployment("a", BackendHealth::Healthy), deployment("b", BackendHealth::Healthy)}));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(
            snapshot({deployment("a", BackendHealth::CoolingDown, 3), deployment("b", BackendHealth::Healthy)}));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, BackendTableModel::Health).data().toString(), QString("Cooling down"));
        model.setSnapshot(snapshot({deployment("c", BackendHealth::Starting)}));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, BackendTableModel::Health).data().toString(), QString("Starting"));
    }
};

QTEST_GUILESS_MAIN(TestBackendTableModel)
#include "TestBackendTableModel.moc"
