#include "gateway/guardrails/PromptText.h"

#include "gateway/core/JsonWriter.h"

namespace sy {

namespace {

bool isPromptKey(QByteArrayView key)
{
    return key == "content" || key == "text" || key == "prompt" || key == "input" || key == "system"
        || key == "instructions";
}

// Schemas, switches and the gateway's own fields: their strings are never sent as prompt text.
bool isSkipped(QByteArrayView key)
{
    return key == "tools" || key == "functions" || key == "tool_choice" || key == "response_format" || key == "format"
        || key == "metadata" || key == "cache" || key == "guardrails" || key == "stream_options" || key == "model"
        || key == "mock";
}

} // namespace

PromptText PromptText::of(const JsonBody& body)
{
    PromptText text;
    text.m_body = body.bytes();
    text.collect(body, 0);
    return text;
}

void PromptText::collect(const JsonBody& object, qsizetype base)
{
    for (const JsonBody::Member& m : object.members()) {
        if (isSkipped(m.key))
            continue;
        collectValue(object, m.value, base, isPromptKey(m.key));
    }
}

void PromptText::collectValue(const JsonBody& owner, const JsonBody::Span& span, qsizetype base, bool prompt)
{
    switch (span.type) {
    case JsonBody::Type::String:
        if (prompt) {
            m_segments.append(owner.stringAt(span));
            m_spans.append({base + span.begin, base + span.end});
        }
        return;
    case JsonBody::Type::Array:
        for (const JsonBody::Span& element : owner.elementsAt(span))
            collectValue(owner, element, base, prompt);
        return;
    case JsonBody::Type::Object:
        if (const std::optional<JsonBody> inner = owner.objectAt(span))
            collect(*inner, base + span.begin);
        return;
    default:
        return;
    }
}

QByteArray PromptText::rewritten(const QStringList& segments) const
{
    QByteArray out = m_body;
    // From the last to the first, so earlier offsets stay valid.
    for (qsizetype i = qMin(segments.size(), m_segments.size()) - 1; i >= 0; --i) {
        if (segments[i] == m_segments[i])
            continue;
        QByteArray quoted;
        JsonWriter::appendQuoted(quoted, segments[i].toUtf8());
        out.replace(m_spans[i].first, m_spans[i].second - m_spans[i].first, quoted);
    }
    return out;
}

} // namespace sy
