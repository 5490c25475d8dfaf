#pragma once

#include "gateway/guardrails/Guardrail.h"

#include <optional>

namespace sy {

/** A guardrail's objection to a streamed answer. */
struct Violation
{
    QString guardrail;
    QString kind;
};

/**
 * Scans an answer as it streams, piece by piece, with built-in guardrails that block (the
 * answer's post_call ones). Each piece is scanned together with the end of what came before
 * (the largest window() of the guardrails), so a secret split across two events is caught
 * when its second half arrives, before that half is sent. What was sent before cannot be
 * recalled: the stream then ends with the dialect's error event.
 */
class StreamScanner
{
public:
    explicit StreamScanner(QList<const Guardrail*> guardrails);

    bool isEmpty() const { return m_guardrails.isEmpty(); }
    /** The first objection to @p piece, read after everything fed before. */
    std::optional<Violation> feed(QStringView piece);

private:
    QList<const Guardrail*> m_guardrails;
    QString m_tail; ///< the end of what was fed, at most m_window characters
    qsizetype m_window = 0;
};

} // namespace sy
