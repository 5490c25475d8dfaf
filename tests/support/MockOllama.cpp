#include "tests/support/MockOllama.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {

using Wire = MockResponses::Completion::Wire;

QByteArray tokenText(int index)
{
    return "tok" + QByteArray::number(index) + ' ';
}

} // namespace

void MockOllama::appendHead(QByteArray& out, const MockResponses::Completion& c)
{
    out.append(R"({"model":)").append(c.modelJson).append(R"(,"created_at":"2024-07-22T20:33:28.123648Z",)");
}

void MockOllama::appendContent(QByteArray& out, const MockResponses::Completion& c, const QByteArray& text, bool tool)
{
    if (c.wire == Wire::OllamaGenerate) {
        out.append(R"("response":")").append(text).append("\",");
        return;
    }
    out.append(R"("message":{"role":"assistant","content":")").append(text).append('"');
    if (tool)
        out.append(R"(,"tool_calls":[{"function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}])");
    out.append("},");
}

void MockOllama::appendDone(QByteArray& out, const MockResponses::Completion& c)
{
    out.append(R"("done":true,"done_reason":"stop","total_duration":12000000,"load_duration":1000000)");
    if (!c.noUsage) {
        out.append(R"(,"prompt_eval_count":)").append(QByteArray::number(c.promptTokens));
        out.append(R"(,"prompt_eval_duration":2000000,"eval_count":)").append(QByteArray::number(c.tokens));
        out.append(R"(,"eval_duration":9000000)");
    }
    out.append('}');
}

int MockOllama::streamLines(const MockResponses::Completion& c)
{
    return (c.toolCall ? 1 : c.tokens) + 1;
}

QByteArray MockOllama::streamLine(const MockResponses::Completion& c, int index)
{
    QByteArray out;
    out.reserve(200);
    appendHead(out, c);
    if (index + 1 == streamLines(c)) {
        appendContent(out, c, {}, false);
        appendDone(out, c);
    } else {
        appendContent(out, c, c.toolCall ? QByteArray() : tokenText(index), c.toolCall);
        out.append(R"("done":false})");
    }
    return out.append('\n');
}

QByteArray MockOllama::whole(const MockResponses::Completion& c)
{
    QByteArray text;
    for (int i = 0; i < c.tokens && !c.toolCall; ++i)
        text += tokenText(i);
    QByteArray out;
    appendHead(out, c);
    appendContent(out, c, text, c.toolCall);
    appendDone(out, c);
    return out;
}

QByteArray MockOllama::vector(QByteArrayView input, int dimension)
{
    QByteArray out = "[";
    const QList<float> values = MockResponses::embeddingOf(input, dimension);
    for (qsizetype d = 0; d < values.size(); ++d)
        out.append(d ? "," : "").append(QByteArray::number(values[d], 'f', 6));
    return out.append(']');
}

QByteArray MockOllama::embed(const RequestBodyInfo& info, const QByteArray& modelJson, int dimension)
{
    QByteArray out = R"({"model":)" + modelJson + R"(,"embeddings":[)";
    for (qsizetype i = 0; i < info.inputs.size(); ++i)
        out.append(i ? "," : "").append(vector(info.inputs[i], dimension));
    out.append(R"(],"total_duration":3000000,"load_duration":1000000,"prompt_eval_count":)");
    return out.append(QByteArray::number(std::max(1, info.promptWords))).append('}');
}

QByteArray MockOllama::embeddings(const RequestBodyInfo& info, int dimension)
{
    return R"({"embedding":)" + vector(info.inputs.value(0), dimension) + '}';
}

QByteArray MockOllama::ps(const QStringList& models)
{
    QJsonArray list;
    for (const QString& model : models) {
        const QJsonObject details{{u"parent_model"_s, QString()},
                                  {u"format"_s, u"gguf"_s},
                                  {u"family"_s, u"llama"_s},
                                  {u"families"_s, QJsonArray{u"llama"_s}},
                                  {u"parameter_size"_s, u"3.2B"_s},
                                  {u"quantization_level"_s, u"Q4_K_M"_s}};
        list.append(QJsonObject{{u"name"_s, model},
                                {u"model"_s, model},
                                {u"size"_s, 3338801804LL},
                                {u"digest"_s, u"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72"_s},
                                {u"details"_s, details},
                                {u"expires_at"_s, u"2030-01-01T00:05:00Z"_s},
                                {u"size_vram"_s, 3338801804LL},
                                {u"context_length"_s, 8192}});
    }
    return QJsonDocument(QJsonObject{{u"models"_s, list}}).toJson(QJsonDocument::Compact);
}

QByteArray MockOllama::errorBody(const QString& message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, message}}).toJson(QJsonDocument::Compact);
}

QByteArray MockOllama::lmStudioModels(const QStringList& models)
{
    QJsonArray data;
    for (qsizetype i = 0; i < models.size(); ++i) {
        data.append(QJsonObject{{u"id"_s, models[i]},
                                {u"object"_s, u"model"_s},
                                {u"type"_s, u"llm"_s},
                                {u"arch"_s, u"qwen2"_s},
                                {u"compatibility_type"_s, u"gguf"_s},
                                {u"quantization"_s, u"Q4_K_M"_s},
                                {u"state"_s, i == 0 ? u"loaded"_s : u"not-loaded"_s},
                                {u"max_context_length"_s, 32768}});
    }
    return QJsonDocument(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, data}}).toJson(QJsonDocument::Compact);
}

} // namespace sy::testing
