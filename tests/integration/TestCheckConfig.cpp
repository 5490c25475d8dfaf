#include "GatewayProcess.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace sy::testing;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run checkConfig(const QString& file, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(GatewayProcess::binary(), {"--check-config", file});
    p.waitForFinished(GatewayProcess::kWaitMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString seed(const char* name)
{
    return QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/data/seeds/") + QLatin1StringView(name);
}

} // namespace

// `switchyard --check-config` on the configs users arrive with.
class TestCheckConfig : public QObject
{
    Q_OBJECT

private slots:
    void seedConfigsPassWithWarningsOnly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withSeedEnv");
        QTest::newRow("seed 000: two LM Studio servers") << seed("seed-000-lmstudio.yaml") << true;
        QTest::newRow("seed 001: docker compose") << seed("seed-001-compose.yaml") << false;
        QTest::newRow("seed 002: vLLM gateway") << seed("seed-002-vllm.yaml") << false;
        QTest::newRow("seed 003: Ollama hosts") << seed("seed-003-ollama.yaml") << false;
    }

    void seedConfigsPassWithWarningsOnly()
    {
        QFETCH(QString, file);
        QFETCH(bool, withSeedEnv);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (withSeedEnv) {
            QFile dotEnv(seed("seed-000.env"));
            QVERIFY(dotEnv.open(QIODevice::ReadOnly));
            for (const QByteArray& line : dotEnv.readAll().split('\n')) {
                if (line.contains('='))
                    env.insert(QString::fromUtf8(line.left(line.indexOf('='))),
                               QString::fromUtf8(line.mid(line.indexOf('=') + 1)));
            }
        }
        const Run run = checkConfig(file, env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!run.err.contains(": error:"));
        QVERIFY(run.err.contains(": warning:"));
        QVERIFY(run.err.contains("valid"));
        QVERIFY(run.out.contains("model_list:"));
        // Secrets are masked in the printed config.
        QVERIFY(!run.out.contains("sk-local-gateway-CHANGE_ME"));
        QVERIFY(!run.out.contains("api_key: lm-studio"));
    }

    void seed000RoutersBecomeOneRoundRobinGroup()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("LMSTUDIO_A", "http://127.0.0.1:1234/v1");
        env.insert("LMSTUDIO_B", "http://127.0.0.1:1235/v1");
        env.insert("LITELLM_MASTER_KEY", "sk-seed-master");
        const Run run = checkConfig(seed("seed-000-lmstudio.yaml"), env);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.count("model_name: local-llama\n"), 2);
        QVERIFY(run.out.contains("routing_strategy[local-llama]: round-robin"));
        QVERIFY(run.out.contains("master_key: sk-…er"));
    }

    void liteLlmsQuickStartShowsAzureAndTheCatchAll()
    {
        // LiteLLM's configs.md quick start, with the variables of the corpus (tests/data/litellm-configs).
        const QString corpus = QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/data/litellm-configs/");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QFile dotEnv(corpus + "litellm.env");
        QVERIFY(dotEnv.open(QIODevice::ReadOnly));
        for (const QByteArray& line : dotEnv.readAll().split('\n')) {
            if (line.contains('=') && !line.startsWith('#'))
                env.insert(QString::fromUtf8(line.left(line.indexOf('='))),
                           QString::fromUtf8(line.mid(line.indexOf('=') + 1)));
        }
        const Run run = checkConfig(corpus + "docs_configs_quick_start.yaml", env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.err.count("this entry is skipped"), 2); // the two Bedrock entries, once each
        QCOMPARE(run.out.count("model: azure/gpt-4o-"), 2);
        QVERIFY(run.out.contains("api_version: 2024-10-21"));
        QVERIFY(run.out.contains("headers: [api-key]"));
        QVERIFY(run.out.contains("model_name: \"*\""));
        QVERIFY(run.out.contains("pass_through: true"));
        QVERIFY(!run.out.contains("5555666677778888eeeeffff00001111")); // AZURE_API_KEY_EU, masked
    }

    void invalidFileFailsWithLocatedErrors()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("bad.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "model_list:\n  - model_name: a\n    litellm_params:\n      model: hosted_vllm/x\n      timeout: later\n");
        f.close();
        const Run run = checkConfig(f.fileName());
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(f.fileName().toUtf8() + ":5:16: error: model_list[0].litellm_params.timeout"),
                 run.err.constData());
        QVERIFY(run.err.contains("model_list[0].litellm_params.api_base: required for provider hosted_vllm"));
        QVERIFY(run.err.contains("2 error(s)"));
    }
};

QTEST_GUILESS_MAIN(TestCheckConfig)
#include "TestCheckConfig.moc"
