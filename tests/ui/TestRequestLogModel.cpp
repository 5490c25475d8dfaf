#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sy;

// The request log: newest first, bounded, and its filters by key, model and status.
class TestRequestLogModel : public QObject
{
    Q_OBJECT

private:
    static RequestRecord record(quint64 id, const QString& key, const QString& group, int status)
    {
        RequestRecord r;
        r.requestId = id;
        r.keyHash = key;
        r.keyAlias = key.isEmpty() ? QString() : "alias-" + key;
        r.group = group;
        r.status = status;
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.latencyMs = 120;
        r.usage.promptTokens = 10;
        r.usage.completionTokens = 5;
        return r;
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void keepsTheNewestFirstAndAtMostCapacity()
    {
        RequestLogModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({record(1, "", "m", 200), record(2, "", "m", 200), record(3, "", "m", 200)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.record(0).requestId, 3u);
        model.append({record(4, "", "m", 200), record(5, "", "m", 200), record(6, "", "m", 200)});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.record(0).requestId, 6u);
        QCOMPARE(model.record(4).requestId, 2u);
        // A batch larger than the log: only its newest rows stay.
        QList<RequestRecord> many;
        for (quint64 i = 10; i < 30; ++i)
            many.append(record(i, "", "m", 200));
        model.append(many);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.record(0).requestId, 29u);
        QCOMPARE(model.record(4).requestId, 25u);
        model.setCapacity(2);
        QCOMPARE(model.rowCount(), 2);
    }

    void showsWhatHappened()
    {
        RequestLogModel model;
        RequestRecord r = record(1, "h1", "chat", 502);
        r.errorCode = "upstream_timeout";
        r.provider = "ollama";
        r.backendModel = "llama3";
        r.cost = 0.0021;
        model.append({r});
        auto cell = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(cell(RequestLogModel::Key), QString("alias-h1"));
        QCOMPARE(cell(RequestLogModel::Model), QString("chat"));
        QCOMPARE(cell(RequestLogModel::Backend), QString("ollama · llama3"));
        QCOMPARE(cell(RequestLogModel::Status), QString("502"));
        QCOMPARE(cell(RequestLogModel::Latency), QString("120 ms"));
        QCOMPARE(cell(RequestLogModel::Tokens), QString("10 / 5"));
        QCOMPARE(cell(RequestLogModel::Cost), QString("$0.0021"));
        QCOMPARE(cell(RequestLogModel::Error), QString("upstream_timeout"));
        QVERIFY(model.index(0, RequestLogModel::Status).data(Qt::ForegroundRole).isValid());
        QCOMPARE(RequestLogModel::keyName(QString(), QString()), QString("Master key"));
    }

    void remembersKeysAndModelsForTheFilters()
    {
        RequestLogModel model;
        QSignalSpy choices(&model, &RequestLogModel::choicesChanged);
        model.append({record(1, "", "a", 200), record(2, "h1", "b", 200)});
        QCOMPARE(choices.size(), 1);
        model.append({record(3, "h1", "a", 200)});
        QCOMPARE(choices.size(), 1); // nothing new
        QCOMPARE(model.keysSeen().value(""), QString("Master key"));
        QCOMPARE(model.keysSeen().value("h1"), QString("alias-h1"));
        QCOMPARE(model.modelsSeen(), (QStringList{"a", "b"}));
    }

    void filtersByKeyModelAndStatus()
    {
        RequestLogModel model;
        RequestLogFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({record(1, "", "a", 200),
                      record(2, "h1", "a", 401),
                      record(3, "h1", "b", 503),
                      record(4, "h2", "b", 200),
                      record(5, "h1", "a", 200)});
        QCOMPARE(filter.rowCount(), 5);
        filter.setKey(QString("h1"));
        QCOMPARE(filter.rowCount(), 3);
        filter.setKey(QString()); // the master key
        QCOMPARE(filter.rowCount(), 1);
        filter.setKey(std::nullopt);
        filter.setModel("b");
        QCOMPARE(filter.rowCount(), 2);
        filter.setModel({});
        filter.setStatus(RequestLogFilter::StatusFilter::Failed);
        QCOMPARE(filter.rowCount(), 2);
        filter.setStatus(RequestLogFilter::StatusFilter::ClientErrors);
        QCOMPARE(filter.rowCount(), 1);
        filter.setStatus(RequestLogFilter::StatusFilter::ServerErrors);
        QCOMPARE(filter.rowCount(), 1);
        filter.setKey(QString("h1"));
        filter.setStatus(RequestLogFilter::StatusFilter::Succeeded);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, RequestLogModel::Time).data(RequestLogModel::KeyRole).toString(), QString("h1"));
        // New rows pass through the filter as they arrive.
        model.append({record(6, "h1", "c", 200), record(7, "h2", "c", 200)});
        QCOMPARE(filter.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRequestLogModel)
#include "TestRequestLogModel.moc"
