#include "gateway/config/ConfigLoader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

namespace {

using Env = QHash<QString, QString>;

ConfigLoader loader(Env env = {}, Env keychain = {})
{
    return ConfigLoader(
        [env](const QString& name) -> std::optional<QString> {
            return env.contains(name) ? std::optional(env.value(name)) : std::nullopt;
        },
        [keychain](const QString& name, QString* error) -> std::optional<QString> {
            if (keychain.contains(name))
                return keychain.value(name);
            *error = "no such item";
            return std::nullopt;
        });
}

bool has(const ConfigLoadResult& r, ConfigDiagnostic::Severity s, const QString& key, int line = -1)
{
    for (const auto& d : r.diagnostics) {
        if (d.severity == s && d.key == key && (line < 0 || d.line == line))
            return true;
    }
    return false;
}

bool hasWarningContaining(const ConfigLoadResult& r, const QString& text)
{
    for (const auto& d : r.warnings()) {
        if (d.message.contains(text) || d.key.contains(text))
            return true;
    }
    return false;
}

QString seedFile(const char* name)
{
    return QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/data/seeds/") + QLatin1StringView(name);
}

Env seedEnv()
{
    Env env;
    QFile file(seedFile("seed-000.env"));
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : file.readAll().split('\n')) {
            const qsizetype eq = line.indexOf('=');
            if (eq > 0)
                env.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
        }
    }
    return env;
}

const Deployment* first(const GatewayConfig& c, const QString& group)
{
    const auto list = c.deploymentsOf(group);
    return list.isEmpty() ? nullptr : list.first();
}

} // namespace

class TestConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    void everyModelKey()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: llama\n"
                                "    litellm_params:\n"
                                "      model: hosted_vllm/meta-llama/Llama-3.1-8B\n"
                                "      api_base: http://10.0.0.5:8000/v1\n"
                                "      api_key: sk-vllm\n"
                                "      rpm: 600\n"
                                "      tpm: 120000\n"
                                "      weight: 2.5\n"
                                "      order: 2\n"
                                "      timeout: 30\n"
                                "      stream_timeout: 5\n"
                                "      max_retries: 1\n"
                                "      max_parallel_requests: 8\n"
                                "      input_cost_per_token: 0.000001\n"
                                "      output_cost_per_token: 0.000002\n"
                                "      temperature: 0.2\n"
                                "      stop: [\"###\"]\n"
                                "      response_format: {type: json_object}\n"
                                "    model_info:\n"
                                "      id: llama-vllm-1\n"
                                "      max_input_tokens: 131072\n"
                                "      backend: vllm\n"
                                "      description: the big one\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().value(0).toString()));
        const Deployment& d = r.config->deployments.first();
        QCOMPARE(d.provider, QString("hosted_vllm"));
        QCOMPARE(d.backend, BackendKind::Vllm);
        QCOMPARE(d.backendModel, QString("meta-llama/Llama-3.1-8B"));
        QCOMPARE(d.apiKey, QString("sk-vllm"));
        QCOMPARE(d.authHeaders.value(0).second, QByteArray("Bearer sk-vllm"));
        QCOMPARE(d.rpm, 600);
        QCOMPARE(d.tpm, 120000);
        QCOMPARE(d.weight, 2.5);
        QCOMPARE(d.order, 2);
        QCOMPARE(d.timeout.count(), 30000);
        QCOMPARE(d.streamTimeout.count(), 5000);
        QCOMPARE(d.maxRetries, 1);
        QCOMPARE(d.maxParallelRequests, 8);
        QCOMPARE(d.inputCostPerToken, 0.000001);
        QCOMPARE(d.outputCostPerToken, 0.000002);
        QCOMPARE(d.id, QString("llama-vllm-1"));
        QCOMPARE(d.maxInputTokens, 131072);
        QCOMPARE(d.modelInfo.value("description").toString(), QString("the big one"));
        const QList<QPair<QByteArray, QByteArray>> params{
            {"temperature", "0.2"}, {"stop", "[\"###\"]"}, {"response_format", "{\"type\":\"json_object\"}"}};
        QCOMPARE(d.defaultParams, params);
    }

    void everySettingsKey()
    {
        QTemporaryDir dir;
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: a\n    litellm_params: {model: openai/a, api_base: 'http://h:1/v1'}\n"
                                "  - model_name: b\n    litellm_params: {model: openai/b, api_base: 'http://h:1/v1'}\n"
                                "router_settings:\n"
                                "  routing_strategy: latency-based-routing\n"
                                "  num_retries: 3\n"
                                "  timeout: 45\n"
                                "  allowed_fails: 5\n"
                                "  cooldown_time: 30\n"
                                "  enable_pre_call_checks: true\n"
                                "  session_affinity: true\n"
                                "  queue_size: 20\n"
                                "  queue_timeout: 10\n"
                                "  fallbacks: [{a: [b]}]\n"
                                "  context_window_fallbacks: [{a: b}]\n"
                                "  default_fallbacks: [b]\n"
                                "  model_group_alias: {gpt-4: a}\n"
                                "  redis_host: 127.0.0.1\n"
                                "  redis_port: 6380\n"
                                "  redis_password: pw\n"
                                "litellm_settings:\n"
                                "  request_timeout: 90\n"
                                "  cache: true\n"
                                "  cache_params: {type: redis, host: r1, port: 6390, ttl: 120, namespace: sy}\n"
                                "general_settings:\n"
                                "  master_key: sk-m\n"
                                "  database_url: postgresql://u:p@db:5432/switchyard\n"
                                "  health_check_interval: 15\n"
                                "  background_health_checks: false\n"
                                "  allowed_ips: [10.1.2.3]\n"
                                "  max_request_size_mb: 8\n"
                                "  max_parallel_requests: 50\n"
                                "gateway:\n"
                                "  host: '::'\n"
                                "  port: 4100\n"
                                "  allowed_ips: [100.64.0.0/10, 192.168.1.0/24]\n"
                                "  cors: [\"http://localhost:3000\"]\n"
                                "  max_connections: 10\n"
                                "  drain_timeout: 3\n";
        const auto r = loader().loadYaml(yaml, dir.filePath("c.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().value(0).toString()));
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.routing.strategy, QString("latency-based-routing"));
        QCOMPARE(c.routing.numRetries, 3);
        QCOMPARE(c.routing.allowedFails, 5);
        QCOMPARE(c.routing.cooldownTime.count(), 30000);
        QVERIFY(c.routing.enablePreCallChecks);
        QVERIFY(c.routing.sessionAffinity);
        QCOMPARE(c.routing.queueSize, 20);
        QCOMPARE(c.routing.queueTimeout.count(), 10000);
        QCOMPARE(c.routing.fallbacks.first().group, QString("a"));
        QCOMPARE(c.routing.fallbacks.first().fallbacks, QStringList{"b"});
        QCOMPARE(c.routing.contextWindowFallbacks.first().fallbacks, QStringList{"b"});
        QCOMPARE(c.routing.defaultFallbacks, QStringList{"b"});
        QCOMPARE(c.routing.modelGroupAlias.value("gpt-4"), QString("a"));
        QCOMPARE(c.routing.redis.host, QString("127.0.0.1"));
        QCOMPARE(c.routing.redis.port, 6380);
        QCOMPARE(c.routing.redis.password, QString("pw"));
        // litellm_settings.request_timeout (read after router_settings.timeout) becomes every deployment's default.
        QCOMPARE(c.deployments.first().timeout.count(), 90000);
        QVERIFY(c.cache.enabled);
        QCOMPARE(c.cache.type, QString("redis"));
        QCOMPARE(c.cache.redis.host, QString("r1"));
        QCOMPARE(c.cache.ttl.count(), 120000);
        QCOMPARE(c.cache.ns, QString("sy"));
        QCOMPARE(c.masterKey, QString("sk-m"));
        QCOMPARE(c.storage.databaseUrl, QString("postgresql://u:p@db:5432/switchyard"));
        QCOMPARE(c.health.interval.count(), 15000);
        QVERIFY(!c.health.background);
        QCOMPARE(c.limits.maxBodyBytes, 8 * 1024 * 1024);
        QCOMPARE(c.maxParallelRequests, 50);
        QCOMPARE(c.listen.host, QString("::"));
        QCOMPARE(c.listen.port, 4100);
        QCOMPARE(c.access.allowedSubnets.size(), 3);
        QVERIFY(c.access.allows(QHostAddress("100.101.1.2")));
        QVERIFY(c.access.allows(QHostAddress("::ffff:192.168.1.7")));
        QVERIFY(c.access.allows(QHostAddress("10.1.2.3")));
        QVERIFY(!c.access.allows(QHostAddress("10.1.2.4")));
        QCOMPARE(c.cors.allowOriginFor("http://localhost:3000"), QByteArray("http://localhost:3000"));
        QVERIFY(c.cors.allowOriginFor("http://evil.example").isEmpty());
        QCOMPARE(c.limits.maxConnections, 10);
        QCOMPARE(c.limits.drainTimeout.count(), 3000);
    }

    void providerPrefixes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("backendModel");
        QTest::addColumn<QString>("apiBase");
        QTest::newRow("openai") << "openai/gpt-4o"
                                << "openai"
                                << "gpt-4o"
                                << "https://api.openai.com/v1";
        QTest::newRow("lm_studio") << "lm_studio/qwen"
                                   << "lm_studio"
                                   << "qwen"
                                   << "http://localhost:1234/v1";
        QTest::newRow("ollama") << "ollama/llama3.2"
                                << "ollama"
                                << "llama3.2"
                                << "http://localhost:11434/v1";
        QTest::newRow("ollama_chat") << "ollama_chat/llama3.2"
                                     << "ollama_chat"
                                     << "llama3.2"
                                     << "http://localhost:11434/v1";
        QTest::newRow("openrouter") << "openrouter/openai/gpt-4o"
                                    << "openrouter"
                                    << "openai/gpt-4o"
                                    << "https://openrouter.ai/api/v1";
        QTest::newRow("groq") << "groq/llama-3.3-70b"
                              << "groq"
                              << "llama-3.3-70b"
                              << "https://api.groq.com/openai/v1";
        QTest::newRow("gemini") << "gemini/gemini-2.0-flash"
                                << "gemini"
                                << "gemini-2.0-flash"
                                << "https://generativelanguage.googleapis.com/v1beta/openai";
        // Names LiteLLM knows to be OpenAI's need no prefix.
        for (const char* name : {"gpt-4o-mini",
                                 "chatgpt-4o-latest",
                                 "o1",
                                 "o3-mini",
                                 "o4-mini",
                                 "dall-e-3",
                                 "whisper-1",
                                 "tts-1",
                                 "tts-1-hd",
                                 "text-embedding-ada-002",
                                 "text-embedding-3-small"}) {
            QTest::newRow(name) << name << "openai" << name << "https://api.openai.com/v1";
        }
    }

    void providerPrefixes()
    {
        QFETCH(QString, model);
        QFETCH(QString, provider);
        QFETCH(QString, backendModel);
        QFETCH(QString, apiBase);
        const auto r = loader().loadYaml(
            "model_list:\n  - model_name: m\n    litellm_params: {model: " + model.toUtf8() + "}\n", "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments.first().provider, provider);
        QCOMPARE(r.config->deployments.first().backendModel, backendModel);
        QCOMPARE(r.config->deployments.first().apiBaseText, apiBase);
    }

    void notYetSupportedProvidersAreSkippedWithAWarning()
    {
        const auto r = loader().loadYaml("model_list:\n  - model_name: c\n    litellm_params:\n      model: "
                                         "bedrock/anthropic.claude-3-5-sonnet\n",
                                         "c.yaml");
        QVERIFY(r.ok());
        QVERIFY(r.config->deployments.isEmpty());
        QVERIFY(r.warnings().first().message.contains("provider \"bedrock\" is not supported yet"));
        QCOMPARE(r.warnings().first().line, 4);
        // Remembered, so a request for it is told why rather than "does not exist".
        QVERIFY(r.config->unsupportedGroups.value("c").contains("bedrock"));
    }

    void anthropicSpeaksMessagesWithItsKeyHeaderAndPrices()
    {
        QHash<QString, QString> env{{"ANTHROPIC_API_KEY", "sk-ant-env"}};
        const auto r = loader(env).loadYaml("model_list:\n"
                                            "  - model_name: sonnet\n    litellm_params:\n"
                                            "      model: anthropic/claude-3-5-sonnet-20241022\n"
                                            "  - model_name: local\n    litellm_params:\n"
                                            "      model: openai/qwen\n      api_base: http://127.0.0.1:8080/v1\n"
                                            "    model_info:\n      dialects: [openai, messages]\n",
                                            "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& a = r.config->deployments[0];
        QCOMPARE(a.provider, QString("anthropic"));
        QCOMPARE(a.apiBaseText, QString("https://api.anthropic.com/v1"));
        QVERIFY(a.speaks(Dialect::Anthropic) && !a.speaks(Dialect::OpenAi));
        QCOMPARE(a.authHeaders.value(0).first, QByteArray("x-api-key")); // Anthropic's header, from the usual variable
        QCOMPARE(a.authHeaders.value(0).second, QByteArray("sk-ant-env"));
        QCOMPARE(a.inputCostPerToken, 3e-6); // the built-in price table
        QCOMPARE(a.outputCostPerToken, 15e-6);
        const Deployment& l = r.config->deployments[1];
        QVERIFY(l.speaks(Dialect::Anthropic) && l.speaks(Dialect::OpenAi)); // model_info.dialects
        QCOMPARE(l.inputCostPerToken, 0.0); // local models are never priced from the table
        QVERIFY(l.authHeaders.isEmpty()); // and never get a provider's key
        const auto bad = loader().loadYaml("model_list:\n  - model_name: x\n    litellm_params:\n"
                                           "      model: openai/q\n      api_base: http://h/v1\n"
                                           "    model_info:\n      dialects: [klingon]\n",
                                           "c.yaml");
        QVERIFY(!bad.ok());
        QVERIFY(bad.errorText().contains("dialects"));
    }

    void unsupportedProvidersNeverFailTheFile_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("says");
        QTest::newRow("oci") << "oci/cohere.command-r"
                             << "provider \"oci\" is not supported yet";
        QTest::newRow("text-completion-openai") << "text-completion-openai/gpt-3.5-turbo-instruct"
                                                << "provider \"text-completion-openai\"";
        QTest::newRow("bedrock") << "bedrock/anthropic.claude-instant-v1"
                                 << "provider \"bedrock\"";
        QTest::newRow("vertex_ai") << "vertex_ai/gemini-pro"
                                   << "provider \"vertex_ai\"";
        QTest::newRow("not a provider") << "mistralai/mistral-7b-instruct"
                                        << "unknown provider \"mistralai\"";
        QTest::newRow("LiteLLM-internal") << "auto_router/oracle_router"
                                          << "provider \"auto_router\"";
        QTest::newRow("no prefix, no api_base") << "mystery-model"
                                                << "add a prefix such as openai/, anthropic/";
    }

    void unsupportedProvidersNeverFailTheFile()
    {
        QFETCH(QString, model);
        QFETCH(QString, says);
        const QByteArray yaml = "model_list:\n  - model_name: m\n    litellm_params:\n      model: " + model.toUtf8()
            + "\n      api_key: k\n      aws_region_name: us-east-1\n  - model_name: ok\n    litellm_params: "
              "{model: lm_studio/qwen}\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments.size(), 1); // the file's other entries still load
        QCOMPARE(r.warnings().size(), 1); // one clear warning for the entry, nothing about its keys
        QVERIFY2(r.warnings().first().message.contains(says), qPrintable(r.warnings().first().message));
        QVERIFY(r.warnings().first().message.contains("this entry is skipped"));
        QCOMPARE(r.warnings().first().line, 4);
        QVERIFY(r.config->unsupportedGroups.contains("m"));
    }

    void bareClaudeNamesAreAnthropics()
    {
        // LiteLLM infers the provider from a bare claude name; Anthropic is served, not skipped.
        const auto r = loader().loadYaml(
            "model_list:\n  - model_name: c\n    litellm_params: {model: claude-3-5-sonnet-20240620, api_key: k}\n",
            "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments.size(), 1);
        const Deployment& d = r.config->deployments.first();
        QCOMPARE(d.provider, QString("anthropic"));
        QCOMPARE(d.modelFor(QStringLiteral("c")), QString("claude-3-5-sonnet-20240620"));
        QVERIFY(d.speaks(Dialect::Anthropic));
        QVERIFY(!r.config->unsupportedGroups.contains("c"));
    }

    void sameModelWithSeveralKeysIsSeveralDeployments()
    {
        // LiteLLM's usual way to spread load over keys: entries alike but for api_key, rpm, ….
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-key-one}\n"
                                "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-key-two}\n"
                                "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-key-two, "
                                "rpm: 10}\n"
                                "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-key-two, "
                                "weight: 2}\n"
                                "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-key-two, "
                                "order: 2}\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QSet<QString> ids;
        for (const Deployment& d : r.config->deployments) {
            ids.insert(d.id);
            QVERIFY(!d.id.contains("sk-key")); // the key is hashed, never shown
            QCOMPARE(d.id.size(), 16);
        }
        QCOMPARE(ids.size(), 5);
        QCOMPARE(r.config->deploymentsOf("gpt-4o").size(), 5);
        // The same file gives the same ids: they label metrics and keep state across reloads.
        QCOMPARE(loader().loadYaml(yaml, "c.yaml").config->deployments.first().id, r.config->deployments.first().id);
    }

    void azureVersionsMakeDistinctDeployments()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: g\n    litellm_params: {model: azure/gpt-4o, api_base: "
                                "'https://a.openai.azure.com', api_key: k, api_version: '2024-06-01'}\n"
                                "  - model_name: g\n    litellm_params: {model: azure/gpt-4o, api_base: "
                                "'https://a.openai.azure.com', api_key: k, api_version: '2024-10-21'}\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments.size(), 2);
        QVERIFY(r.config->deployments[0].id != r.config->deployments[1].id);
    }

    void anExactRepeatIsIgnoredWithAWarning()
    {
        const QByteArray entry = "  - model_name: gpt-4o\n    litellm_params: {model: gpt-4o, api_key: sk-a}\n";
        const auto r = loader().loadYaml("model_list:\n" + entry + entry, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments.size(), 1);
        QVERIFY(hasWarningContaining(r, "repeats model_list[0] exactly"));
    }

    void azureServesOpenAisApiUnderDeploymentPaths()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: gpt-4o\n"
                                "    litellm_params:\n"
                                "      model: azure/gpt-4o-eu\n"
                                "      api_base: https://my-endpoint-europe.openai.azure.com/\n"
                                "      api_version: \"2024-08-01-preview\"\n"
                                "      api_key: os.environ/AZURE_API_KEY_EU\n"
                                "      tpm: 20_000\n";
        const auto r = loader({{"AZURE_API_KEY_EU", "azure-secret"}}).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& d = r.config->deployments.first();
        QCOMPARE(d.provider, QString("azure"));
        QCOMPARE(d.origin.host, QString("my-endpoint-europe.openai.azure.com"));
        QCOMPARE(d.basePath, QByteArray("/openai/deployments/gpt-4o-eu"));
        QCOMPARE(d.query, QByteArray("?api-version=2024-08-01-preview"));
        QCOMPARE(d.authHeaders, (QList<QPair<QByteArray, QByteArray>>{{"api-key", "azure-secret"}}));
        QCOMPARE(d.tpm, 20000); // YAML 1.1's digit separators, as LiteLLM's examples write them
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().value(0).toString()));
    }

    void azureFollowsLiteLLMsEnvironmentAndDefaults()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: a\n    litellm_params: {model: azure/o_series/my-o3}\n"
                                "  - model_name: b\n    litellm_params: {model: azure_text/instruct, "
                                "azure_ad_token: eyJ0eXAi}\n";
        const Env env{{"AZURE_API_BASE", "https://res.openai.azure.com/openai"}, {"AZURE_API_KEY", "env-key"}};
        auto r = loader(env).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& a = r.config->deployments[0];
        QCOMPARE(a.basePath, QByteArray("/openai/deployments/my-o3")); // "/openai" is not doubled
        QCOMPARE(a.query, QByteArray("?api-version=2024-10-21"));
        QCOMPARE(a.authHeaders.value(0), (QPair<QByteArray, QByteArray>{"api-key", "env-key"}));
        const Deployment& b = r.config->deployments[1];
        QCOMPARE(b.basePath, QByteArray("/openai/deployments/instruct"));
        QCOMPARE(b.authHeaders.value(0).first, QByteArray("api-key")); // the key wins over the token
        r = loader({{"AZURE_API_BASE", "https://res.openai.azure.com"}, {"AZURE_API_VERSION", "2025-01-01"}})
                .loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments[0].query, QByteArray("?api-version=2025-01-01"));
        QCOMPARE(r.config->deployments[1].authHeaders,
                 (QList<QPair<QByteArray, QByteArray>>{{"authorization", "Bearer eyJ0eXAi"}}));
    }

    void azureWildcardsAreSkipped()
    {
        const auto r = loader().loadYaml("model_list:\n  - model_name: '*'\n    litellm_params: {model: azure/*, "
                                         "api_base: https://a.openai.azure.com, api_key: k}\n",
                                         "c.yaml");
        QVERIFY(r.ok());
        QVERIFY(r.config->deployments.isEmpty());
        QVERIFY(hasWarningContaining(r, "Azure routes by deployment name"));
    }

    void geminiUsesGooglesOpenAiEndpoint()
    {
        const auto r = loader({{"GEMINI_API_KEY", "AIza-test"}})
                           .loadYaml("model_list:\n  - model_name: g\n    litellm_params: {model: gemini/gemini-pro}\n",
                                     "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& d = r.config->deployments.first();
        QCOMPARE(d.origin.host, QString("generativelanguage.googleapis.com"));
        QCOMPARE(d.basePath, QByteArray("/v1beta/openai"));
        QCOMPARE(d.authHeaders.value(0).second, QByteArray("Bearer AIza-test"));
    }

    void providerKeysComeFromTheEnvironmentOnlyForTheProvidersAddress()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\n"
                                "  - model_name: b\n    litellm_params: {model: openai/qwen, api_base: "
                                "http://127.0.0.1:1234/v1}\n";
        const auto r = loader({{"OPENAI_API_KEY", "sk-openai"}}).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments[0].apiKey, QString("sk-openai"));
        QVERIFY(r.config->deployments[1].authHeaders.isEmpty()); // never an OpenAI key to a local server
        const auto unset = loader().loadYaml(yaml, "c.yaml");
        QVERIFY(hasWarningContaining(unset, "OPENAI_API_KEY is not set"));
    }

    void theCatchAllPassesAnyNameToOpenAi()
    {
        const auto r
            = loader({{"OPENAI_API_KEY", "sk-openai"}})
                  .loadYaml("model_list:\n  - model_name: \"*\"\n    litellm_params:\n      model: \"*\"\n", "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& d = r.config->deployments.first();
        QVERIFY(d.wildcard);
        QVERIFY(d.passThrough);
        QCOMPARE(d.provider, QString("openai"));
        QCOMPARE(d.apiBaseText, QString("https://api.openai.com/v1"));
        QCOMPARE(d.apiKey, QString("sk-openai"));
        QCOMPARE(r.config->deploymentsOf("claude-3-haiku").value(0), &d);
        QCOMPARE(d.modelFor("gpt-4.1-nano"), QString("gpt-4.1-nano"));
        QVERIFY(r.config->groupNames().isEmpty());
    }

    void wildcardsPassThroughUnlessALocalServerListsItsModels_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<bool>("passThrough");
        QTest::newRow("openai/*, OpenAI") << QByteArray("{model: openai/*, api_key: k}") << true;
        QTest::newRow("groq/*") << QByteArray("{model: groq/*, api_key: k}") << true;
        QTest::newRow("lm_studio/*, local") << QByteArray("{model: lm_studio/*}") << false;
        QTest::newRow("openai/*, LAN") << QByteArray("{model: openai/*, api_base: http://192.168.1.9:8080/v1}")
                                       << false;
        QTest::newRow("bare *, local") << QByteArray("{model: '*', api_base: http://127.0.0.1:8080/v1}") << true;
    }

    void wildcardsPassThroughUnlessALocalServerListsItsModels()
    {
        QFETCH(QByteArray, entry);
        QFETCH(bool, passThrough);
        const auto r
            = loader().loadYaml("model_list:\n  - model_name: '*'\n    litellm_params: " + entry + "\n", "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QVERIFY(r.config->deployments.first().wildcard);
        QCOMPARE(r.config->deployments.first().passThrough, passThrough);
    }

    void patternsRouteAsInLiteLLMsDocs()
    {
        const auto r = loader().loadYaml("model_list:\n"
                                         "  - model_name: \"fo::*:static::*\"\n"
                                         "    litellm_params: {model: \"openai/fo::*:static::*\", api_key: k}\n"
                                         "  - model_name: \"groq/*\"\n"
                                         "    litellm_params: {model: \"groq/*\", api_key: k}\n",
                                         "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment* fo = r.config->deploymentsOf("fo::hi::static::hi").value(0);
        QVERIFY(fo);
        QCOMPARE(fo->modelFor("fo::hi::static::hi"), QString("fo::hi::static::hi"));
        const Deployment* groq = r.config->deploymentsOf("groq/llama3-8b-8192").value(0);
        QVERIFY(groq);
        QCOMPARE(groq->provider, QString("groq"));
        QCOMPARE(groq->modelFor("groq/llama3-8b-8192"), QString("llama3-8b-8192"));
        QVERIFY(r.config->deploymentsOf("other").isEmpty());
    }

    void aPatternNameForOneModelServesEveryMatchingName()
    {
        // The README's Claude Code recipe: any claude-* name Claude Code asks for, one local model.
        const auto r
            = loader().loadYaml("model_list:\n"
                                "  - model_name: local-coder\n"
                                "    litellm_params: {model: openai/qwen, api_base: http://127.0.0.1:1234/v1}\n"
                                "  - model_name: \"claude-*\"\n"
                                "    litellm_params: {model: openai/qwen-any, api_base: http://127.0.0.1:1234/v1}\n",
                                "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment* any = r.config->deploymentsOf("claude-opus-4-8").value(0);
        QVERIFY(any);
        QCOMPARE(any->modelFor("claude-opus-4-8"), QString("qwen-any"));
        QCOMPARE(r.config->deploymentsOf("local-coder").value(0)->backendModel, QString("qwen"));
        QVERIFY(r.config->deploymentsOf("gpt-4o").isEmpty());
        QVERIFY(r.config->deploymentsOf("claude-*").value(0) == any); // the pattern matches itself
    }

    void credentialListFillsInTheEntry()
    {
        const QByteArray yaml = "model_list:\n"
                                "  - model_name: gpt-4o\n"
                                "    litellm_params:\n"
                                "      model: azure/gpt-4o\n"
                                "      litellm_credential_name: default_azure_credential\n"
                                "credential_list:\n"
                                "  - credential_name: default_azure_credential\n"
                                "    credential_values:\n"
                                "      api_key: os.environ/AZURE_API_KEY\n"
                                "      api_base: https://cred.openai.azure.com/\n"
                                "      api_version: \"2023-05-15\"\n"
                                "    credential_info:\n"
                                "      description: \"Production credentials for EU region\"\n";
        const auto r = loader({{"AZURE_API_KEY", "from-credential"}}).loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const Deployment& d = r.config->deployments.first();
        QCOMPARE(d.origin.host, QString("cred.openai.azure.com"));
        QCOMPARE(d.query, QByteArray("?api-version=2023-05-15"));
        QCOMPARE(d.authHeaders.value(0).second, QByteArray("from-credential"));
    }

    void extraHeadersAndOrganizationAreSent()
    {
        const auto r = loader().loadYaml("model_list:\n  - model_name: o\n    litellm_params:\n"
                                         "      model: openai/gpt-4o\n"
                                         "      api_key: sk-123\n"
                                         "      organization: org-ikDc4ex8NB\n"
                                         "      extra_headers: {\"AI-Resource Group\": \"x\", X-Team: blue}\n",
                                         "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const auto& headers = r.config->deployments.first().authHeaders;
        QVERIFY(headers.contains(QPair<QByteArray, QByteArray>("openai-organization", "org-ikDc4ex8NB")));
        QVERIFY(headers.contains(QPair<QByteArray, QByteArray>("x-team", "blue")));
        QVERIFY(hasWarningContaining(r, "extra_headers.AI-Resource Group")); // a space is no header name
        QVERIFY(r.config->deployments.first().defaultParams.isEmpty()); // neither goes in the body
    }

    void costBasedRoutingAndHiddenAliases()
    {
        const auto r = loader().loadYaml("router_settings:\n"
                                         "  routing_strategy: cost-based-routing\n"
                                         "  model_group_alias:\n"
                                         "    gpt-4: gpt-4o\n"
                                         "    \"GPT-3.5-turbo\":\n"
                                         "      model: \"gpt-3.5-turbo\"\n"
                                         "      hidden: true\n",
                                         "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->routing.strategy, QString("cost-based-routing"));
        QCOMPARE(r.config->routing.modelGroupAlias.value("gpt-4"), QString("gpt-4o"));
        QCOMPARE(r.config->routing.modelGroupAlias.value("GPT-3.5-turbo"), QString("gpt-3.5-turbo"));
        QVERIFY(r.config->routing.hiddenAliases.contains("GPT-3.5-turbo"));
        QVERIFY(!r.config->routing.hiddenAliases.contains("gpt-4"));
    }

    void aBadDatabaseUrlShowsWhatWasWritten()
    {
        const auto r = loader().loadYaml(
            "general_settings:\n  database_url: mysql://admin:hunter2@db.internal:3306/litellm\n", "c.yaml");
        QVERIFY(!r.ok());
        const QString says = r.errorText();
        QVERIFY2(says.contains("got \"mysql://admin:****@db.internal:3306/litellm\""), qPrintable(says));
        QVERIFY2(!says.contains("hunter2"), qPrintable(says));
    }

    void wildcardTemplates()
    {
        const auto r = loader().loadYaml("model_list:\n"
                                         "  - model_name: '*'\n    litellm_params: {model: lm_studio/*}\n"
                                         "  - model_name: 'ollama/*'\n    litellm_params: {model: ollama/*}\n",
                                         "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QVERIFY(r.config->deployments[0].wildcard);
        QCOMPARE(r.config->deployments[0].wildcardGroupPrefix, QString());
        QCOMPARE(r.config->deployments[1].wildcardGroupPrefix, QString("ollama/"));
        QVERIFY(r.config->groupNames().isEmpty()); // templates are not groups themselves
    }

    void secretsExpand()
    {
        const QByteArray yaml
            = "environment_variables:\n"
              "  LMSTUDIO_B: http://127.0.0.1:1235/v1\n"
              "model_list:\n"
              "  - model_name: a\n"
              "    litellm_params: {model: openai/m, api_base: '${LMSTUDIO_A}', api_key: os.environ/KEY}\n"
              "  - model_name: b\n"
              "    litellm_params: {model: openai/m, api_base: '${LMSTUDIO_B}', api_key: keychain/openrouter}\n"
              "general_settings:\n"
              "  master_key: \"sk-${SUFFIX}\"\n";
        const auto r = loader({{"LMSTUDIO_A", "http://127.0.0.1:1234/v1"}, {"KEY", "secret"}, {"SUFFIX", "xyz"}},
                              {{"openrouter", "sk-or-from-keychain"}})
                           .loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->deployments[0].apiBaseText, QString("http://127.0.0.1:1234/v1"));
        QCOMPARE(r.config->deployments[0].apiKey, QString("secret"));
        QCOMPARE(r.config->deployments[1].origin.port, 1235);
        QCOMPARE(r.config->deployments[1].apiKey, QString("sk-or-from-keychain"));
        QCOMPARE(r.config->masterKey, QString("sk-xyz"));
    }

    void unsetEnvironmentIsAWarningExceptForTheMasterKey()
    {
        const auto a
            = loader().loadYaml("model_list:\n  - model_name: a\n    litellm_params: {model: openai/m, api_base: "
                                "'http://h/v1', api_key: '${MISSING}'}\n",
                                "c.yaml");
        QVERIFY(a.ok());
        QVERIFY(has(a, ConfigDiagnostic::Severity::Warning, "model_list[0].litellm_params.api_key", 3));
        const auto b = loader().loadYaml("general_settings:\n  master_key: os.environ/MISSING\n", "c.yaml");
        QVERIFY(!b.ok());
        QVERIFY(has(b, ConfigDiagnostic::Severity::Error, "general_settings.master_key", 2));
    }

    void missingKeychainItemIsAnError()
    {
        const auto r = loader().loadYaml("general_settings:\n  master_key: keychain/nope\n", "c.yaml");
        QVERIFY(!r.ok());
        QVERIFY(r.errorText().contains("cannot read \"nope\" from the keychain: no such item"));
    }

    void includeAddsModelLists()
    {
        QTemporaryDir dir;
        QFile part(dir.filePath("models.yaml"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(
            "model_list:\n  - model_name: extra\n    litellm_params: {model: openai/x, api_base: 'http://h/v1'}\n"
            "router_settings: {}\n");
        part.close();
        const auto r
            = loader().loadYaml("include: [models.yaml]\nmodel_list:\n  - model_name: main\n    litellm_params: "
                                "{model: openai/y, api_base: 'http://h/v1'}\n",
                                dir.filePath("config.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.config->groupNames(), (QStringList{"main", "extra"}));
        QCOMPARE(r.config->includedFiles, QStringList{dir.filePath("models.yaml")});
        QVERIFY(
            has(r, ConfigDiagnostic::Severity::Warning, "router_settings", 4)); // only model_list is read from includes
        QCOMPARE(r.warnings().first().file, dir.filePath("models.yaml"));
    }

    void errorsNameFileLineColumnAndKey_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("line");
        const QByteArray entry = "model_list:\n  - model_name: a\n    litellm_params:\n";
        QTest::newRow("missing model") << entry + "      api_base: http://h/v1\n"
                                       << "model_list[0].litellm_params.model" << 4;
        QTest::newRow("bad url") << entry + "      model: openai/x\n      api_base: ftp://nope\n"
                                 << "model_list[0].litellm_params.api_base" << 5;
        QTest::newRow("missing api_base") << entry + "      model: hosted_vllm/x\n"
                                          << "model_list[0].litellm_params.api_base" << 4;
        QTest::newRow("bad timeout type") << entry + "      model: openai/x\n      timeout: soon\n"
                                          << "model_list[0].litellm_params.timeout" << 5;
        QTest::newRow("list where a number goes") << entry + "      model: openai/x\n      rpm: [1]\n"
                                                  << "model_list[0].litellm_params.rpm" << 5;
        QTest::newRow("map where a list goes") << QByteArray("model_list: {a: 1}\n") << "model_list" << 1;
        QTest::newRow("bad port") << QByteArray("gateway:\n  port: 99999\n") << "gateway.port" << 2;
        QTest::newRow("bad host") << QByteArray("gateway:\n  host: my-laptop\n") << "gateway.host" << 2;
        QTest::newRow("bad cidr") << QByteArray("gateway:\n  allowed_ips: [10.0.0.0/99]\n") << "gateway.allowed_ips[0]"
                                  << 2;
        QTest::newRow("bad strategy") << QByteArray("router_settings:\n  routing_strategy: fastest\n")
                                      << "router_settings.routing_strategy" << 2;
        QTest::newRow("bad alias") << QByteArray("router_settings:\n  model_group_alias: {a: [b]}\n")
                                   << "router_settings.model_group_alias.a" << 2;
        QTest::newRow("unknown credential") << entry + "      model: azure/x\n      litellm_credential_name: nope\n"
                                            << "model_list[0].litellm_params.litellm_credential_name" << 5;
        QTest::newRow("azure without api_base") << entry + "      model: azure/gpt-4o\n"
                                                << "model_list[0].litellm_params.api_base" << 4;
        QTest::newRow("bad fallbacks") << QByteArray("router_settings:\n  fallbacks: [a, b]\n")
                                       << "router_settings.fallbacks[0]" << 2;
        QTest::newRow("tls half configured") << QByteArray("gateway:\n  cert: /x.pem\n") << "gateway.key" << 2;
        QTest::newRow("unreadable cert") << QByteArray("gateway:\n  cert: /nope/cert.pem\n  key: /nope/key.pem\n")
                                         << "gateway.cert" << 2;
        QTest::newRow("missing include") << QByteArray("include: [/nope/more.yaml]\n") << "include[0]" << 1;
        QTest::newRow("wildcard model under a plain name") << entry + "      model: lm_studio/*\n"
                                                           << "model_list[0].litellm_params.model" << 4;
        QTest::newRow("duplicate ids") << QByteArray("model_list:\n"
                                                     "  - model_name: a\n    litellm_params: {model: openai/x}\n"
                                                     "    model_info: {id: same}\n"
                                                     "  - model_name: b\n    litellm_params: {model: openai/y}\n"
                                                     "    model_info: {id: same}\n")
                                       << "model_list[1]" << 5;
    }

    void errorsNameFileLineColumnAndKey()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, key);
        QFETCH(int, line);
        const auto r = loader().loadYaml(yaml, "conf.yaml");
        QVERIFY(!r.ok());
        QVERIFY2(has(r, ConfigDiagnostic::Severity::Error, key, line), qPrintable(r.errorText()));
        QVERIFY(r.errorText().startsWith("conf.yaml:"));
        QVERIFY(r.errors().first().column > 0);
        QVERIFY(!r.errors().first().message.isEmpty());
    }

    void yamlSyntaxErrorIsLocated()
    {
        const auto r = loader().loadYaml("model_list:\n  - model_name: [unclosed\n", "broken.yaml");
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QVERIFY(r.errors().first().line >= 2);
        QVERIFY(r.errorText().contains("not valid YAML"));
    }

    // yaml-cpp builds these trees; walking them overflowed the stack (found by FuzzConfigLoader).
    void anAliasInsideItsOwnAnchorIsRefused()
    {
        const auto r = loader().loadYaml("model_list:\n  - model_name: a\n    litellm_params: &base\n"
                                         "      model: openai/x\n      extra: {<<: *base, order: 2}\n",
                                         "loop.yaml");
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QVERIFY2(r.errorText().contains("nest more than 64 levels"), qPrintable(r.errorText()));
        QVERIFY(r.errorText().startsWith("loop.yaml:"));
    }

    // PyYAML applies YAML 1.1 merge keys; LiteLLM files may use them.
    void mergeKeysAsInPyYaml()
    {
        const auto r
            = loader().loadYaml("x-defaults: &defaults {timeout: 30, rpm: 60}\n"
                                "x-local: &local {api_base: \"http://h:1/v1\", rpm: 5}\n"
                                "model_list:\n"
                                "  - model_name: a\n"
                                "    litellm_params: {<<: [*local, *defaults], model: openai/x}\n"
                                "  - model_name: b\n"
                                "    litellm_params:\n"
                                "      <<: *local\n"
                                "      model: openai/y\n"
                                "      api_base: http://h:2/v1\n"
                                "  - model_name: c\n"
                                "    litellm_params: {\"<<\": 1, model: openai/z, api_base: \"http://h:3/v1\"}\n",
                                "merge.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const QList<Deployment>& d = r.config->deployments;
        QCOMPARE(d.size(), 3);
        QCOMPARE(d[0].apiBase.toString(), QStringLiteral("http://h:1/v1"));
        QCOMPARE(d[0].rpm, 5); // the first map named wins over the later one
        QCOMPARE(d[0].timeout, std::chrono::milliseconds(30000)); // and the later one fills what it lacks
        QCOMPARE(d[1].apiBase.toString(), QStringLiteral("http://h:2/v1")); // the map's own key wins
        QCOMPARE(d[1].rpm, 5);
        bool quotedKeyWarned = false; // quoted, "<<" is a plain key: an unknown parameter
        for (const ConfigDiagnostic& w : r.warnings())
            quotedKeyWarned = quotedKeyWarned || w.key.contains(QStringLiteral("<<"));
        QVERIFY(quotedKeyWarned);
    }

    void aliasesThatMultiplyAreRefused()
    {
        QByteArray yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i)
            yaml += QByteArray("a%1: &a%1 [").replace("%1", QByteArray::number(i))
                + QByteArray("*a%1, ").repeated(10).replace("%1", QByteArray::number(i - 1)).chopped(2) + "]\n";
        const auto r = loader().loadYaml(yaml, "laughs.yaml");
        QVERIFY(!r.ok());
        QVERIFY2(r.errorText().contains("more than 250000 values"), qPrintable(r.errorText()));
    }

    void yamlErrorsNameWhereTheOpenBracketOrQuoteBegan_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line"); // where the parser gave up
        QTest::addColumn<QString>("says");
        QTest::newRow("flow sequence") << QByteArray(
            "model_list:\n  - model_name: [a, b\n    litellm_params: {model: x}\n")
                                       << 3
                                       << "while parsing a flow sequence that starts at line 2, column 17: "
                                          "expected ',' or ']', but got \":\" at line 3, column 19";
        QTest::newRow("flow mapping") << QByteArray("a: {b: 1, c: 2\nd: 3\n") << 2
                                      << "while parsing a flow mapping that starts at line 1, column 4: "
                                         "expected ',' or '}', but got \":\" at line 2, column 2";
        QTest::newRow("to the end") << QByteArray("fallbacks: [{\"a\": [\"b\"]}\n") << 2
                                    << "flow sequence that starts at line 1, column 12: expected ',' or ']', but "
                                       "got the end of the file";
        QTest::newRow("quote never closed")
            << QByteArray("general_settings:\n  master_key: sk-1\n  database_url: \" # [OPTIONAL] use it\n") << 4
            << "while scanning a quoted string that starts at line 3, column 17: no closing \" before the end of "
               "the file";
        QTest::newRow("a quote inside a plain value is text")
            << QByteArray("model_list: []\nrouter_settings: {num_retries: 2}\ngeneral_settings:\n  x: rock 'n roll\n  "
                          "y: |\n    it's \"fine\n  z: [1, 2]]\n")
            << 7 << "illegal flow end";
    }

    void yamlErrorsNameWhereTheOpenBracketOrQuoteBegan()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, says);
        const auto r = loader().loadYaml(yaml, "broken.yaml");
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QCOMPARE(r.errors().first().line, line);
        QVERIFY2(r.errorText().contains(says), qPrintable(r.errorText()));
    }

    void unknownKeysWarnWithTheirLine()
    {
        const QByteArray yaml = "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n      "
                                "api_bse: http://h/v1\n    modle_info: {}\nsomething_else: 1\n"
                                "general_settings:\n  alerting: [slack]\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY(r.ok());
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "model_list[0].litellm_params.api_bse", 5));
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "model_list[0].modle_info", 6));
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "something_else", 7));
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "general_settings.alerting", 9));
    }

    void missingFileIsAnError()
    {
        QTemporaryDir dir;
        const auto r = ConfigLoader().loadFile(dir.filePath("absent.yaml"));
        QVERIFY(!r.ok());
        QVERIFY(r.errorText().contains("cannot read the file"));
    }

    void webUiKeys()
    {
        // Issue #17: gateway.ui, Switchyard's own (LiteLLM files have no such keys).
        const auto d = loader().loadYaml("", "d.yaml");
        QVERIFY(d.config->ui.enabled);
        QCOMPARE(d.config->ui.path, QStringLiteral("/ui"));
        const auto r = loader().loadYaml("gateway:\n  ui:\n    enabled: false\n    path: /admin/\n", "c.yaml");
        QVERIFY2(r.ok() && r.warnings().isEmpty(), qPrintable(r.errorText()));
        QVERIFY(!r.config->ui.enabled);
        QCOMPARE(r.config->ui.path, QStringLiteral("/admin"));
        const auto bad = loader().loadYaml("gateway: {ui: {path: v1/x}}\n", "b.yaml");
        QVERIFY(!bad.ok());
        QVERIFY(has(bad, ConfigDiagnostic::Severity::Error, "gateway.ui.path"));
        const auto api = loader().loadYaml("gateway: {ui: {path: /v1/ui}}\n", "b.yaml");
        QVERIFY(!api.ok());
    }

    void securityKeys()
    {
        // Issue #15's keys, and their defaults.
        const QByteArray yaml = "general_settings:\n"
                                "  master_key: sk-m\n"
                                "  spend_logs_retention: 7d\n"
                                "litellm_settings:\n"
                                "  require_auth_for_metrics_endpoint: false\n"
                                "gateway:\n"
                                "  allowed_hosts: [GPU-Box.lan, '*.ts.net']\n"
                                "  auth_failures_per_minute: 20\n"
                                "  write_timeout: 2.5\n"
                                "  body_min_rate: 0.5\n";
        const auto r = loader().loadYaml(yaml, "c.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().isEmpty() ? QString() : r.warnings().first().message));
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.storage.spendLogsRetention.count(), 7LL * 24 * 3600 * 1000);
        QCOMPARE(c.allowedHosts, (QStringList{"gpu-box.lan", "*.ts.net"}));
        QCOMPARE(c.authFailuresPerMinute, 20);
        QCOMPARE(c.limits.writeTimeout.count(), 2500);
        QCOMPARE(c.limits.bodyMinBytesPerSecond, 512);
        QCOMPARE(c.metricsRequireAuth, std::optional<bool>(false));
        QVERIFY(!c.metricsNeedKey());

        const auto defaults = loader().loadYaml("", "d.yaml");
        const GatewayConfig& d = *defaults.config;
        QCOMPARE(d.storage.spendLogsRetention.count(), 30LL * 24 * 3600 * 1000);
        QCOMPARE(d.limits.writeTimeout.count(), 60000);
        QCOMPARE(d.authFailuresPerMinute, 10);
        QVERIFY(!d.metricsNeedKey()); // localhost only
        const auto lan = loader().loadYaml("general_settings: {master_key: k}\ngateway: {host: 0.0.0.0}\n", "l.yaml");
        QVERIFY(lan.config->metricsNeedKey()); // beyond localhost: on by default
        const auto keepAll
            = loader().loadYaml("general_settings: {maximum_spend_logs_retention_period: 0}\n", "f.yaml");
        QCOMPARE(keepAll.config->storage.spendLogsRetention.count(), 0);

        const auto bad = loader().loadYaml("general_settings: {spend_logs_retention: soon}\n"
                                           "gateway: {allowed_hosts: ['http://x/']}\n",
                                           "b.yaml");
        QVERIFY(!bad.ok());
        QVERIFY(has(bad, ConfigDiagnostic::Severity::Error, "general_settings.spend_logs_retention", 1));
        QVERIFY(has(bad, ConfigDiagnostic::Severity::Error, "gateway.allowed_hosts[0]", 2));
    }

    void emptyFileGivesDefaults()
    {
        const auto r = loader().loadYaml("", "empty.yaml");
        QVERIFY(r.ok());
        QCOMPARE(r.config->listen.port, 4000);
        QCOMPARE(r.config->listen.host, QString("localhost"));
        QCOMPARE(r.config->limits.maxBodyBytes, 32 * 1024 * 1024);
        QCOMPARE(r.config->routing.strategy, QString("simple-shuffle"));
    }

    void seed000LmStudio()
    {
        const auto r = loader(seedEnv()).loadFile(seedFile("seed-000-lmstudio.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        // `routers` makes local-llama a group over local-llama-a and -b, round-robin.
        QCOMPARE(c.deploymentsOf("local-llama").size(), 2);
        QCOMPARE(c.deploymentsOf("local-llama")[1]->origin.port, 1235);
        QCOMPARE(c.routing.strategyFor("local-llama"), QString("round-robin"));
        QCOMPARE(c.deploymentsOf("local-embed").size(), 2);
        QCOMPARE(first(c, "local-llama-a")->backendModel, QString("llama-3.1-8b-instruct"));
        QCOMPARE(first(c, "openai-gpt4")->provider, QString("openrouter"));
        QCOMPARE(first(c, "openai-gpt4")->backendModel, QString("openai/gpt-4"));
        QCOMPARE(first(c, "claude-3-5-sonnet")->provider, QString("anthropic")); // served through Messages
        QCOMPARE(c.masterKey, QString("sk-local-gateway-CHANGE_ME")); // from the misplaced general_settings
        QVERIFY(hasWarningContaining(r, "litellm_settings.general_settings"));
    }

    // Copying a group's deployments into an alias group appends to the list the copies come
    // from; with pointers into it, a reallocation left them dangling (found by FuzzConfigLoader,
    // seen by ASan). Forty deployments make the list grow while they are copied.
    void aliasGroupsCopyEveryDeploymentOfALargeGroup()
    {
        QByteArray yaml = "model_list:\n";
        for (int i = 0; i < 40; ++i)
            yaml += "  - {model_name: big, litellm_params: {model: openai/m" + QByteArray::number(i)
                + ", api_base: \"http://h:1/v1\"}}\n";
        yaml += "router_settings:\n  routers:\n    - {model_name: all, routes: [big]}\n"
                "    - {model_name: all-again, routes: [all]}\n";
        const auto r = loader().loadYaml(yaml, "groups.yaml");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        for (const char* group : {"all", "all-again"}) {
            const QList<const Deployment*> copies = r.config->deploymentsOf(QString::fromLatin1(group));
            QCOMPARE(copies.size(), 40);
            for (int i = 0; i < 40; ++i)
                QCOMPARE(copies[i]->backendModel, QStringLiteral("m%1").arg(i));
        }
    }

    void seed001Compose()
    {
        const auto r = loader().loadFile(seedFile("seed-001-compose.yaml"));
        QVERIFY(r.ok());
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "services", 2));
    }

    void seed002Vllm()
    {
        const auto r = loader().loadFile(seedFile("seed-002-vllm.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.deploymentsOf("gpt-oss-120b").size(), 3);
        QCOMPARE(first(c, "gpt-oss-120b")->rpm, 100);
        QCOMPARE(first(c, "my-custom-model")->backendModel, QString("custom/model-name"));
        QCOMPARE(c.routing.strategy, QString("least-busy"));
        QCOMPARE(c.routing.redis.host, QString("redis"));
        QCOMPARE(c.routing.numRetries, 2);
        QVERIFY(c.cache.enabled);
        QCOMPARE(c.cache.type, QString("redis"));
        QCOMPARE(c.cache.ttl.count(), 3600000);
        QVERIFY(has(r, ConfigDiagnostic::Severity::Warning, "general_settings.rate_limit_config"));
    }

    void seed003Ollama()
    {
        const auto r = loader().loadFile(seedFile("seed-003-ollama.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        const auto llama = c.deploymentsOf("ollama/llama3.2");
        QCOMPARE(llama.size(), 2);
        QCOMPARE(llama[0]->provider, QString("ollama"));
        QCOMPARE(llama[0]->backendModel, QString("llama3.2"));
        QCOMPARE(llama[1]->apiBaseText, QString("http://192.168.1.11:11434/v1"));
        QCOMPARE(c.routing.strategy, QString("least-busy"));
        QVERIFY(c.health.background);
        QCOMPARE(c.health.interval.count(), 30000);
        QCOMPARE(c.health.endpoint, QByteArray("/api/tags"));
        QCOMPARE(c.health.expectedField, QByteArray("models"));
        QCOMPARE(c.health.unhealthyThreshold, 3);
        QCOMPARE(c.health.healthyThreshold, 2);
        QCOMPARE(c.health.timeout.count(), 10000);
        QCOMPARE(c.routing.fallbacks.size(), 2);
        QCOMPARE(c.routing.fallbacks[0].fallbacks, QStringList{"ollama/mistral"});
        QVERIFY(c.cache.enabled);
        QCOMPARE(c.cache.redis.host, QString("redis"));
        for (const char* section : {"llm_guard", "cost_tracking", "advanced", "proxy_server"})
            QVERIFY2(has(r, ConfigDiagnostic::Severity::Warning, QString::fromLatin1(section)), section);
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "TestConfigLoader.moc"
