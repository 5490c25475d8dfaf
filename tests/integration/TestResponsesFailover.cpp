#include "IntegrationSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sy::testing;

// The fault matrix on the Responses path (issue 13): one backend misbehaves, another is
// healthy. Before the first byte reaches the client a failure is retried invisibly; after it,
// the stream ends with `error` and response.failed, never response.completed.
class TestResponsesFailover : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_good = nullptr;
    MockBackendThread* m_bad = nullptr;

    static QByteArray entry(const QByteArray& id, quint16 port, const QByteArray& extra)
    {
        QByteArray out
            = "  - model_name: coder\n    litellm_params:\n      model: openai/backend-coder\n      api_base: "
              "http://127.0.0.1:"
            + QByteArray::number(port) + "/v1\n";
        for (const QByteArray& line : extra.split('\n')) {
            if (!line.trimmed().isEmpty())
                out += "      " + line.trimmed() + '\n';
        }
        return out + "    model_info: {id: " + id + ", dialects: " + "@DIALECTS@" + "}\n";
    }

    QByteArray pairConfig(const QByteArray& dialects) const
    {
        QByteArray models = entry("bad", m_bad->port(), "order: 1\ntimeout: 1\nstream_timeout: 1")
            + entry("good", m_good->port(), "order: 2\ntimeout: 1\nstream_timeout: 1");
        models.replace("@DIALECTS@", dialects);
        return gatewayConfig(models) + "router_settings:\n  cooldown_time: 1\n";
    }

    void setBad(const std::function<void(MockKnobs&)>& change)
    {
        MockKnobs knobs;
        change(knobs);
        m_bad->backend()->setDefaults(knobs);
    }

    static QByteArray body(bool stream)
    {
        return QByteArray("{\"model\":\"coder\",\"input\":\"say three words\"") + (stream ? ",\"stream\":true}" : "}");
    }

    static QStringList typesOf(const QByteArray& stream)
    {
        QStringList types;
        for (const QByteArray& line : stream.split('\n')) {
            if (line.startsWith("data: "))
                types.append(jsonOf(line.mid(6)).value(u"type").toString());
        }
        return types;
    }

private slots:
    void init()
    {
        MockBackend::Options good;
        good.id = u"good"_s;
        m_good = new MockBackendThread(good);
        MockBackend::Options bad;
        bad.id = u"bad"_s;
        m_bad = new MockBackendThread(bad);
        QVERIFY(m_good->start());
        QVERIFY(m_bad->start());
    }

    void cleanup()
    {
        delete m_good;
        delete m_bad;
    }

    void failuresBeforeTheFirstByteAreInvisible_data()
    {
        QTest::addColumn<QByteArray>("dialects");
        QTest::addColumn<int>("behavior");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("stream");
        using B = MockKnobs::Behavior;
        for (const QByteArray& dialects : {QByteArray("[openai]"), QByteArray("[responses]")}) {
            const QByteArray path = dialects == "[openai]" ? "translated " : "native ";
            QTest::newRow(path + "500") << dialects << int(B::Normal) << 500 << false;
            QTest::newRow(path + "503 stream") << dialects << int(B::Normal) << 503 << true;
            QTest::newRow(path + "closed stream") << dialects << int(B::Close) << 200 << true;
            QTest::newRow(path + "garbage") << dialects << int(B::Garbage) << 200 << false;
            QTest::newRow(path + "hang stream") << dialects << int(B::Hang) << 200 << true;
            QTest::newRow(path + "cut before any event") << dialects << int(B::Cut) << 200 << true;
        }
    }

    void failuresBeforeTheFirstByteAreInvisible()
    {
        QFETCH(QByteArray, dialects);
        QFETCH(int, behavior);
        QFETCH(int, status);
        QFETCH(bool, stream);
        setBad([&](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior(behavior);
            k.status = status;
            k.cutAfter = 0;
        });
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig(dialects));
        QVERIFY(port);
        const auto r = post(port, "/v1/responses", body(stream));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-backend"), QByteArray("good"));
        QCOMPARE(r->header("x-switchyard-attempts"), QByteArray("2"));
        if (stream) {
            const QStringList types = typesOf(r->body);
            QCOMPARE(types.count(u"response.created"_s), 1); // the failed attempt left no trace
            QCOMPARE(types.last(), u"response.completed"_s);
            QVERIFY(!types.contains(u"response.failed"_s));
        } else {
            QCOMPARE(r->json().value(u"status").toString(), u"completed"_s);
        }
        QCOMPARE(gw.terminate(), 0);
    }

    void aStreamBrokenAfterItStartedFailsHonestly_data()
    {
        QTest::addColumn<QByteArray>("dialects");
        QTest::newRow("translated") << QByteArray("[openai]");
        QTest::newRow("native") << QByteArray("[responses]");
    }

    void aStreamBrokenAfterItStartedFailsHonestly()
    {
        QFETCH(QByteArray, dialects);
        // Only the bad backend serves: the client has bytes before the cut, so nothing is retried.
        m_good->backend()->setListening(false);
        setBad([](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior::Cut;
            k.cutAfter = 5;
        });
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig(dialects));
        QVERIFY(port);
        const auto r = post(port, "/v1/responses", body(true));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QStringList types = typesOf(r->body);
        QVERIFY2(types.contains(u"response.output_text.delta"_s), r->body.constData());
        QVERIFY(!types.contains(u"response.completed"_s));
        QCOMPARE(types.last(), u"response.failed"_s);
        QVERIFY(r->body.contains("event: error\n"));
        QCOMPARE(r->header("x-switchyard-attempts"), QByteArray("1"));
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestResponsesFailover)
#include "TestResponsesFailover.moc"
