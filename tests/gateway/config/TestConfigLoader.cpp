#include "gateway/config/ConfigLoader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sy;

namespace {

ConfigLoader loaderWithEnv(QHash<QString, QString> env)
{
    return ConfigLoader([env](const QString& name) -> std::optional<QString> {
        if (!env.contains(name))
            return std::nullopt;
        return env.value(name);
    });
}

bool hasDiagnostic(const ConfigLoadResult& r, ConfigDiagnostic::Severity s, const QString& key, int line)
{
    for (const auto& d : r.diagnostics) {
        if (d.severity == s && d.key == key && d.line == line)
            return true;
    }
    return false;
}

} // namespace

class TestConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    void twoLmStudioServersFormOneGroup()
    {
        const QByteArray yaml = "\n"
                                "model_list:\n"
                                "  - model_name: local-llama\n"
                                "    litellm_params:\n"
                                "      model: openai/llama-3.1-8b-instruct\n"
                                "      api_base: http://127.0.0.1:1234/v1\n"
                                "      api_key: lm-studio\n"
                                "      timeout: 30\n"
                                "      stream_timeout: 2.5\n"
                                "      max_parallel_requests: 4\n"
                                "  - model_name: local-llama\n"
                                "    litellm_params:\n"
                                "      model: lm_studio/llama-3.1-8b-instruct\n"
                                "      api_base: http://127.0.0.1:1235/v1/\n"
                                "general_settings:\n"
                                "  master_key: sk-local\n"
                                "gateway:\n"
                                "  host: 0.0.0.0\n"
                                "  port: 4001\n";
        const auto r = loaderWithEnv({}).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.groupNames(), QStringList{"local-llama"});
        QCOMPARE(c.deployments.size(), 2);
        const Deployment& a = c.deployments[0];
        QCOMPARE(a.provider, QString("openai"));
        QCOMPARE(a.backendModel, QString("llama-3.1-8b-instruct"));
        QCOMPARE(a.origin.host, QString("127.0.0.1"));
        QCOMPARE(a.origin.port, 1234);
        QCOMPARE(a.basePath, QByteArray("/v1"));
        QCOMPARE(a.apiKey, QString("lm-studio"));
        QCOMPARE(a.timeout.count(), 30000);
        QCOMPARE(a.streamTimeout.count(), 2500);
        QCOMPARE(a.maxParallelRequests, 4);
        QCOMPARE(c.deployments[1].basePath, QByteArray("/v1"));
        QVERIFY(a.id != c.deployments[1].id);
        QCOMPARE(c.masterKey, QString("sk-local"));
        QCOMPARE(c.listen.host, QString("0.0.0.0"));
        QCOMPARE(c.listen.port, 4001);
        QVERIFY(r.warnings().isEmpty());
    }

    void idsAreStableAcrossLoads()
    {
        const QByteArray yaml = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/x, api_base: "
                                "'http://h:1/v1'}\n";
        const auto a = loaderWithEnv({}).loadYaml(yaml, "a");
        const auto b = loaderWithEnv({}).loadYaml(yaml, "b");
        QCOMPARE(a.config->deployments[0].id, b.config->deployments[0].id);
        QCOMPARE(a.config->deployments[0].id.size(), 16);
    }

    void providerDefaults()
    {
        const QByteArray yaml
            = "\n"
              "model_list:\n"
              "  - model_name: gpt\n"
              "    litellm_params: {model: openai/gpt-4o-mini}\n"
              "  - model_name: llama\n"
              "    litellm_params: {model: ollama/llama3.2, api_base: \"http://192.168.1.2:11434\"}\n";
        const auto r = loaderWithEnv({}).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments[0].origin.tls, true);
        QCOMPARE(r.config->deployments[0].origin.host, QString("api.openai.com"));
        QCOMPARE(r.config->deployments[0].origin.port, 443);
        QCOMPARE(r.config->deployments[1].basePath, QByteArray("/v1"));
        QCOMPARE(r.config->deployments[1].origin.port, 11434);
    }

    void secretsExpand()
    {
        const QByteArray yaml = "\n"
                                "environment_variables:\n"
                                "  LMSTUDIO_B: http://127.0.0.1:1235/v1\n"
                                "model_list:\n"
                                "  - model_name: a\n"
                                "    litellm_params:\n"
                                "      model: openai/m\n"
                                "      api_base: ${LMSTUDIO_A}\n"
                                "      api_key: os.environ/KEY\n"
                                "  - model_name: b\n"
                                "    litellm_params:\n"
                                "      model: openai/m\n"
                                "      api_base: ${LMSTUDIO_B}\n"
                                "general_settings:\n"
                                "  master_key: \"sk-${SUFFIX}\"\n";
        const auto r = loaderWithEnv({{"LMSTUDIO_A", "http://127.0.0.1:1234/v1"}, {"KEY", "secret"}, {"SUFFIX", "xyz"}})
                           .loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments[0].apiBase.toString(), QString("http://127.0.0.1:1234/v1"));
        QCOMPARE(r.config->deployments[0].apiKey, QString("secret"));
        QCOMPARE(r.config->deployments[1].origin.port, 1235);
        QCOMPARE(r.config->masterKey, QString("sk-xyz"));
    }

    void errorsNameFileLineColumnAndKey_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("line");

        QTest::newRow("missing model") << QByteArray(
            "model_list:\n  - model_name: a\n    litellm_params:\n      api_base: "
            "http://h/v1\n") << "model_list[0].litellm_params.model"
                                       << 4;
        QTest::newRow("bad url") << QByteArray(
            "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n "
            "     api_base: ftp://nope\n")
                                 << "model_list[0].litellm_params.api_base" << 5;
        QTest::newRow("bad port") << QByteArray("gateway:\n  port: 99999\n") << "gateway.port" << 2;
        QTest::newRow("bad timeout") << QByteArray("model_list:\n  - model_name: a\n    litellm_params:\n      model: "
                                                   "openai/x\n      api_base: http://h/v1\n      timeout: soon\n")
                                     << "model_list[0].litellm_params.timeout" << 6;
        QTest::newRow("unset env") << QByteArray("general_settings:\n  master_key: os.environ/NOPE\n")
                                   << "general_settings.master_key" << 2;
        QTest::newRow("unsupported provider")
            << QByteArray("model_list:\n  - model_name: c\n    litellm_params:\n      "
                          "model: anthropic/claude-3-5-sonnet\n")
            << "model_list[0].litellm_params.model" << 4;
        QTest::newRow("model_list not a list") << QByteArray("model_list: 3\n") << "model_list" << 1;
        QTest::newRow("bad host") << QByteArray("gateway:\n  host: my-laptop\n") << "gateway.host" << 2;
    }

    void errorsNameFileLineColumnAndKey()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, key);
        QFETCH(int, line);
        const auto r = loaderWithEnv({}).loadYaml(yaml, "conf.yaml");
        QVERIFY(!r.ok());
        QVERIFY2(hasDiagnostic(r, ConfigDiagnostic::Severity::Error, key, line), qPrintable(r.errorText()));
        QVERIFY(r.errorText().startsWith("conf.yaml:"));
        QVERIFY(r.errors().first().column > 0);
    }

    void yamlSyntaxErrorIsLocated()
    {
        const auto r = loaderWithEnv({}).loadYaml("model_list:\n  - model_name: [unclosed\n", "broken.yaml");
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QVERIFY(r.errors().first().line >= 2);
        QVERIFY(r.errorText().contains("not valid YAML"));
    }

    void unknownKeysWarnWithTheirLine()
    {
        const QByteArray yaml = "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n      "
                                "api_base: http://h/v1\n      colour: blue\nsomething_else: 1\n";
        const auto r = loaderWithEnv({}).loadYaml(yaml, "c.yaml");
        QVERIFY(r.ok());
        QVERIFY(hasDiagnostic(r, ConfigDiagnostic::Severity::Warning, "model_list[0].litellm_params.colour", 6));
        QVERIFY(hasDiagnostic(r, ConfigDiagnostic::Severity::Warning, "something_else", 7));
    }

    void missingFileIsAnError()
    {
        QTemporaryDir dir;
        const auto r = ConfigLoader().loadFile(dir.filePath("absent.yaml"));
        QVERIFY(!r.ok());
        QVERIFY(r.errorText().contains("cannot read the file"));
    }

    void emptyFileGivesDefaults()
    {
        const auto r = loaderWithEnv({}).loadYaml("", "empty.yaml");
        QVERIFY(r.ok());
        QCOMPARE(r.config->listen.port, 4000);
        QCOMPARE(r.config->listen.host, QString("localhost"));
        QCOMPARE(r.config->limits.maxBodyBytes, 32 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "TestConfigLoader.moc"
