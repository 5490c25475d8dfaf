#pragma once

#include "gateway/guardrails/ExternalGuardrail.h"

namespace sy {

/**
 * LLM Guard's API server (`llm_guard`): POST /analyze/prompt {"prompt", "scanners_suppress"}
 * for requests and /analyze/output {"prompt", "output", "scanners_suppress"} for answers,
 * with `Authorization: Bearer api_key` when one is set. It answers {"is_valid", "scanners":
 * {name: risk score}, "sanitized_…"}; is_valid false blocks, naming the scanners whose score
 * is above zero. This is how the scanners that need models run (PromptInjection, Toxicity,
 * NoRefusal, …): the server decides which scanners run (its scanners.yml).
 */
class LlmGuardClient : public ExternalGuardrail
{
public:
    using ExternalGuardrail::ExternalGuardrail;

    /** Reads an /analyze answer; Unavailable when it is not one. */
    static ExternalVerdict verdictFrom(const QByteArray& answer);

protected:
    QUrl endpoint(const ScanRequest& request) const override;
    QByteArray body(const ScanRequest& request) const override;
    ExternalVerdict verdictOf(const QByteArray& answer, const ScanRequest&) const override
    {
        return verdictFrom(answer);
    }
};

} // namespace sy
