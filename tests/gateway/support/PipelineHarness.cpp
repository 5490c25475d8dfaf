#include "PipelineHarness.h"

#include "gateway/config/ConfigLoader.h"

#include <QTest>

namespace sy::testing {

PipelineHarness::PipelineHarness(const QDateTime& start)
    : clock(start.isValid() ? ManualClock(start) : ManualClock())
{
    router.seedRandom(1);
}

// Exchanges go first: they still hold the router's slots and the fake's calls.
PipelineHarness::~PipelineHarness() = default;

bool PipelineHarness::load(const QByteArray& yaml)
{
    const ConfigLoadResult r = ConfigLoader().loadYaml(yaml, QStringLiteral("config.yaml"));
    if (!r.ok()) {
        configError = r.errorText();
        return false;
    }
    pipeline.setConfig(r.config);
    return true;
}

bool PipelineHarness::startKeys(const QString& dataDir)
{
    keys = std::make_unique<KeyManager>(clock);
    StorageSettings storage;
    storage.dataDir = dataDir;
    keys->start(storage, [] {});
    pipeline.setKeys(keys.get());
    // Only a guard against hangs: this returns as soon as the database is open.
    return QTest::qWaitFor([this] { return keys->canManage(); }, 60'000);
}

std::shared_ptr<ChannelLog> PipelineHarness::send(const QByteArray& method,
                                                  const QByteArray& path,
                                                  const QByteArray& body,
                                                  const HttpHeaders& headers,
                                                  int minorVersion)
{
    HttpRequest request;
    request.method = method;
    const qsizetype query = path.indexOf('?');
    request.path = query < 0 ? path : path.left(query);
    if (query >= 0)
        request.query = path.mid(query + 1);
    request.body = body;
    request.headers = headers;
    if (!body.isEmpty() && !headers.contains("content-type"))
        request.headers.add("content-type", "application/json");
    request.peer = QHostAddress::LocalHost;
    request.minorVersion = minorVersion;
    request.keepAlive = minorVersion == 1;
    auto log = std::make_shared<ChannelLog>();
    pipeline.handleRequest(request, std::make_unique<RecordingChannel>(log, minorVersion, request.keepAlive));
    return log;
}

const QList<RequestRecord>& PipelineHarness::records()
{
    pipeline.flushFinished();
    return sink.records;
}

QByteArray chatRequest(const QByteArray& model, const QByteArray& extra)
{
    QByteArray body = R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}])";
    if (!extra.isEmpty())
        body += ',' + extra;
    return body + '}';
}

QByteArray deploymentYaml(const QByteArray& group, quint16 port, const QByteArray& extraParams)
{
    QByteArray yaml = "  - model_name: " + group + "\n    litellm_params:\n      model: openai/" + group
        + "-backend\n      api_base: http://127.0.0.1:" + QByteArray::number(port) + "/v1\n      api_key: sk-b\n";
    for (const QByteArray& line : extraParams.split('\n')) {
        if (!line.trimmed().isEmpty())
            yaml += "      " + line.trimmed() + '\n';
    }
    return yaml;
}

QByteArray completionJson(const QByteArray& text, int promptTokens, int completionTokens)
{
    return R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":")"
        + text + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":)" + QByteArray::number(promptTokens)
        + R"(,"completion_tokens":)" + QByteArray::number(completionTokens) + R"(,"total_tokens":)"
        + QByteArray::number(promptTokens + completionTokens) + "}}";
}

QByteArray chunkJson(const QByteArray& text)
{
    return R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")" + text
        + R"("}}]})";
}

QByteArray usageChunkJson(int promptTokens, int completionTokens)
{
    return R"({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":)"
        + QByteArray::number(promptTokens) + R"(,"completion_tokens":)" + QByteArray::number(completionTokens)
        + R"(,"total_tokens":)" + QByteArray::number(promptTokens + completionTokens) + "}}";
}

} // namespace sy::testing
