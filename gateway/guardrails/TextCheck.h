#pragma once

#include "gateway/guardrails/ExternalGuardrail.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sy {

/** How a check of texts ended. */
struct CheckOutcome
{
    enum class Kind
    {
        Pass, ///< go on (with `texts`, which a redacting guardrail may have changed)
        Block,
        Unavailable, ///< an external scanner could not answer and fails closed
    };
    Kind kind = Kind::Pass;
    QString guardrail; ///< the one that blocked, or could not answer
    QString reason; ///< what it found, or why it could not answer; never the text
    QStringList texts;
    bool modified = false;
    QStringList decisions; ///< "redacted: pii", "failed open: llm-guard", … (the rest allowed)
    QStringList ran; ///< the guardrails that ran, in order
};

/**
 * Runs guardrails over texts once (a prompt before it is sent, or a whole answer): built-in
 * ones at once, in config order, a blocking finding ending the check; then the external ones,
 * all at the same time, on the texts the built-ins left. Destroying it aborts the calls in
 * flight.
 */
class TextCheck
{
public:
    TextCheck(QList<const Guardrail*> guardrails, ScanRequest request);
    ~TextCheck();

    using Done = std::function<void(const CheckOutcome& outcome)>;
    /** @p done is called exactly once, from inside run() when no external scanner is asked. */
    void run(Done done);

private:
    using Found = QList<QPair<qsizetype, QList<Finding>>>; ///< findings per text; -1: the texts joined
    bool runBuiltIns();
    Found scanBuiltIn(const Guardrail* guardrail);
    const QString& joinedTexts();
    bool startExternals();
    void onVerdict(const ExternalGuardrail* guardrail, const ExternalVerdict& verdict);
    void finishExternal();

    QList<const Guardrail*> m_guardrails;
    ScanRequest m_request;
    CheckOutcome m_outcome;
    std::optional<QString> m_joined; ///< m_outcome.texts joined by newlines, once, for whole-text guardrails
    Done m_done;
    std::vector<std::unique_ptr<JsonPost>> m_calls;
    QList<QPair<const ExternalGuardrail*, ExternalVerdict>> m_verdicts;
    int m_pending = 0;
};

} // namespace sy
