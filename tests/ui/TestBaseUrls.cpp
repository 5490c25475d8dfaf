#include "ui/tray/BaseUrls.h"

#include <QTest>

using namespace sy;
using namespace sy::BaseUrls;

// The URLs the tray offers to copy: localhost, Tailscale, LAN, as far as the gateway listens.
class TestBaseUrls : public QObject
{
    Q_OBJECT

private:
    static QList<LocalAddress> machine()
    {
        return {
            {QHostAddress("192.168.1.20"), "en0", false},
            {QHostAddress("fd00::20"), "en0", false},
            {QHostAddress("2001:db8::1234"), "en0", true}, // privacy address
            {QHostAddress("fe80::1"), "en0", false},
            {QHostAddress("100.101.102.103"), "tailscale0", false},
            {QHostAddress("fd7a:115c:a1e0::1"), "tailscale0", false},
            {QHostAddress("172.17.0.1"), "docker0", false},
            {QHostAddress("169.254.3.4"), "en5", false},
        };
    }

    static QStringList urls(const QList<Entry>& entries)
    {
        QStringList out;
        for (const Entry& e : entries)
            out << e.url;
        return out;
    }

private slots:
    void readsWhereTheGatewayListens()
    {
        Listen l = listenFrom({"http://127.0.0.1:4000/v1", "http://[::1]:4000/v1"});
        QCOMPARE(l.scope, Scope::Loopback);
        QCOMPARE(l.port, quint16(4000));
        l = listenFrom({"http://127.0.0.1:4100/v1", "http://192.168.1.20:4100/v1"});
        QCOMPARE(l.scope, Scope::AllInterfaces);
        l = listenFrom({"https://100.101.102.103:4000/v1"});
        QCOMPARE(l.scope, Scope::OneAddress);
        QCOMPARE(l.scheme, QString("https"));
        QCOMPARE(l.address, QHostAddress("100.101.102.103"));
        QCOMPARE(listenFrom({}).port, quint16(0));
    }

    void offersOnlyLocalhostWhenListeningThere()
    {
        const auto entries
            = BaseUrls::entries(listenFrom({"http://127.0.0.1:4000/v1", "http://[::1]:4000/v1"}), machine());
        QCOMPARE(urls(entries), QStringList{"http://localhost:4000/v1"});
        QCOMPARE(entries.constFirst().kind, Kind::Localhost);
    }

    void offersTailscaleAndTheLanOnAllInterfaces()
    {
        const auto entries
            = BaseUrls::entries(listenFrom({"http://127.0.0.1:4000/v1", "http://192.168.1.20:4000/v1"}), machine());
        QCOMPARE(urls(entries),
                 (QStringList{"http://localhost:4000/v1",
                              "http://100.101.102.103:4000/v1",
                              "http://192.168.1.20:4000/v1",
                              "http://[fd00::20]:4000/v1"}));
        QCOMPARE(entries.at(1).kind, Kind::Tailscale);
        QCOMPARE(entries.at(1).address, QString("100.101.102.103"));
        QCOMPARE(entries.at(2).kind, Kind::Lan);
    }

    void aTailnetWithOnlyIpv6()
    {
        const QList<LocalAddress> addresses = {{QHostAddress("fd7a:115c:a1e0::9"), "utun3", false}};
        const auto entries
            = BaseUrls::entries(listenFrom({"http://127.0.0.1:4000/v1", "http://10.1.1.1:4000/v1"}), addresses);
        QCOMPARE(urls(entries), (QStringList{"http://localhost:4000/v1", "http://[fd7a:115c:a1e0::9]:4000/v1"}));
        QCOMPARE(entries.at(1).kind, Kind::Tailscale);
    }

    void offersTheOneAddressItListensOn()
    {
        const auto entries = BaseUrls::entries(listenFrom({"http://100.101.102.103:4000/v1"}), machine());
        QCOMPARE(urls(entries), QStringList{"http://100.101.102.103:4000/v1"});
        QCOMPARE(entries.constFirst().kind, Kind::Tailscale);
    }

    void knowsTailscaleRanges()
    {
        QVERIFY(isTailscale(QHostAddress("100.64.0.1")));
        QVERIFY(isTailscale(QHostAddress("100.127.255.254")));
        QVERIFY(!isTailscale(QHostAddress("100.128.0.1")));
        QVERIFY(!isTailscale(QHostAddress("100.63.255.255")));
        QVERIFY(isTailscale(QHostAddress("fd7a:115c:a1e0:ab12::1")));
        QVERIFY(!isTailscale(QHostAddress("fd00::1")));
    }
};

QTEST_GUILESS_MAIN(TestBaseUrls)
#include "TestBaseUrls.moc"
