#include "IntegrationSupport.h"

#include <QProcess>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace sy::testing;

// The gateway: section's access controls: TLS, the IP allow-list, CORS.
class TestFrontAccess : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
        // A real self-signed certificate, made by the real openssl.
        QProcess openssl;
        openssl.start("openssl",
                      {"req",
                       "-x509",
                       "-newkey",
                       "rsa:2048",
                       "-nodes",
                       "-days",
                       "2",
                       "-subj",
                       "/CN=localhost",
                       "-keyout",
                       m_dir.filePath("key.pem"),
                       "-out",
                       m_dir.filePath("cert.pem")});
        QVERIFY(openssl.waitForFinished(30'000));
        QCOMPARE(openssl.exitCode(), 0);
    }

    void cleanupTestCase() { delete m_mock; }

    void servesHttpsWithTheConfiguredCertificate()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port()),
                                                    "cert: " + m_dir.filePath("cert.pem").toUtf8()
                                                        + "\nkey: " + m_dir.filePath("key.pem").toUtf8() + "\n"));
        QVERIFY2(port, gw.stderrText().constData());
        QSslSocket tls;
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        tls.connectToHostEncrypted("127.0.0.1", port);
        QVERIFY(tls.waitForEncrypted(RawHttpClient::kWaitMs));
        QCOMPARE(tls.peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0), QString("localhost"));
        const QByteArray body = chatBody("m");
        tls.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kMasterKey
                  + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray reply;
        while (!reply.contains("chat.completion") && tls.waitForReadyRead(RawHttpClient::kWaitMs))
            reply += tls.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
        // Plain HTTP to the TLS port gets no HTTP answer.
        const auto plain = RawHttpClient::fetch(port, "GET", "/health/liveliness", {}, {}, 2000); // nothing comes
        QVERIFY(!plain || plain->status == 0);
        QCOMPARE(gw.terminate(), 0);
    }

    void addressesOutsideTheAllowListGet403()
    {
        GatewayProcess denied;
        const quint16 port
            = denied.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "allowed_ips: [10.9.9.0/24]\n"));
        QVERIFY(port);
        const auto refused = RawHttpClient::fetch(port, "GET", "/health/liveliness");
        QVERIFY(refused);
        QCOMPARE(refused->status, 403);
        QCOMPARE(refused->json()["error"].toObject()["code"].toString(), QString("ip_not_allowed"));
        QCOMPARE(denied.terminate(), 0);

        GatewayProcess allowed;
        const quint16 port2
            = allowed.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "allowed_ips: [127.0.0.1]\n"));
        QCOMPARE(RawHttpClient::fetch(port2, "GET", "/health/liveliness")->status, 200);
        QCOMPARE(allowed.terminate(), 0);
    }

    void corsPreflightAndHeaders()
    {
        GatewayProcess gw;
        const quint16 port
            = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "cors: [\"http://localhost:3000\"]\n"));
        QVERIFY(port);
        const auto preflight = RawHttpClient::fetch(port,
                                                    "OPTIONS",
                                                    "/v1/chat/completions",
                                                    {},
                                                    {{"Origin", "http://localhost:3000"},
                                                     {"Access-Control-Request-Method", "POST"},
                                                     {"Access-Control-Request-Headers", "authorization,content-type"}});
        QVERIFY(preflight);
        QCOMPARE(preflight->status, 204);
        QCOMPARE(preflight->header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
        QVERIFY(preflight->header("access-control-allow-headers").contains("Authorization"));
        RawHttpClient::Headers headers = authHeaders();
        headers.append(qMakePair(QByteArray("Origin"), QByteArray("http://localhost:3000")));
        const auto real = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("m"), headers);
        QCOMPARE(real->status, 200);
        QCOMPARE(real->header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
        // Another origin gets no CORS headers, so the browser refuses the answer.
        const auto other
            = RawHttpClient::fetch(port, "OPTIONS", "/v1/chat/completions", {}, {{"Origin", "http://evil.example"}});
        QCOMPARE(other->status, 204);
        QVERIFY(!other->hasHeader("access-control-allow-origin"));
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFrontAccess)
#include "TestFrontAccess.moc"
