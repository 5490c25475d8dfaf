#pragma once

#include "gateway/core/GuardrailSettings.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace sy {

/** Something a guardrail found in a text: where, and what it is ("an AWS access key"). */
struct Finding
{
    qsizetype start = 0;
    qsizetype length = 0;
    QString kind; ///< for messages and logs; never the text found
    QString replacement; ///< what redaction writes instead (e.g. [REDACTED], <EMAIL_ADDRESS>)
};

/**
 * One configured guardrail (issue #16). Built-in guardrails scan text themselves, at once and
 * without a model: scan() returns what they found, and the guardrail's action (block or redact)
 * says what happens. External ones (ExternalGuardrail) ask a service instead.
 */
class Guardrail
{
public:
    explicit Guardrail(GuardrailSpec spec)
        : m_spec(std::move(spec))
    { }
    virtual ~Guardrail() = default;
    Q_DISABLE_COPY_MOVE(Guardrail)

    const GuardrailSpec& spec() const { return m_spec; }
    const QString& name() const { return m_spec.name; }
    virtual bool isExternal() const { return false; }

    /** What @p text holds that this guardrail objects to; empty when it passes. */
    virtual QList<Finding> scan(QStringView text) const = 0;
    /** The longest text one finding can span: a stream is scanned with this much of what came
        before, so a pattern split across events is still caught. */
    virtual int window() const { return 256; }
    /** False for guardrails that judge a whole text (token_limit): they do not scan streams. */
    virtual bool scansPieces() const { return true; }

    /** @p text with every finding replaced (redact and mask actions). */
    static QString redacted(QStringView text, const QList<Finding>& findings);

private:
    GuardrailSpec m_spec;
};

} // namespace sy
