#include "IntegrationSupport.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace sy::testing;

// Started with no config at all, on a machine where LM Studio runs: the real binary writes the
// default config and serves LM Studio's models under their own names. Needs 127.0.0.1:1234 and
// :11434 free (the default config probes LM Studio's and Ollama's usual ports).
class TestZeroConfig : public QObject
{
    Q_OBJECT

private slots:
    void servesLocalServersWithNoConfigFile()
    {
        MockBackend::Options lmStudio;
        lmStudio.id = QStringLiteral("lmstudio");
        lmStudio.models = QStringList{"qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5"};
        MockBackendThread lms(lmStudio);
        QVERIFY2(lms.start(QHostAddress::LocalHost, 1234), "127.0.0.1:1234 is taken; stop LM Studio to run this test");

        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        GatewayProcess gw;
        gw.setEnvironment(env);
        const quint16 port = gw.launch({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY2(port, gw.stderrText().constData());

        // The default config was written, commented, where the README says.
        QFile written(home.filePath(QStringLiteral("config/switchyard/config.yaml")));
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray text = written.readAll();
        QVERIFY(text.contains("model: lm_studio/*"));
        QVERIFY(text.contains("api_base: http://127.0.0.1:11434"));
        QVERIFY(text.startsWith("# Switchyard config"));
        QVERIFY(gw.stderrText().contains("wrote a default one to"));

        // LM Studio's models are listed and served under their own names; no key is needed on
        // localhost without a master_key.
        QTRY_VERIFY_WITH_TIMEOUT(RawHttpClient::fetch(port, "GET", "/v1/models")->body.contains("qwen2.5-7b-instruct"),
                                 RawHttpClient::kWaitMs);
        const RawHttpClient::Headers json{{"Content-Type", "application/json"}};
        auto chat = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("qwen2.5-7b-instruct"), json);
        QVERIFY(chat);
        QCOMPARE(chat->status, 200);
        QCOMPARE(jsonOf(chat->body).value(u"system_fingerprint").toString(), QString("lmstudio"));
        QCOMPARE(jsonOf(chat->body).value(u"model").toString(), QString("qwen2.5-7b-instruct"));

        // Ollama started after Switchyard: its model is served on the first request naming it.
        MockBackend::Options ollama;
        ollama.id = QStringLiteral("ollama");
        ollama.models = QStringList{"llama3.2:3b"};
        MockBackendThread ol(ollama);
        QVERIFY2(ol.start(QHostAddress::LocalHost, 11434), "127.0.0.1:11434 is taken; stop Ollama to run this test");
        chat = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("llama3.2:3b"), json);
        QVERIFY(chat);
        QCOMPARE(chat->status, 200);
        QCOMPARE(jsonOf(chat->body).value(u"system_fingerprint").toString(), QString("ollama"));

        // A model nobody has is still a clear 404 naming what exists.
        chat = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("gpt-9"), json);
        QVERIFY(chat);
        QCOMPARE(chat->status, 404);
        QVERIFY(chat->body.contains("llama3.2:3b"));
        QCOMPARE(gw.terminate(), 0);

        // A second start finds the file and leaves it alone.
        GatewayProcess again;
        again.setEnvironment(env);
        QVERIFY(again.launch({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")}));
        QVERIFY(!again.stderrText().contains("wrote a default one"));
        QCOMPARE(again.terminate(), 0);
    }

    void aNamedConfigThatIsMissingIsAnErrorNotADefault()
    {
        QTemporaryDir dir;
        GatewayProcess gw;
        const QString path = dir.filePath(QStringLiteral("typo.yaml"));
        QCOMPARE(gw.launch({QStringLiteral("--headless"), QStringLiteral("--config"), path}), quint16(0));
        QCOMPARE(gw.waitForExit(), 2);
        QVERIFY(gw.stderrText().contains("no config file at " + path.toUtf8()));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestZeroConfig)
#include "TestZeroConfig.moc"
