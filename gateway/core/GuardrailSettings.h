#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace sy {

/**
 * One entry of LiteLLM's `guardrails:` list (issue #16), or one mapped from seed 003's
 * `llm_guard:` section. Plain data: the guardrails layer builds the scanners from it.
 */
struct GuardrailSpec
{
    /** When a guardrail runs (litellm_params.mode; several may be given). */
    enum Mode : int
    {
        PreCall = 1, ///< on the request, before it is sent
        DuringCall = 2, ///< on the request, while the backend already works; the answer waits for it
        PostCall = 4, ///< on the answer
    };
    enum class Action
    {
        Block, ///< refuse the request, or end the answer
        Redact, ///< replace what was found (secrets: [REDACTED]; PII: <EMAIL_ADDRESS>, …) and go on
    };

    QString name; ///< guardrail_name, as requests and keys name it
    QString type; ///< built in: banned_substrings, regex, secrets, pii, token_limit, malicious_urls, no_code;
                  ///< external: llm_guard, webhook
    int modes = PreCall;
    bool defaultOn = false;
    Action action = Action::Block;
    /** post_call on a stream: hold the whole answer until it is scanned, instead of scanning it
        as it streams (nothing is sent before the verdict). */
    bool holdStream = false;

    // banned_substrings, regex
    QStringList substrings;
    QStringList patterns; ///< regular expressions (regex, and banned_substrings' `patterns`)
    bool caseSensitive = false;
    bool wholeWords = false; ///< match_type: word
    // secrets
    bool entropy = true; ///< also flag long random-looking strings (Shannon entropy)
    // pii
    QStringList piiTypes; ///< email, phone, credit_card, iban; empty: all
    // token_limit
    int tokenLimit = 4096;
    // malicious_urls
    QStringList denyDomains;
    QStringList suspiciousTlds;
    bool blockIpHosts = true;
    // external scanners: llm_guard (LLM Guard's API server), webhook (LiteLLM's generic guardrail API)
    QString apiBase;
    QString apiKey;
    std::chrono::milliseconds timeout{5'000};
    bool failOpen = false; ///< an unreachable scanner lets the request through (fail-closed: 503)
    QStringList suppressScanners; ///< llm_guard: scanners_suppress
    QByteArray extraParams; ///< webhook: additional_provider_specific_params, as JSON text

    int line = 0; ///< where it is defined, for diagnostics
    int column = 0;

    bool runs(Mode mode) const { return (modes & mode) != 0; }
    bool isExternal() const { return type == u"llm_guard" || type == u"webhook"; }
};

/** `guardrails:` and seed 003's `llm_guard.multilingual_errors`. */
struct GuardrailSettings
{
    QList<GuardrailSpec> guardrails;
    bool multilingualErrors = false; ///< messages in English, German or Japanese, by Accept-Language

    const GuardrailSpec* find(const QString& name) const
    {
        for (const GuardrailSpec& g : guardrails) {
            if (g.name == name)
                return &g;
        }
        return nullptr;
    }
};

} // namespace sy
