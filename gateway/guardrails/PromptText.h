#pragma once

#include "gateway/core/JsonBody.h"

#include <QList>
#include <QStringList>

namespace sy {

/**
 * The text a request sends to the model, in any dialect: every string under a key that carries
 * prompt text (content, text, prompt, input, system, instructions), at any depth, in order:
 * OpenAI's messages and content parts, Anthropic's system and blocks, Ollama's prompt,
 * embeddings' input. Tool schemas, response formats and metadata are not prompt text. It
 * remembers where each string sits, so a guardrail that redacts can rewrite just those bytes.
 */
class PromptText
{
public:
    static PromptText of(const JsonBody& body);

    const QStringList& segments() const { return m_segments; }
    /** The segments joined by newlines: for scanners that judge the prompt as a whole. */
    QString joined() const { return m_segments.join(u'\n'); }
    /** The request with segment i replaced by @p segments[i] where they differ. */
    QByteArray rewritten(const QStringList& segments) const;

private:
    void collect(const JsonBody& object, qsizetype base);
    void collectValue(const JsonBody& owner, const JsonBody::Span& span, qsizetype base, bool prompt);

    QByteArray m_body;
    QStringList m_segments;
    QList<QPair<qsizetype, qsizetype>> m_spans; ///< [begin, end) of each string, quotes included
};

} // namespace sy
