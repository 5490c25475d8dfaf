#include "gateway/streaming/SseEventSplitter.h"

#include <QTest>

using namespace sy;

class TestSseEventSplitter : public QObject
{
    Q_OBJECT

private slots:
    void splitsOnBlankLines_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("events");
        QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n") << QList<QByteArray>{"data: a\n\n", "data: b\n\n"};
        QTest::newRow("crlf") << QByteArray("data: a\r\n\r\nevent: e\r\ndata: b\r\n\r\n")
                              << QList<QByteArray>{"data: a\r\n\r\n", "event: e\r\ndata: b\r\n\r\n"};
        QTest::newRow("incomplete tail stays")
            << QByteArray("data: a\n\ndata: b\n") << QList<QByteArray>{"data: a\n\n"};
        QTest::newRow("multi-line data") << QByteArray("data: 1\ndata: 2\n\n")
                                         << QList<QByteArray>{"data: 1\ndata: 2\n\n"};
    }

    void splitsOnBlankLines()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, events);
        // Whole, and one byte at a time: boundaries may straddle reads.
        SseEventSplitter whole;
        QCOMPARE(whole.feed(stream), events);
        SseEventSplitter bytes;
        QList<QByteArray> got;
        for (char c : stream)
            got += bytes.feed(QByteArray(1, c));
        QCOMPARE(got, events);
    }

    void aReadOfWholeEventsIsNotCopied()
    {
        // The relay's usual read: exactly one event. It is passed on as the same bytes.
        SseEventSplitter s;
        for (int i = 0; i < 3; ++i) {
            const QByteArray read = "data: {\"n\":" + QByteArray::number(i) + "}\n\n";
            const QList<QByteArray> events = s.feed(read);
            QCOMPARE(events, QList<QByteArray>{read});
            QVERIFY(events.first().constData() == read.constData()); // the same buffer
            QVERIFY(s.remainder().isEmpty());
        }
        // After a partial event, the rest joins it as before.
        QVERIFY(s.feed("data: a").isEmpty());
        QCOMPARE(s.feed("\n\ndata: b\n\n"), (QList<QByteArray>{"data: a\n\n", "data: b\n\n"}));
        QCOMPARE(s.feed("data: c\n\n"), QList<QByteArray>{"data: c\n\n"});
    }

    void remainderIsKept()
    {
        SseEventSplitter s;
        s.feed("data: a\n\ndata: [DONE]\n");
        QCOMPARE(s.remainder(), QByteArray("data: [DONE]\n"));
        QCOMPARE(s.takeRemainder(), QByteArray("data: [DONE]\n"));
        QVERIFY(s.remainder().isEmpty());
    }

    void parsesFields()
    {
        const SseEvent e = SseEvent::parse(": comment\r\nevent: error\r\ndata: {\"a\":1}\r\ndata:x\r\nid: 7\r\n\r\n");
        QCOMPARE(e.event, QByteArray("error"));
        QCOMPARE(e.data, QByteArray("{\"a\":1}\nx"));
    }
};

QTEST_GUILESS_MAIN(TestSseEventSplitter)
#include "TestSseEventSplitter.moc"
