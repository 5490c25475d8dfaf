#include "gateway/upstream/ContentDecoder.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

using namespace sy;
using Result = ContentDecoder::Result;

namespace {

/** windowBits: 15 + 16 = gzip, 15 = zlib, -15 = raw deflate. */
QByteArray compress(const QByteArray& data, int windowBits)
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(data.size()))) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.truncate(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    return out;
}

/** A body that compresses but is not trivial: text with random words. */
QByteArray sampleBody(int size)
{
    QRandomGenerator rng(42);
    QByteArray body;
    while (body.size() < size)
        body += "data: {\"token\":\"" + QByteArray::number(rng.bounded(100000)) + "\"}\n\n";
    return body.first(size);
}

int windowBitsFor(const QByteArray& coding)
{
    if (coding == "gzip")
        return 15 + 16;
    if (coding == "zlib")
        return 15;
    return -15;
}

} // namespace

class TestContentDecoder : public QObject
{
    Q_OBJECT

private slots:
    void supports_data();
    void supports();
    void decodes_data();
    void decodes();
    void decodesOneByteAtATime_data();
    void decodesOneByteAtATime();
    void decodesSyncFlushedStreamIncrementally();
    void decodesConcatenatedGzipMembers();
    void corruptInput_data();
    void corruptInput();
    void truncatedStreamFailsOnFinish();
    void emptyBodyIsFine();
    void outputIsCapped();
};

void TestContentDecoder::supports_data()
{
    QTest::addColumn<QByteArray>("coding");
    QTest::addColumn<bool>("supported");
    QTest::newRow("gzip") << QByteArray("gzip") << true;
    QTest::newRow("GZIP") << QByteArray("GZIP") << true;
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << true;
    QTest::newRow("deflate") << QByteArray("deflate") << true;
    QTest::newRow("br") << QByteArray("br") << false;
    QTest::newRow("identity") << QByteArray("identity") << false;
    QTest::newRow("two codings") << QByteArray("gzip, gzip") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestContentDecoder::supports()
{
    QFETCH(QByteArray, coding);
    QFETCH(bool, supported);
    QCOMPARE(ContentDecoder::supports(coding), supported);
}

void TestContentDecoder::decodes_data()
{
    QTest::addColumn<QByteArray>("coding");
    QTest::addColumn<int>("size");
    for (const char* coding : {"gzip", "zlib", "raw"}) {
        QTest::addRow("%s small", coding) << QByteArray(coding) << 100;
        QTest::addRow("%s large", coding) << QByteArray(coding) << 300 * 1024;
    }
}

void TestContentDecoder::decodes()
{
    QFETCH(QByteArray, coding);
    QFETCH(int, size);
    const QByteArray plain = sampleBody(size);
    const QByteArray packed = compress(plain, windowBitsFor(coding));
    ContentDecoder decoder;
    QByteArray out;
    QCOMPARE(decoder.decode(packed, out), Result::Ok);
    QCOMPARE(decoder.finish(), Result::Ok);
    QCOMPARE(out.size(), plain.size());
    QVERIFY(out == plain);
}

void TestContentDecoder::decodesOneByteAtATime_data()
{
    QTest::addColumn<QByteArray>("coding");
    QTest::addColumn<int>("size");
    for (const char* coding : {"gzip", "zlib", "raw"})
        QTest::addRow("%s", coding) << QByteArray(coding) << 20000;
}

void TestContentDecoder::decodesOneByteAtATime()
{
    QFETCH(QByteArray, coding);
    QFETCH(int, size);
    const QByteArray plain = sampleBody(size);
    const QByteArray packed = compress(plain, windowBitsFor(coding));
    ContentDecoder decoder;
    QByteArray out;
    for (char c : packed)
        QCOMPARE(decoder.decode(QByteArrayView(&c, 1), out), Result::Ok);
    QCOMPARE(decoder.finish(), Result::Ok);
    QCOMPARE(out, plain);
}

void TestContentDecoder::decodesSyncFlushedStreamIncrementally()
{
    // An SSE server compressing with Z_SYNC_FLUSH: each event must decode as soon as it arrives.
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    const QList<QByteArray> events = {"data: one\n\n", "data: two\n\n", "data: [DONE]\n\n"};
    ContentDecoder decoder;
    for (int i = 0; i < events.size(); ++i) {
        QByteArray packed(1024, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(events[i].constData()));
        z.avail_in = static_cast<uInt>(events[i].size());
        z.next_out = reinterpret_cast<Bytef*>(packed.data());
        z.avail_out = static_cast<uInt>(packed.size());
        deflate(&z, i + 1 == events.size() ? Z_FINISH : Z_SYNC_FLUSH);
        packed.truncate(packed.size() - z.avail_out);
        QByteArray out;
        QCOMPARE(decoder.decode(packed, out), Result::Ok);
        QCOMPARE(out, events[i]);
    }
    deflateEnd(&z);
    QCOMPARE(decoder.finish(), Result::Ok);
}

void TestContentDecoder::decodesConcatenatedGzipMembers()
{
    const QByteArray packed = compress("first ", 15 + 16) + compress("second", 15 + 16);
    ContentDecoder decoder;
    QByteArray out;
    QCOMPARE(decoder.decode(packed, out), Result::Ok);
    QCOMPARE(decoder.finish(), Result::Ok);
    QCOMPARE(out, QByteArray("first second"));
}

void TestContentDecoder::corruptInput_data()
{
    QTest::addColumn<QByteArray>("input");
    const QByteArray gzip = compress(sampleBody(5000), 15 + 16);
    QByteArray flipped = gzip;
    for (qsizetype i = 20; i < 60; ++i)
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    QByteArray badCrc = gzip;
    badCrc[badCrc.size() - 6] = static_cast<char>(badCrc[badCrc.size() - 6] ^ 1);
    QTest::newRow("flipped bytes") << flipped;
    QTest::newRow("bad crc") << badCrc;
    QTest::newRow("gzip header then junk") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03junkjunkjunk", 22);
    QTest::newRow("plain text") << QByteArray("this was never compressed, whatever the header said");
}

void TestContentDecoder::corruptInput()
{
    QFETCH(QByteArray, input);
    ContentDecoder decoder;
    QByteArray out;
    const Result decoded = decoder.decode(input, out);
    const Result finished = decoded == Result::Ok ? decoder.finish() : decoded;
    QCOMPARE(finished, Result::Corrupt);
    QVERIFY(!decoder.errorString().isEmpty());
}

void TestContentDecoder::truncatedStreamFailsOnFinish()
{
    const QByteArray packed = compress(sampleBody(5000), 15 + 16);
    ContentDecoder decoder;
    QByteArray out;
    QCOMPARE(decoder.decode(packed.chopped(10), out), Result::Ok);
    QVERIFY(!out.isEmpty());
    QCOMPARE(decoder.finish(), Result::Corrupt);
}

void TestContentDecoder::emptyBodyIsFine()
{
    ContentDecoder decoder;
    QByteArray out;
    QCOMPARE(decoder.decode({}, out), Result::Ok);
    QCOMPARE(decoder.finish(), Result::Ok);
    QVERIFY(out.isEmpty());
}

void TestContentDecoder::outputIsCapped()
{
    const QByteArray bomb = compress(QByteArray(4 * 1024 * 1024, '\0'), 15 + 16);
    QVERIFY(bomb.size() < 64 * 1024);
    ContentDecoder decoder(1024 * 1024);
    QByteArray out;
    QCOMPARE(decoder.decode(bomb, out), Result::TooLarge);
}

QTEST_GUILESS_MAIN(TestContentDecoder)
#include "TestContentDecoder.moc"
