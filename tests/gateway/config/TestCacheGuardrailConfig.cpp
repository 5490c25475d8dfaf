#include "gateway/config/ConfigLoader.h"

#include <QTest>

using namespace sy;

namespace {

ConfigLoadResult load(const QByteArray& yaml)
{
    const ConfigLoader loader([](const QString&) -> std::optional<QString> { return std::nullopt; }, {});
    return loader.loadYaml(
        "model_list:\n  - model_name: m\n    litellm_params: {model: openai/m, api_base: http://127.0.0.1:9/v1}\n"
            + yaml,
        QStringLiteral("c.yaml"));
}

QString seedFile(const char* name)
{
    return QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/data/seeds/") + QLatin1StringView(name);
}

bool warned(const ConfigLoadResult& r, const QString& key, const QString& text = {})
{
    for (const auto& d : r.warnings()) {
        if (d.key == key && d.message.contains(text))
            return true;
    }
    return false;
}

QString errors(const ConfigLoadResult& r)
{
    return r.errorText();
}

} // namespace

// litellm_settings.cache, cache_params, the seeds' forms, and the guardrails list (issue #16).
class TestCacheGuardrailConfig : public QObject
{
    Q_OBJECT

private slots:
    void cacheParamsAreRead()
    {
        const auto r = load("litellm_settings:\n"
                            "  cache: true\n"
                            "  cache_params:\n"
                            "    type: local\n"
                            "    ttl: 90\n"
                            "    namespace: team-a\n"
                            "    max_size: 500\n"
                            "    max_size_mb: 8\n"
                            "    mode: default_off\n"
                            "    supported_call_types: [acompletion, aembedding]\n"
                            "    key_includes: [user]\n");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().value(0).toString()));
        const CacheSettings& c = r.config->cache;
        QVERIFY(c.enabled);
        QCOMPARE(c.type, QString("local"));
        QCOMPARE(c.ttl.count(), 90000);
        QCOMPARE(c.ns, QString("team-a"));
        QCOMPARE(c.maxEntries, 500);
        QCOMPARE(c.maxBytes, 8 * 1024 * 1024);
        QCOMPARE(c.mode, CacheSettings::Mode::DefaultOff);
        QVERIFY(c.chat);
        QVERIFY(!c.completion);
        QVERIFY(c.embedding);
        QVERIFY(c.keyIncludesUser);
        QVERIFY(!c.keyIncludesMetadata);
    }

    void cacheIsLocalByDefault()
    {
        const auto r = load("litellm_settings:\n  cache: true\n");
        QVERIFY(r.ok());
        QVERIFY(r.warnings().isEmpty());
        QVERIFY(r.config->cache.enabled);
        QCOMPARE(r.config->cache.type, QString("local"));
        QCOMPARE(r.config->cache.ttl.count(), 600000);
    }

    void badCacheValues_data()
    {
        QTest::addColumn<QByteArray>("params");
        QTest::newRow("mode") << QByteArray("mode: sometimes");
        QTest::newRow("key_includes") << QByteArray("key_includes: [model]");
        QTest::newRow("port") << QByteArray("port: 99999");
    }

    void badCacheValues()
    {
        QFETCH(QByteArray, params);
        const auto r = load("litellm_settings:\n  cache: true\n  cache_params: {" + params + "}\n");
        QVERIFY(!r.ok());
    }

    void unsupportedCacheTypeFallsBackToMemory()
    {
        const auto r = load("litellm_settings:\n  cache: true\n  cache_params: {type: s3}\n");
        QVERIFY(r.ok());
        QCOMPARE(r.config->cache.type, QString("local"));
        QVERIFY(warned(r, "litellm_settings.cache_params.type", "not supported"));
    }

    void redisCacheWithoutHostUsesRouterRedis()
    {
        // Seed 002: cache_type redis, the server in router_settings.
        const auto r = loadSeed("seed-002-vllm.yaml");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        const CacheSettings& c = r.config->cache;
        QVERIFY(c.enabled);
        QCOMPARE(c.type, QString("redis"));
        QCOMPARE(c.ttl.count(), 3600000);
        QCOMPARE(c.redis.host, QString("redis"));
        QCOMPARE(c.redis.port, 6379);
        QVERIFY(warned(r, "litellm_settings.cache_type", "older LiteLLM spelling"));
        QVERIFY(warned(r, "litellm_settings.cache_kwargs", "older LiteLLM spelling"));
    }

    void seed003CacheAndGuardSections()
    {
        const auto r = loadSeed("seed-003-ollama.yaml");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        const GatewayConfig& c = *r.config;
        QVERIFY(c.cache.enabled);
        QCOMPARE(c.cache.type, QString("redis"));
        QCOMPARE(c.cache.redis.host, QString("redis"));
        QCOMPARE(c.cache.redis.port, 6379);
        QCOMPARE(c.cache.ttl.count(), 3600000);
        QVERIFY(warned(r, "cache", "read as litellm_settings.cache"));
        // llm_guard: the scanners that need no model become default_on guardrails.
        QVERIFY(c.guardrails.multilingualErrors);
        const QStringList expected{"llm_guard.input.Secrets",
                                   "llm_guard.input.TokenLimit",
                                   "llm_guard.output.MaliciousURLs",
                                   "llm_guard.output.NoCode"};
        QStringList names;
        for (const GuardrailSpec& g : c.guardrails.guardrails)
            names.append(g.name);
        QCOMPARE(names, expected);
        const GuardrailSpec* secrets = c.guardrails.find("llm_guard.input.Secrets");
        QCOMPARE(secrets->type, QString("secrets"));
        QVERIFY(secrets->defaultOn);
        QVERIFY(secrets->runs(GuardrailSpec::PreCall));
        QVERIFY(!secrets->runs(GuardrailSpec::PostCall));
        QCOMPARE(c.guardrails.find("llm_guard.input.TokenLimit")->tokenLimit, 4096);
        QVERIFY(c.guardrails.find("llm_guard.output.NoCode")->runs(GuardrailSpec::PostCall));
        // What it cannot do, said plainly.
        QVERIFY(warned(r, "llm_guard", "PromptInjection, Toxicity need LLM Guard's models"));
        QVERIFY(warned(r, "llm_guard", "Toxicity, NoRefusal need LLM Guard's models"));
        QVERIFY(warned(r, "llm_guard.input_scanning", "BanSubstrings lists nothing to ban"));
        QVERIFY(warned(r, "llm_guard.output_scanning", "deny-list and by shape"));
    }

    void llmGuardWithServerAndBannedWords()
    {
        const auto r = load("llm_guard:\n"
                            "  api_base: http://127.0.0.1:8000\n"
                            "  fail_open: true\n"
                            "  input_scanning:\n"
                            "    scanners:\n"
                            "      - {type: BanSubstrings, params: {substrings: [acme, globex], match_type: word}}\n"
                            "      - PromptInjection\n"
                            "  output_scanning:\n"
                            "    enabled: false\n"
                            "    scanners: [Toxicity]\n");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        const GuardrailSettings& g = r.config->guardrails;
        QCOMPARE(g.guardrails.size(), 2);
        const GuardrailSpec* banned = g.find("llm_guard.input.BanSubstrings");
        QCOMPARE(banned->substrings, QStringList({"acme", "globex"}));
        QVERIFY(banned->wholeWords);
        const GuardrailSpec* api = g.find("llm_guard.input");
        QCOMPARE(api->type, QString("llm_guard"));
        QCOMPARE(api->apiBase, QString("http://127.0.0.1:8000"));
        QVERIFY(api->failOpen);
        QVERIFY(api->runs(GuardrailSpec::PreCall));
        QVERIFY(!g.find("llm_guard.output"));
    }

    void guardrailsList()
    {
        const auto r = load(
            "guardrails:\n"
            "  - guardrail_name: no-secrets\n"
            "    litellm_params:\n"
            "      guardrail: hide-secrets\n"
            "      mode: [pre_call, post_call]\n"
            "      default_on: true\n"
            "  - guardrail_name: words\n"
            "    litellm_params:\n"
            "      guardrail: banned_substrings\n"
            "      mode: post_call\n"
            "      substrings: [forbidden]\n"
            "      patterns: ['\\bproject\\s+x\\b']\n"
            "      case_sensitive: true\n"
            "      hold_stream: true\n"
            "  - guardrail_name: pii\n"
            "    litellm_params: {guardrail: pii, mode: during_call, action: block, pii_types: [email, IBAN_CODE]}\n"
            "  - guardrail_name: hook\n"
            "    litellm_params:\n"
            "      guardrail: generic_guardrail_api\n"
            "      api_base: https://guard.example/v1\n"
            "      api_key: k\n"
            "      timeout: 1.5\n"
            "      unreachable_fallback: fail_open\n"
            "      additional_provider_specific_params: {threshold: 0.8, lang: en}\n"
            "    guardrail_info: {params: []}\n");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        QVERIFY2(r.warnings().isEmpty(), qPrintable(r.warnings().value(0).toString()));
        const GuardrailSettings& g = r.config->guardrails;
        QCOMPARE(g.guardrails.size(), 4);
        const GuardrailSpec* secrets = g.find("no-secrets");
        QCOMPARE(secrets->type, QString("secrets"));
        QCOMPARE(secrets->action, GuardrailSpec::Action::Redact); // LiteLLM's hide-secrets masks
        QCOMPARE(secrets->modes, GuardrailSpec::PreCall | GuardrailSpec::PostCall);
        QVERIFY(secrets->defaultOn);
        const GuardrailSpec* words = g.find("words");
        QCOMPARE(words->modes, int(GuardrailSpec::PostCall));
        QCOMPARE(words->patterns.size(), 1);
        QVERIFY(words->caseSensitive);
        QVERIFY(words->holdStream);
        QVERIFY(!words->defaultOn);
        const GuardrailSpec* pii = g.find("pii");
        QCOMPARE(pii->action, GuardrailSpec::Action::Block);
        QCOMPARE(pii->piiTypes, QStringList({"email", "iban"}));
        QCOMPARE(pii->modes, int(GuardrailSpec::DuringCall));
        const GuardrailSpec* hook = g.find("hook");
        QCOMPARE(hook->type, QString("webhook"));
        QCOMPARE(hook->timeout.count(), 1500);
        QVERIFY(hook->failOpen);
        QCOMPARE(hook->apiKey, QString("k"));
        QCOMPARE(hook->extraParams, QByteArray("{\"lang\":\"en\",\"threshold\":0.8}"));
    }

    void badGuardrails_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<QString>("message");
        QTest::newRow("no type") << QByteArray("{guardrail_name: a, litellm_params: {mode: pre_call}}")
                                 << "expected the guardrail's type";
        QTest::newRow("no name") << QByteArray("{litellm_params: {guardrail: secrets}}") << "guardrail_name";
        QTest::newRow("bad mode") << QByteArray(
            "{guardrail_name: a, litellm_params: {guardrail: secrets, mode: later}}")
                                  << "expected pre_call, during_call or post_call";
        QTest::newRow("no substrings") << QByteArray(
            "{guardrail_name: a, litellm_params: {guardrail: banned_substrings}}")
                                       << "needs `substrings`";
        QTest::newRow("bad regex") << QByteArray(
            "{guardrail_name: a, litellm_params: {guardrail: regex, patterns: ['(']}}")
                                   << "not a valid regular expression";
        QTest::newRow("external without url")
            << QByteArray("{guardrail_name: a, litellm_params: {guardrail: llm_guard}}") << "needs api_base";
        QTest::newRow("bad pii type") << QByteArray(
            "{guardrail_name: a, litellm_params: {guardrail: pii, pii_types: [ssn]}}")
                                      << "unknown PII type";
    }

    void badGuardrails()
    {
        QFETCH(QByteArray, entry);
        QFETCH(QString, message);
        const auto r = load("guardrails:\n  - " + entry + "\n");
        QVERIFY(!r.ok());
        QVERIFY2(errors(r).contains(message), qPrintable(errors(r)));
    }

    void vendorGuardrailsWarnAndAreNotApplied()
    {
        // LiteLLM files name vendors' guardrails (aporia, bedrock, …): they load, and say so.
        const auto r = load("guardrails:\n"
                            "  - {guardrail_name: vendor, litellm_params: {guardrail: aporia, mode: pre_call}}\n"
                            "  - {guardrail_name: ours, litellm_params: {guardrail: secrets}}\n");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        QVERIFY(warned(r, "guardrails[0].litellm_params.guardrail", "\"vendor\" is NOT applied"));
        QCOMPARE(r.config->guardrails.guardrails.size(), 1);
        QVERIFY(r.config->guardrails.find("ours"));
    }

    void duplicateGuardrailName()
    {
        const auto r = load("guardrails:\n"
                            "  - {guardrail_name: a, litellm_params: {guardrail: secrets}}\n"
                            "  - {guardrail_name: a, litellm_params: {guardrail: pii}}\n");
        QVERIFY(!r.ok());
        QVERIFY(errors(r).contains("used twice"));
    }

    void guardrailsUnderLitellmSettings()
    {
        const auto r = load("litellm_settings:\n"
                            "  guardrails:\n"
                            "    - {guardrail_name: g, litellm_params: {guardrail: no_code, mode: post_call}}\n");
        QVERIFY2(r.ok(), qPrintable(errors(r)));
        QCOMPARE(r.config->guardrails.guardrails.size(), 1);
        QCOMPARE(r.config->guardrails.find("g")->type, QString("no_code"));
    }

private:
    static ConfigLoadResult loadSeed(const char* name)
    {
        const ConfigLoader loader([](const QString&) -> std::optional<QString> { return std::nullopt; }, {});
        return loader.loadFile(seedFile(name));
    }
};

QTEST_GUILESS_MAIN(TestCacheGuardrailConfig)
#include "TestCacheGuardrailConfig.moc"
