#include "gateway/dialects/ollama/OllamaStreamFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"
#include "gateway/dialects/ollama/OllamaWire.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

qint64 generatedChars(QByteArrayView json)
{
    return JsonScan::stringValueChars(json, {"content", "response", "thinking", "arguments"});
}

} // namespace

OllamaStreamFilter::OllamaStreamFilter(const AnswerContext& context)
    : m_model(JsonBody::quoted(context.model))
{ }

QByteArray OllamaStreamFilter::withClientModel(const QByteArray& json) const
{
    const std::optional<JsonBody::Span> span = JsonScan::topLevel(json, "model");
    if (!span || QByteArrayView(json).sliced(span->begin, span->end - span->begin) == m_model)
        return json;
    QByteArray out = json;
    out.replace(span->begin, span->end - span->begin, m_model);
    return out;
}

QByteArray OllamaStreamFilter::process(const SseEvent& event)
{
    const QByteArray& line = event.data;
    if (line.trimmed().isEmpty())
        return {};
    // Cheap byte tests first: only the last object and an error object need parsing.
    if (line.contains("\"error\"") || line.contains("\"done\":true") || line.contains("\"done\": true")) {
        if (const std::optional<JsonBody> json = JsonBody::parse(line, nullptr)) {
            if (const std::optional<QString> message = json->string("error")) {
                m_error = ApiError::badGateway(*message, "upstream_stream_error");
                // Before anything went out (a model that fails to load), the relay may still try
                // another deployment, or answer with a proper error status: hold the line back.
                return m_forwarded ? event.raw : QByteArray();
            }
            if (json->boolean("done").value_or(false)) {
                m_ended = true;
                if (const std::optional<TokenUsage> usage = OllamaWire::usageFrom(*json))
                    m_usage = usage;
            }
        }
    }
    m_deliveredChars += generatedChars(line);
    m_forwarded = true;
    const QByteArray out = withClientModel(line);
    if (out.size() == line.size() && out == line)
        return event.raw;
    return out + '\n';
}

std::optional<QByteArray> OllamaStreamFilter::filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json)
        return std::nullopt;
    *usage = OllamaWire::usageFrom(*json);
    m_deliveredChars = generatedChars(body);
    if (!*usage)
        *usage = TokenUsage{0, (m_deliveredChars + 3) / 4, true};
    return withClientModel(body);
}

} // namespace sy
