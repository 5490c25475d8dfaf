#pragma once

#include "gateway/guardrails/Guardrail.h"
#include "gateway/guardrails/PhraseMatcher.h"

#include <QRegularExpression>

namespace sy {

/**
 * Banned words and phrases (`banned_substrings`, LLM Guard's BanSubstrings) and regular
 * expressions (`regex`, LLM Guard's Regex), on the request or the answer. Case-insensitive
 * unless told otherwise; `match_type: word` matches whole words only.
 */
class BannedSubstrings : public Guardrail
{
public:
    explicit BannedSubstrings(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;
    int window() const override { return m_window; }

private:
    void scanSubstrings(QStringView text, QList<Finding>& out) const;
    void findAll(QStringView haystack, QStringView text, QList<Finding>& out) const;
    static QStringList needles(const GuardrailSpec& spec);
    bool atWordBoundary(QStringView text, qsizetype start, qsizetype length) const;

    PhraseMatcher m_phrases; ///< case-folded unless case-sensitive
    QList<QRegularExpression> m_patterns;
    int m_window = 0;
};

} // namespace sy
