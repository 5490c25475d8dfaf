#pragma once

#include "gateway/guardrails/ExternalGuardrail.h"

namespace sy {

/**
 * A guardrail service of your own (`webhook`), spoken to in LiteLLM's Generic Guardrail API
 * (`generic_guardrail_api`): POST {api_base}/beta/litellm_basic_guardrail_api with
 * {"texts", "input_type": "request"|"response", "litellm_call_id", "request_data",
 * "additional_provider_specific_params"}, answered {"action": "NONE" | "BLOCKED" |
 * "GUARDRAIL_INTERVENED", "blocked_reason", "texts"}. GUARDRAIL_INTERVENED goes on with the
 * texts it returns.
 */
class WebhookGuardrail : public ExternalGuardrail
{
public:
    using ExternalGuardrail::ExternalGuardrail;

    static ExternalVerdict verdictFrom(const QByteArray& answer, qsizetype textCount);

protected:
    QUrl endpoint(const ScanRequest& request) const override;
    QByteArray body(const ScanRequest& request) const override;
    ExternalVerdict verdictOf(const QByteArray& answer, const ScanRequest& request) const override
    {
        return verdictFrom(answer, request.texts.size());
    }
};

} // namespace sy
