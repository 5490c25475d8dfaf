#include "gateway/http/ListenPlan.h"

#include <QTest>

using namespace sy;

class TestListenPlan : public QObject
{
    Q_OBJECT

private slots:
    void localhostBindsBothLoopbacks()
    {
        const ListenPlan plan = ListenPlan::forHost("localhost");
        QCOMPARE(plan.addresses.size(), 2);
        QVERIFY(plan.addresses.contains(QHostAddress(QHostAddress::LocalHost)));
        QVERIFY(plan.addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6)));
        QVERIFY(plan.loopbackOnly);
        QCOMPARE(plan.baseUrls(4000), (QStringList{"http://127.0.0.1:4000/v1", "http://[::1]:4000/v1"}));
    }

    void wildcardIsOneDualStackSocket_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("0.0.0.0") << "0.0.0.0";
        QTest::newRow("::") << "::";
        QTest::newRow("*") << "*";
    }

    void wildcardIsOneDualStackSocket()
    {
        QFETCH(QString, host);
        const ListenPlan plan = ListenPlan::forHost(host);
        QCOMPARE(plan.addresses, QList<QHostAddress>{QHostAddress(QHostAddress::Any)});
        QVERIFY(!plan.loopbackOnly);
        QVERIFY(plan.baseUrls(4000).contains("http://127.0.0.1:4000/v1"));
    }

    void addressLiterals()
    {
        QVERIFY(ListenPlan::forHost("127.0.0.1").loopbackOnly);
        QVERIFY(ListenPlan::forHost("::1").loopbackOnly);
        QVERIFY(!ListenPlan::forHost("192.168.1.20").loopbackOnly);
        QVERIFY(!ListenPlan::forHost("100.101.102.103").loopbackOnly); // a Tailscale address
    }
};

QTEST_GUILESS_MAIN(TestListenPlan)
#include "TestListenPlan.moc"
