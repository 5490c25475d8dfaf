#include "IntegrationSupport.h"

#include <QProcess>
#include <QTest>

using namespace sy::testing;

// keychain/NAME secrets end to end against a real Secret Service (run by with-keyring.sh):
// `switchyard secret set` stores, the gateway reads it at start, `secret delete` removes it.
class TestKeychainSecrets : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Run switchyard(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.start(GatewayProcess::binary(), args);
        if (!p.waitForStarted(GatewayProcess::kWaitMs))
            return {};
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30'000))
            return {};
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static QString authorizationSeenBy(const MockBackendThread& mock)
    {
        const QJsonObject headers
            = mock.backend()->stats().value(u"last_request").toObject().value(u"headers").toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            if (it.key().compare(u"authorization", Qt::CaseInsensitive) == 0)
                return it.value().toString();
        }
        return {};
    }

private slots:
    void aStoredSecretReachesTheBackend()
    {
        const QByteArray secret = "sk-from-the-keychain-1234";
        Run set = switchyard({"secret", "set", "SY_TEST_UPSTREAM_KEY"}, secret + '\n');
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QVERIFY(set.err.contains("use it in the config as keychain/SY_TEST_UPSTREAM_KEY"));

        MockBackendThread mock;
        QVERIFY(mock.start());
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(
            "  - model_name: m\n    litellm_params:\n      model: openai/mock-model\n      api_base: http://127.0.0.1:"
            + QByteArray::number(mock.port()) + "/v1\n      api_key: keychain/SY_TEST_UPSTREAM_KEY\n"));
        QVERIFY2(port, gw.stderrText().constData());
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("m"))->status, 200);
        // A trailing newline from `echo` is not part of the secret.
        QCOMPARE(authorizationSeenBy(mock), "Bearer " + QString::fromUtf8(secret));
        QCOMPARE(gw.terminate(), 0);

        // --check-config resolves it but never prints it.
        gw.writeConfig(gatewayConfig("  - model_name: m\n    litellm_params:\n      model: openai/mock-model\n"
                                     "      api_base: http://127.0.0.1:9/v1\n"
                                     "      api_key: keychain/SY_TEST_UPSTREAM_KEY\n"));
        const Run check = switchyard({"--check-config", gw.configPath()});
        QVERIFY2(check.exitCode == 0, check.err.constData());
        QVERIFY(!check.out.contains(secret));
        QVERIFY(!check.out.contains("1234"));

        const Run removed = switchyard({"secret", "delete", "SY_TEST_UPSTREAM_KEY"});
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        const Run missing = switchyard({"--check-config", gw.configPath()});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("cannot read \"SY_TEST_UPSTREAM_KEY\" from the keychain"),
                 missing.err.constData());
        QVERIFY(missing.err.contains(":6:")); // the line of the api_key
    }

    void badSecretCommandsAreClearErrors()
    {
        Run r = switchyard({"secret", "set"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
        r = switchyard({"secret", "set", "EMPTY"}, "");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no value on standard input"), r.err.constData());
        r = switchyard({"secret", "frobnicate", "X"});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecrets)
#include "TestKeychainSecrets.moc"
