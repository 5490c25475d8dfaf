#include "gateway/dialects/openai/ChatStreamFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"

#include <iterator>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

/** What the gateway needs from one chunk or whole answer, found in one pass. */
struct ChunkScan
{
    qint64 generatedChars = 0; ///< content, reasoning, tool arguments, legacy completions' text
    bool errorMember = false; ///< a top-level "error"
    std::optional<JsonBody::Span> usage; ///< a top-level "usage" object
    std::optional<JsonBody::Span> model; ///< the top-level "model"
};

/** What scan() looks for, by index. */
enum ScanKey
{
    Content,
    ReasoningContent,
    Arguments,
    Text,
    Error,
    Usage,
    Model
};

/** Keeps one member found by a scan. */
void note(ChunkScan& out, const QByteArray& json, const JsonScan::Member& m)
{
    if (m.key < Error) {
        out.generatedChars += JsonScan::stringChars(json, m.valueAt);
    } else if (m.depth == 1) {
        if (m.key == Error)
            out.errorMember = true;
        else if (m.key == Usage && m.valueAt < json.size() && json.at(m.valueAt) == '{' && !out.usage)
            out.usage = JsonScan::valueSpan(json, m.valueAt);
        else if (m.key == Model && !out.model)
            out.model = JsonScan::valueSpan(json, m.valueAt);
    }
}

// In the order of ScanKey.
constexpr QByteArrayView kScanKeys[] = {"content", "reasoning_content", "arguments", "text", "error", "usage", "model"};
constexpr qsizetype kScanKeyCount = qsizetype(std::size(kScanKeys));

/** A chunk of a stream the backend sent (it is not validated: it passes through as it came). */
ChunkScan scan(const QByteArray& json)
{
    ChunkScan out;
    JsonScan::forEachMember(json, kScanKeys, kScanKeyCount, [&](const JsonScan::Member& m) { note(out, json, m); });
    return out;
}

/** A whole answer, validated in the same pass: nullopt when it is not a JSON object. */
std::optional<ChunkScan> scanValid(const QByteArray& json)
{
    ChunkScan out;
    const bool valid = JsonScan::forEachMemberIfValid(
        json, kScanKeys, kScanKeyCount, [&](const JsonScan::Member& m) { note(out, json, m); });
    if (!valid)
        return std::nullopt;
    return out;
}

/** The usage object at @p span of @p json. */
std::optional<TokenUsage> usageAt(const QByteArray& json, const JsonBody::Span& span)
{
    // A view of the answer's bytes, not a copy: the object lives only in this call.
    const std::optional<JsonBody> usage
        = JsonBody::parse(QByteArray::fromRawData(json.constData() + span.begin, span.end - span.begin), nullptr);
    if (!usage)
        return std::nullopt;
    return TokenUsage::fromUsageObject(*usage);
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
    // Most chunks carry neither usage nor an error. Servers asked for usage (vLLM, the mock) put
    // "usage":null in every chunk: only the one whose usage is an object is read.
    const ChunkScan found = scan(event.data);
    if (found.errorMember && !m_error) {
        if (const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr))
            m_error = streamErrorFrom(*json);
    }
    if (found.usage) {
        if (const std::optional<TokenUsage> usage = usageAt(event.data, *found.usage)) {
            m_usage = usage;
            const std::optional<JsonBody::Span> choices = JsonScan::topLevel(event.data, "choices");
            const QByteArrayView choicesText = choices
                ? QByteArrayView(event.data).sliced(choices->begin, choices->end - choices->begin)
                : QByteArrayView();
            if (m_strip && (choicesText.isEmpty() || choicesText.trimmed() == "[]"))
                return {}; // the usage chunk the client did not ask for
        }
    }
    m_deliveredChars += found.generatedChars;
    if (event.event.isEmpty() && !event.data.isEmpty()) {
        const QByteArray data = withClientModel(event.data, found.model);
        if (data.constData() != event.data.constData())
            return "data: " + data + "\n\n";
    }
    return event.raw;
}

std::optional<QByteArray> ChatStreamFilter::filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage)
{
    // One pass validates the answer and finds what a chunk's scan finds; of the answer, only its
    // usage object is parsed.
    const std::optional<ChunkScan> valid = scanValid(body);
    if (!valid)
        return std::nullopt;
    const ChunkScan& found = *valid;
    if (found.usage)
        *usage = usageAt(body, *found.usage);
    if (!*usage)
        *usage = TokenUsage{0, (found.generatedChars + 3) / 4, true};
    m_deliveredChars = found.generatedChars;
    return withClientModel(body, found.model);
}

} // namespace sy
