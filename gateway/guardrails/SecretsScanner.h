#pragma once

#include "gateway/guardrails/Guardrail.h"

#include <QRegularExpression>

#include <optional>

namespace sy {

/**
 * Credentials in text (`secrets`, LiteLLM's hide-secrets, LLM Guard's Secrets): API keys and
 * tokens by their known shapes (OpenAI/Anthropic sk-…, AWS AKIA…, GitHub ghp_…, GitLab,
 * Slack, Stripe, Google, Hugging Face, npm, JWTs), private key blocks, `password = …`-style
 * assignments, passwords in URLs, and — like detect-secrets, which LLM Guard uses — long
 * random-looking strings by their Shannon entropy. One pass over the text finds the token
 * candidates; only long tokens are examined further.
 */
class SecretsScanner : public Guardrail
{
public:
    explicit SecretsScanner(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;
    int window() const override { return 512; }

    /** Shannon entropy of @p token in bits per character. */
    static double entropy(QStringView token);
    /** What @p token is, when it looks like a credential. */
    std::optional<QString> kindOf(QStringView token) const;

private:
    void scanTokens(QStringView text, QList<Finding>& out) const;
    void checkToken(QStringView text, qsizetype start, qsizetype end, QList<Finding>& out) const;
    void scanPrivateKeys(QStringView text, QList<Finding>& out) const;
    void scanUrlPasswords(QStringView text, QList<Finding>& out) const;

    QRegularExpression m_urlPassword;
};

} // namespace sy
