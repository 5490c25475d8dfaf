#include "gateway/dialects/ollama/OllamaEmbedAnswer.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"
#include "gateway/core/TokenUsage.h"

using namespace Qt::StringLiterals;

namespace sy::OllamaEmbedAnswer {

namespace {

// The raw JSON arrays of data[].embedding, in order.
std::optional<QList<QByteArray>> vectorsOf(const JsonBody& json, QString* why)
{
    QList<QByteArray> vectors;
    for (const JsonBody::Span& span : json.elements("data")) {
        const std::optional<JsonBody> item = json.objectAt(span);
        const std::optional<JsonBody::Span> vector = item ? item->member("embedding") : std::nullopt;
        if (!vector || vector->type != JsonBody::Type::Array) {
            *why = u"an embedding is not a list of numbers"_s;
            return std::nullopt;
        }
        vectors.append(item->rawAt(*vector).toByteArray());
    }
    if (vectors.isEmpty()) {
        *why = u"the answer has no embeddings"_s;
        return std::nullopt;
    }
    return vectors;
}

} // namespace

std::optional<QByteArray>
fromOpenAi(Endpoint endpoint, const QByteArray& body, const AnswerContext& context, QString* why)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json) {
        *why = u"the answer is not JSON"_s;
        return std::nullopt;
    }
    const std::optional<QList<QByteArray>> vectors = vectorsOf(*json, why);
    if (!vectors)
        return std::nullopt;
    JsonWriter w;
    w.beginObject();
    if (endpoint == Endpoint::OllamaEmbeddings) {
        w.key("embedding").raw(vectors->first()).endObject();
        return w.take();
    }
    w.key("model").string(context.model).key("embeddings").beginArray();
    for (const QByteArray& vector : *vectors)
        w.raw(vector);
    w.endArray();
    const std::optional<TokenUsage> usage = TokenUsage::fromResponse(*json);
    w.key("total_duration").number(qint64(0)).key("load_duration").number(qint64(0));
    w.key("prompt_eval_count").number(usage ? usage->promptTokens : qint64(0));
    w.endObject();
    return w.take();
}

} // namespace sy::OllamaEmbedAnswer
