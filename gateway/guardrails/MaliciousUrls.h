#pragma once

#include "gateway/guardrails/Guardrail.h"

namespace sy {

/**
 * Dangerous links (`malicious_urls`, LLM Guard's MaliciousURLs without its classifier): a
 * host on the deny-list (or under one of its domains), and the shapes phishing uses — a user
 * name before the host (https://bank.example@evil.test/), a bare IP address as host,
 * punycode labels (xn--, look-alike letters), a TLD from `suspicious_tlds`, javascript: and
 * data:text/html links.
 */
class MaliciousUrls : public Guardrail
{
public:
    explicit MaliciousUrls(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;

    /** Why the URL at the start of @p url is dangerous; empty when it is not. */
    QString verdict(QStringView url) const;

private:
    QString verdictAt(QStringView url, qsizetype authority) const;
    QString hostVerdict(QStringView host) const;
    void checkLink(QStringView text, qsizetype start, qsizetype at, QList<Finding>& out) const;

    QStringList m_deny; ///< lower-case domains
    QStringList m_tlds; ///< lower-case, without the dot
};

} // namespace sy
