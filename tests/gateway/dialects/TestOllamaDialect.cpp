#include "DialectTestSupport.h"

#include "gateway/config/ConfigLoader.h"
#include "gateway/core/JsonBody.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/dialects/ollama/OllamaAdapter.h"
#include "gateway/dialects/ollama/OllamaCatalog.h"
#include "gateway/dialects/ollama/OllamaModelNames.h"
#include "gateway/dialects/ollama/OllamaWire.h"

#include <QJsonArray>
#include <QSet>

using namespace sy;
using namespace sy::test;
using namespace Qt::StringLiterals;

namespace {

JsonBody body(const QByteArray& json)
{
    std::optional<JsonBody> parsed = JsonBody::parse(json, nullptr);
    if (!parsed)
        qFatal("test body is not JSON: %s", json.constData());
    return *parsed;
}

std::shared_ptr<const GatewayConfig> load(const QByteArray& yaml)
{
    const ConfigLoadResult r = ConfigLoader().loadYaml(yaml, u"c.yaml"_s);
    if (!r.ok())
        qWarning().noquote() << r.errorText();
    return r.config;
}

const QByteArray kConfig = "model_list:\n"
                           "  - model_name: llama3.2\n"
                           "    litellm_params: {model: ollama/llama3.2:latest, api_base: 'http://10.0.0.5:11434'}\n"
                           "    model_info: {max_input_tokens: 131072, supports_vision: true}\n"
                           "  - model_name: llama3.2\n"
                           "    litellm_params: {model: openai/llama-3.2-3b, api_base: 'http://10.0.0.6:1234/v1'}\n"
                           "  - model_name: 'qwen3:8b'\n"
                           "    litellm_params: {model: lm_studio/qwen3-8b, api_base: 'http://10.0.0.6:1234/v1'}\n"
                           "    model_info: {supports_function_calling: false, supports_reasoning: true}\n"
                           "  - model_name: nomic-embed-text\n"
                           "    litellm_params: {model: openai/nomic, api_base: 'http://10.0.0.6:1234/v1'}\n"
                           "    model_info: {mode: embedding}\n"
                           "router_settings:\n"
                           "  model_group_alias: {gpt-4o: 'qwen3:8b'}\n";

} // namespace

class TestOllamaDialect : public QObject
{
    Q_OBJECT

private slots:
    void registered()
    {
        QCOMPARE(DialectRegistry::adapter(Dialect::Ollama).dialect(), Dialect::Ollama);
        QCOMPARE(dialectOf(classifyEndpoint("POST", "/api/chat")), Dialect::Ollama);
        QCOMPARE(classifyEndpoint("GET", "/"), Endpoint::OllamaRoot);
        QCOMPARE(classifyEndpoint("HEAD", "/"), Endpoint::OllamaRoot);
        QCOMPARE(classifyEndpoint("GET", "/api/tags"), Endpoint::OllamaTags);
        QCOMPARE(classifyEndpoint("POST", "/api/show"), Endpoint::OllamaShow);
        QCOMPARE(classifyEndpoint("GET", "/api/ps"), Endpoint::OllamaPs);
        QCOMPARE(classifyEndpoint("GET", "/api/version"), Endpoint::OllamaVersion);
        QCOMPARE(classifyEndpoint("POST", "/api/pull"), Endpoint::OllamaUnsupported);
        QCOMPARE(classifyEndpoint("DELETE", "/api/delete"), Endpoint::OllamaUnsupported);
        QCOMPARE(classifyEndpoint("GET", "/api/chat"), Endpoint::MethodNotAllowed);
        // Errors on any /api/ path speak Ollama, whatever the endpoint.
        QCOMPARE(clientDialectOf(Endpoint::MethodNotAllowed, "/api/chat"), Dialect::Ollama);
        QCOMPARE(clientDialectOf(Endpoint::NotFound, "/v1/nope"), Dialect::OpenAi);
        QCOMPARE(clientDialectOf(Endpoint::Messages, "/v1/messages"), Dialect::Anthropic);
    }

    void ollamaProvidersSpeakBothDialects()
    {
        const std::shared_ptr<const GatewayConfig> config = load(kConfig);
        QVERIFY(config);
        const Deployment* ollama = config->deploymentsOf(u"llama3.2"_s).first();
        QVERIFY(ollama->speaks(Dialect::Ollama));
        QVERIFY(ollama->speaks(Dialect::OpenAi));
        QCOMPARE(DialectRegistry::wireFor(Dialect::Ollama, *ollama), Dialect::Ollama);
        QCOMPARE(DialectRegistry::wireFor(Dialect::OpenAi, *ollama), Dialect::OpenAi);
        const Deployment* studio = config->deploymentsOf(u"llama3.2"_s).last();
        QCOMPARE(DialectRegistry::wireFor(Dialect::Ollama, *studio), Dialect::OpenAi);
        // Native requests go to the server root, not to the /v1 of Ollama's OpenAI API.
        const OllamaAdapter adapter;
        QCOMPARE(ollama->basePath, QByteArray("/v1"));
        QCOMPARE(adapter.target(*ollama, Endpoint::OllamaChat, Operation::Chat), QByteArray("/api/chat"));
        QCOMPARE(adapter.target(*ollama, Endpoint::OllamaEmbeddings, Operation::Embedding),
                 QByteArray("/api/embeddings"));
        QCOMPARE(adapter.target(*ollama, Endpoint::ChatCompletions, Operation::Chat), QByteArray("/api/chat"));
        Deployment proxied = *ollama;
        QVERIFY(proxied.setApiBase(QUrl(u"https://lab.example/ollama/v1"_s)));
        QCOMPARE(adapter.target(proxied, Endpoint::OllamaGenerate, Operation::Chat),
                 QByteArray("/ollama/api/generate"));
    }

    void parseDefaultsToStreaming()
    {
        const OllamaAdapter adapter;
        ParsedRequest chat;
        QVERIFY(!adapter.parse(Endpoint::OllamaChat, body("{\"model\":\"m\",\"messages\":[]}"), &chat));
        QVERIFY(chat.stream);
        QVERIFY(chat.wantsUsage);
        ParsedRequest off;
        QVERIFY(!adapter.parse(Endpoint::OllamaGenerate, body("{\"model\":\"m\",\"stream\":false}"), &off));
        QVERIFY(!off.stream);
        ParsedRequest embed;
        QVERIFY(!adapter.parse(Endpoint::OllamaEmbed, body("{\"model\":\"m\",\"input\":\"x\"}"), &embed));
        QVERIFY(!embed.stream);
    }

    void parseRejectsBadRequestsInOllamasWords_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("no model") << QByteArray("{\"messages\":[]}") << u"model is required"_s;
        QTest::newRow("empty model") << QByteArray("{\"model\":\" \"}") << u"model is required"_s;
        QTest::newRow("stream") << QByteArray("{\"model\":\"m\",\"stream\":\"yes\"}") << u"stream must be"_s;
        QTest::newRow("messages") << QByteArray("{\"model\":\"m\",\"messages\":{}}") << u"messages must be"_s;
        QTest::newRow("options") << QByteArray("{\"model\":\"m\",\"options\":[1]}") << u"options must be"_s;
    }

    void parseRejectsBadRequestsInOllamasWords()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        ParsedRequest out;
        const std::optional<ApiError> error = OllamaAdapter().parse(Endpoint::OllamaChat, body(json), &out);
        QVERIFY(error);
        QCOMPARE(error->status, 400);
        QVERIFY2(error->message.startsWith(message), qPrintable(error->message));
        const ErrorReply reply = OllamaAdapter().renderError(*error);
        QCOMPARE(reply.status, 400);
        QCOMPARE(object(reply.body).value(u"error").toString(), error->message);
        QCOMPARE(object(reply.body).keys(), QStringList{u"error"_s});
    }

    void missingKeySaysHowOllamaClientsSendOne()
    {
        const ErrorReply reply = OllamaAdapter().renderError(ApiError::unauthorized(u"Missing API key."_s));
        QCOMPARE(reply.status, 401);
        const QString message = object(reply.body).value(u"error").toString();
        QVERIFY(message.startsWith(u"Missing API key."));
        QVERIFY(message.contains(u"headers"));
        QVERIFY(message.contains(u"OLLAMA_HOST"));
        // Other errors say only what they say.
        const ErrorReply other = OllamaAdapter().renderError(ApiError::badGateway(u"down"_s, "upstream_error"));
        QCOMPARE(other.status, 502);
        QCOMPARE(other.body, QByteArray("{\"error\":\"down\"}"));
    }

    void backendErrorsAreRead()
    {
        const ApiError e
            = OllamaWire::errorFrom(404, "{\"error\":\"model \\\"x\\\" not found, try pulling it first\"}");
        QCOMPARE(e.status, 404);
        QCOMPARE(e.message, u"model \"x\" not found, try pulling it first"_s);
        QCOMPARE(OllamaWire::errorFrom(500, "oops").message, u"The backend answered HTTP 500: oops"_s);
        QCOMPARE(OllamaWire::errorFrom(503, "{\"error\":{\"message\":\"busy\"}}").message, u"busy"_s);
    }

    void modelNames_data()
    {
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("group");
        QTest::newRow("exact") << u"llama3.2"_s << u"llama3.2"_s;
        QTest::newRow(":latest dropped") << u"llama3.2:latest"_s << u"llama3.2"_s;
        QTest::newRow("tag to base") << u"llama3.2:3b"_s << u"llama3.2"_s;
        QTest::newRow("exact tag wins") << u"qwen3:8b"_s << u"qwen3:8b"_s;
        QTest::newRow(":latest added") << u"gemma3"_s << u"gemma3:latest"_s;
        QTest::newRow("namespace kept") << u"hf.co/user/model:Q4"_s << u"hf.co/user/model"_s;
        QTest::newRow("slash is not a tag") << u"local/qwen"_s << u"local/qwen"_s;
        QTest::newRow("unknown stays") << u"mistral:7b"_s << u"mistral:7b"_s;
        QTest::newRow("unknown base stays") << u"qwen3"_s << u"qwen3"_s;
    }

    void modelNames()
    {
        QFETCH(QString, asked);
        QFETCH(QString, group);
        const QSet<QString> groups{
            u"llama3.2"_s, u"qwen3:8b"_s, u"gemma3:latest"_s, u"hf.co/user/model"_s, u"local/qwen"_s};
        const auto isGroup = [&](const QString& name) { return groups.contains(name); };
        QCOMPARE(OllamaModelNames::groupFor(asked, isGroup), group);
        QCOMPARE(OllamaAdapter().modelGroupFor(asked, isGroup), group);
    }

    void loadCallsAreAnsweredWithoutGenerating()
    {
        const std::shared_ptr<const GatewayConfig> config = load(kConfig);
        const Deployment& studio = *config->deploymentsOf(u"llama3.2"_s).last();
        const Deployment& ollama = *config->deploymentsOf(u"llama3.2"_s).first();
        const OllamaAdapter adapter;
        const std::optional<QByteArray> load
            = adapter.localAnswer(Endpoint::OllamaGenerate, body("{\"model\":\"llama3.2:latest\"}"), studio);
        QVERIFY(load);
        const QJsonObject answer = object(*load);
        QCOMPARE(answer.value(u"model").toString(), u"llama3.2:latest"_s);
        QCOMPARE(answer.value(u"response").toString(u"x"_s), QString());
        QCOMPARE(answer.value(u"done").toBool(), true);
        QCOMPARE(answer.value(u"done_reason").toString(), u"load"_s);
        const std::optional<QByteArray> unload = adapter.localAnswer(
            Endpoint::OllamaChat, body("{\"model\":\"m\",\"messages\":[],\"keep_alive\":0}"), studio);
        QCOMPARE(object(*unload).value(u"done_reason").toString(), u"unload"_s);
        QCOMPARE(object(*unload).value(u"message").toObject().value(u"role").toString(), u"assistant"_s);
        // An Ollama backend loads it for real; a prompt is generated as usual.
        QVERIFY(!adapter.localAnswer(Endpoint::OllamaGenerate, body("{\"model\":\"m\"}"), ollama));
        QVERIFY(!adapter.localAnswer(Endpoint::OllamaGenerate, body("{\"model\":\"m\",\"prompt\":\"hi\"}"), studio));
        QVERIFY(!adapter.localAnswer(Endpoint::OllamaEmbed, body("{\"model\":\"m\"}"), studio));
    }

    void tagsListEveryGroupAndAlias()
    {
        const std::shared_ptr<const GatewayConfig> config = load(kConfig);
        LoadedModel reported;
        reported.group = u"llama3.2"_s;
        reported.sizeBytes = 2019393189;
        reported.digest = "a80c4f17";
        reported.detailsJson = "{\"format\":\"gguf\",\"family\":\"llama\",\"parameter_size\":\"3.2B\"}";
        const QDateTime modified = QDateTime::fromSecsSinceEpoch(1733400000).toUTC();
        const QJsonArray models
            = object(OllamaCatalog::tags(*config, {reported}, modified, {})).value(u"models").toArray();
        QStringList names;
        for (const QJsonValue& m : models)
            names.append(m.toObject().value(u"name").toString());
        QCOMPARE(names, (QStringList{u"llama3.2"_s, u"qwen3:8b"_s, u"nomic-embed-text"_s, u"gpt-4o"_s}));
        const QJsonObject llama = models[0].toObject();
        QCOMPARE(llama.value(u"model").toString(), u"llama3.2"_s);
        QCOMPARE(llama.value(u"size").toInteger(), 2019393189);
        QCOMPARE(llama.value(u"digest").toString(), u"a80c4f17"_s);
        QCOMPARE(llama.value(u"details").toObject().value(u"family").toString(), u"llama"_s);
        QCOMPARE(llama.value(u"modified_at").toString(), u"2024-12-05T12:00:00.000Z"_s);
        const QJsonObject qwen = models[1].toObject();
        QCOMPARE(qwen.value(u"digest").toString().size(), 64); // a stable sha256 of the name
        QVERIFY(qwen.value(u"details").toObject().contains(u"quantization_level"));
        // A virtual key sees what it may call.
        const QJsonArray some
            = object(OllamaCatalog::tags(*config, {}, modified, [](const QString& g) { return g == u"qwen3:8b"; }))
                  .value(u"models")
                  .toArray();
        QCOMPARE(some.size(), 1);
    }

    void showHasContextLengthAndCapabilities()
    {
        const std::shared_ptr<const GatewayConfig> config = load(kConfig);
        const QDateTime modified = QDateTime::currentDateTimeUtc();
        const QJsonObject llama = object(OllamaCatalog::show(*config, u"llama3.2"_s, {}, modified));
        const QJsonObject info = llama.value(u"model_info").toObject();
        const QString arch = info.value(u"general.architecture").toString();
        QCOMPARE(info.value(arch + u".context_length"_s).toInteger(), 131072);
        QCOMPARE(llama.value(u"parameters").toString(), u"num_ctx 131072"_s);
        QCOMPARE(llama.value(u"capabilities").toArray(), (QJsonArray{u"completion"_s, u"tools"_s, u"vision"_s}));
        // No max_input_tokens: what the backend reported.
        LoadedModel reported;
        reported.group = u"qwen3:8b"_s;
        reported.contextLength = 32768;
        const QJsonObject qwen = object(OllamaCatalog::show(*config, u"qwen3:8b"_s, {reported}, modified));
        QCOMPARE(qwen.value(u"model_info").toObject().value(u"switchyard.context_length").toInteger(), 32768);
        QCOMPARE(qwen.value(u"capabilities").toArray(), (QJsonArray{u"completion"_s, u"thinking"_s}));
        const QJsonObject embed = object(OllamaCatalog::show(*config, u"nomic-embed-text"_s, {}, modified));
        QCOMPARE(embed.value(u"capabilities").toArray(), QJsonArray{u"embedding"_s});
        QVERIFY(!embed.value(u"model_info").toObject().contains(u"switchyard.context_length"));
    }

    void psListsWhatIsLoaded()
    {
        LoadedModel a;
        a.group = u"llama3.2"_s;
        a.sizeBytes = 100;
        a.vramBytes = 50;
        a.contextLength = 8192;
        a.expiresAt = QDateTime::fromSecsSinceEpoch(1733400300).toUTC();
        LoadedModel b;
        b.group = u"qwen3:8b"_s;
        const QJsonArray models = object(OllamaCatalog::ps({a, b}, {})).value(u"models").toArray();
        QCOMPARE(models.size(), 2);
        const QJsonObject first = models[0].toObject();
        QCOMPARE(first.value(u"name").toString(), u"llama3.2"_s);
        QCOMPARE(first.value(u"size_vram").toInteger(), 50);
        QCOMPARE(first.value(u"context_length").toInteger(), 8192);
        QCOMPARE(first.value(u"expires_at").toString(), u"2024-12-05T12:05:00.000Z"_s);
        QVERIFY(QDateTime::fromString(models[1].toObject().value(u"expires_at").toString(), Qt::ISODate)
                > QDateTime::currentDateTimeUtc()); // stays loaded
        QVERIFY(!models[1].toObject().contains(u"context_length"));
        QCOMPARE(object(OllamaCatalog::ps({a, b}, [](const QString& g) { return g == u"qwen3:8b"; }))
                     .value(u"models")
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(object(OllamaCatalog::version()).value(u"version").toString(), u"0.9.0"_s);
    }
};

QTEST_GUILESS_MAIN(TestOllamaDialect)
#include "TestOllamaDialect.moc"
