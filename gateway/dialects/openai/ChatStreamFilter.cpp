#include "gateway/dialects/openai/ChatStreamFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Generated text in one chunk or answer, as the client sees it: content, reasoning, tool
// arguments, and legacy completions' text.
qint64 generatedChars(QByteArrayView json)
{
    return JsonScan::stringValueChars(json, {"content", "reasoning_content", "arguments", "text"});
}

ApiError streamErrorFrom(const JsonBody& json)
{
    ApiError error
        = ApiError::badGateway(u"The backend reported an error inside the stream."_s, "upstream_stream_error");
    if (const std::optional<JsonBody> inner = json.object("error")) {
        if (const std::optional<QString> message = inner->string("message"))
            error.message = *message;
    } else if (const std::optional<QString> message = json.string("error")) {
        error.message = *message;
    }
    return error;
}

} // namespace

ChatStreamFilter::ChatStreamFilter(const AnswerContext& context, bool stripUsageChunk)
    : m_model(JsonBody::quoted(context.model))
    , m_strip(stripUsageChunk)
{ }

QByteArray ChatStreamFilter::withClientModel(const QByteArray& json) const
{
    return withClientModel(json, JsonScan::topLevel(json, "model"));
}

QByteArray ChatStreamFilter::withClientModel(const QByteArray& json, const std::optional<JsonBody::Span>& model) const
{
    if (!model || QByteArrayView(json).sliced(model->begin, model->end - model->begin) == m_model)
        return json;
    QByteArray out = json;
    out.replace(model->begin, model->end - model->begin, m_model);
    return out;
}

QByteArray ChatStreamFilter::process(const SseEvent& event)
{
    if (QByteArrayView(event.data).trimmed() == "[DONE]") {
        m_done = event.raw;
        return {};
    }
    if (event.event == "error")
        m_error = ApiError::badGateway(QString::fromUtf8(event.data.left(500)), "upstream_stream_error");
    // One pass over the chunk finds what the relay needs: most chunks carry neither usage nor an
    // error, and servers asked for usage (vLLM, the mock) put "usage":null in every chunk, so
    // only the one chunk whose usage is an object, or one with an error, is parsed.
    enum Key
    {
        Content,
        ReasoningContent,
        Arguments,
        Text,
        Error,
        Usage,
        Model
    };
    bool mentionsError = false;
    bool mentionsUsage = false;
    qint64 chars = 0;
    std::optional<JsonBody::Span> model;
    JsonScan::forEachMember(event.data,
                            {"content", "reasoning_content", "arguments", "text", "error", "usage", "model"},
                            [&](const JsonScan::Member& m) {
                                switch (m.key) {
                                case Error:
                                    mentionsError = mentionsError || m.depth == 1;
                                    break;
                                case Usage:
                                    mentionsUsage = mentionsUsage || (m.depth == 1 && event.data.at(m.valueAt) == '{');
                                    break;
                                case Model:
                                    if (m.depth == 1 && !model)
                                        model = JsonScan::valueSpan(event.data, m.valueAt);
                                    break;
                                default:
                                    chars += JsonScan::stringChars(event.data, m.valueAt);
                                }
                            });
    if (mentionsUsage || mentionsError) {
        if (const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr)) {
            if (mentionsError && json->member("error") && !m_error)
                m_error = streamErrorFrom(*json);
            if (const std::optional<TokenUsage> usage = TokenUsage::fromResponse(*json)) {
                m_usage = usage;
                const QByteArrayView choices = json->raw("choices");
                if (m_strip && (choices.isEmpty() || choices.trimmed() == "[]"))
                    return {}; // the usage chunk the client did not ask for
            }
        }
    }
    m_deliveredChars += chars;
    if (event.event.isEmpty() && !event.data.isEmpty()) {
        const QByteArray data = withClientModel(event.data, model);
        if (data.constData() != event.data.constData())
            return "data: " + data + "\n\n";
    }
    return event.raw;
}

QByteArray ChatStreamFilter::filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage)
{
    if (const std::optional<JsonBody> json = JsonBody::parse(body, nullptr))
        *usage = TokenUsage::fromResponse(*json);
    if (!*usage)
        *usage = TokenUsage{0, (generatedChars(body) + 3) / 4, true};
    m_deliveredChars = generatedChars(body);
    return withClientModel(body);
}

} // namespace sy
