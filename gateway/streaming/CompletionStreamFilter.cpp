#include "gateway/streaming/CompletionStreamFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Characters of generated text in one chunk: chat deltas carry `content`, completions `text`.
qint64 contentLength(const QByteArray& data)
{
    const QJsonArray choices = QJsonDocument::fromJson(data).object().value(u"choices"_s).toArray();
    qint64 chars = 0;
    for (const QJsonValue& choice : choices) {
        const QJsonObject c = choice.toObject();
        chars += c.value(u"delta"_s).toObject().value(u"content"_s).toString().size();
        chars += c.value(u"text"_s).toString().size();
    }
    return chars;
}

} // namespace

CompletionStreamFilter::CompletionStreamFilter(bool stripUsageChunk)
    : m_strip(stripUsageChunk)
{ }

QByteArray CompletionStreamFilter::process(const QByteArray& rawEvent)
{
    const SseEvent event = SseEvent::parse(rawEvent);
    if (event.data.trimmed() == "[DONE]") {
        m_done = rawEvent;
        return {};
    }
    if (event.event == "error")
        m_sawError = true;
    // Cheap byte tests first: most chunks carry neither usage nor an error.
    const bool mentionsUsage = event.data.contains("\"usage\"");
    const bool mentionsError = event.data.contains("\"error\"");
    if (mentionsUsage || mentionsError) {
        if (const auto json = JsonBody::parse(event.data, nullptr)) {
            if (mentionsError && json->member("error"))
                m_sawError = true;
            if (const auto usage = TokenUsage::fromResponse(*json)) {
                m_usage = usage;
                const QByteArrayView choices = json->raw("choices");
                if (m_strip && (choices.isEmpty() || choices.trimmed() == "[]"))
                    return {}; // the usage chunk the client did not ask for
            }
        }
    }
    if (!m_usage && !event.data.isEmpty())
        m_contentChars += contentLength(event.data);
    m_sawContent = true;
    return rawEvent;
}

} // namespace sy
