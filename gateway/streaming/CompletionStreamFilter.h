#pragma once

#include "gateway/core/TokenUsage.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * Looks at each event of a completion stream on its way to the client. It reads the token
 * usage (the gateway asks every backend for it with stream_options.include_usage), drops the
 * usage-only chunk when the client did not ask for one, notes the first content event (time to
 * first token) and holds back `data: [DONE]` so it goes out together with the end of the
 * stream.
 */
class CompletionStreamFilter
{
public:
    explicit CompletionStreamFilter(bool stripUsageChunk);

    /** Returns the bytes of @p rawEvent to forward now; empty when it is held back or dropped. */
    QByteArray process(const QByteArray& rawEvent);

    bool sawDone() const { return !m_done.isEmpty(); }
    /** The held-back [DONE] event, to send with the end of the stream. */
    const QByteArray& doneEvent() const { return m_done; }
    /** True once an event other than [DONE] or the stripped usage chunk has passed. */
    bool sawContent() const { return m_sawContent; }
    /** True when the backend sent an error object inside the stream. */
    bool sawError() const { return m_sawError; }
    std::optional<TokenUsage> usage() const { return m_usage; }
    /** Completion text seen so far, in characters, for estimating tokens when none are reported. */
    qint64 contentChars() const { return m_contentChars; }

private:
    bool m_strip;
    bool m_sawContent = false;
    bool m_sawError = false;
    QByteArray m_done;
    std::optional<TokenUsage> m_usage;
    qint64 m_contentChars = 0;
};

} // namespace sy
