#include "KeyTestSupport.h"

#include <QTest>

using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

// 50 tokens streamed, 40 of them delivered before the stream ends early: "tok0 " … "tok39 ",
// 10 × 5 + 30 × 6 = 230 characters, billed as 58 completion tokens (about 4 characters a token),
// plus a prompt estimate of about 30 (the body's bytes / 4). Billing the prompt alone (the bug of
// issue #15) takes five such streams to pass 150 tokens; billing what was delivered, two.
constexpr int kStreamTokens = 50;
constexpr int kDelivered = 40;
constexpr int kTpmLimit = 150;

struct Delivered
{
    int events = 0;
    qint64 chars = 0; ///< content characters the client received
};

} // namespace

// Issue #15, "bill what was delivered": a stream that ends before the backend's usage report
// (the client left, or the backend cut it) is billed its prompt plus the completion tokens the
// client received, marked estimated, and a key's TPM limit sees them. Through the real binary.
class TestStreamBilling : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;

    static QByteArray streamBody(const QByteArray& mock)
    {
        return chatBody("chat",
                        "\"stream\":true,\"mock\":{\"tokens\":" + QByteArray::number(kStreamTokens) + ',' + mock + '}');
    }

    static qint64 contentChars(const SseEvent& event)
    {
        const QJsonArray choices = event.json().value(u"choices").toArray();
        if (choices.isEmpty())
            return 0;
        return choices.first().toObject().value(u"delta").toObject().value(u"content").toString().size();
    }

    // A stepped stream (the mock sends its first event, then one per release): the client reads
    // kDelivered content events and leaves.
    Delivered abortAfterMostEvents(const QByteArray& key)
    {
        RawHttpClient client;
        Delivered seen;
        if (!client.connectToHost(QHostAddress::LocalHost, m_port))
            return seen;
        client.send(client.buildRequest("POST", "/v1/chat/completions", streamBody("\"step\":true"), bearer(key)));
        for (int i = 0; i < kDelivered; ++i) {
            if (i > 0)
                m_mock->backend()->releaseEvents(1);
            const auto event = client.readEvent();
            if (!event)
                return seen;
            ++seen.events;
            seen.chars += contentChars(*event);
        }
        const int cancelled = m_mock->backend()->stats().value(u"cancelled").toInt();
        client.abort();
        // The gateway saw the client go once it aborted the backend's stream.
        if (!QTest::qWaitFor([&] { return m_mock->backend()->stats().value(u"cancelled").toInt() > cancelled; },
                             kHangGuardMs))
            seen.events = -1; // the gateway never stopped the backend's stream
        return seen;
    }

    // The backend closes the stream after kDelivered events; the client reads all it is sent.
    Delivered readCutStream(const QByteArray& key)
    {
        RawHttpClient client;
        Delivered seen;
        if (!client.connectToHost(QHostAddress::LocalHost, m_port))
            return seen;
        const QByteArray mock = "\"behavior\":\"cut\",\"cut_after\":" + QByteArray::number(kDelivered);
        client.send(client.buildRequest("POST", "/v1/chat/completions", streamBody(mock), bearer(key)));
        for (const SseEvent& event : client.readAllEvents()) {
            if (event.event == "error")
                continue;
            ++seen.events;
            seen.chars += contentChars(event);
        }
        return seen;
    }

    // The key's usage records, once @p count are stored.
    QJsonArray recordsOf(const QByteArray& key, int count)
    {
        QJsonArray records;
        const bool stored = QTest::qWaitFor(
            [&] {
                const auto r = adminCall(m_port, "GET", "/spend/logs?api_key=" + tokenOf(key).toUtf8());
                records = r ? QJsonDocument::fromJson(r->body).array() : QJsonArray();
                return records.size() >= count;
            },
            kHangGuardMs);
        return stored ? records : QJsonArray(); // the caller compares the count
    }

    static void verifyBilledDelivered(const QJsonObject& record, const Delivered& delivered)
    {
        const QJsonObject metadata = record.value(u"metadata").toObject();
        QVERIFY2(metadata.value(u"status_code").toInt() >= 400, qPrintable(QJsonDocument(record).toJson()));
        QCOMPARE(record.value(u"completion_tokens").toInteger(), (delivered.chars + 3) / 4);
        QVERIFY(record.value(u"prompt_tokens").toInteger() > 0);
        QVERIFY(metadata.value(u"tokens_estimated").toBool());
    }

    // Two streams that end early (by @p endEarly) on a new key: each is recorded with status
    // @p expectedStatus and billed its delivered tokens, and then the key is over its TPM limit.
    template <typename EndEarly>
    void verifyLimitedAfterTwo(EndEarly endEarly, int expectedStatus)
    {
        const auto third = withinOneMinute([&] {
            const QByteArray key = generateKey(m_port, {{"tpm_limit", kTpmLimit}}).value(u"key").toString().toUtf8();
            QList<Delivered> runs;
            for (int i = 0; i < 2; ++i)
                runs << endEarly(key);
            const QJsonArray records = recordsOf(key, 2);
            std::optional<RawHttpResponse> next = chatAs(m_port, key, "chat");
            return std::make_tuple(runs, records, next);
        });
        const auto& [runs, records, next] = third;
        QCOMPARE(records.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(runs[i].events, kDelivered);
            verifyBilledDelivered(records[i].toObject(), runs[i]);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(records[i].toObject().value(u"metadata").toObject().value(u"status_code").toInt(), expectedStatus);
        }
        QVERIFY(next);
        QCOMPARE(next->status, 429);
        QCOMPARE(errorOf(*next).value(u"code").toString(), QStringLiteral("tpm_limit_exceeded"));
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
        m_gateway = std::make_unique<GatewayProcess>();
        m_port = m_gateway->start(keysConfig(pricedModel("chat", m_mock->port())));
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
    }

    void abortedStreamsAreBilledTheirDeliveredTokens()
    {
        verifyLimitedAfterTwo([this](const QByteArray& key) { return abortAfterMostEvents(key); }, 499);
    }

    void streamsCutByTheBackendAreBilledWhatWasRelayed()
    {
        verifyLimitedAfterTwo([this](const QByteArray& key) { return readCutStream(key); }, 502);
    }
};

QTEST_GUILESS_MAIN(TestStreamBilling)
#include "TestStreamBilling.moc"
