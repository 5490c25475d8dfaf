#pragma once

#include "gateway/guardrails/Guardrail.h"

namespace sy {

/**
 * A prompt too long (`token_limit`, LLM Guard's TokenLimit): more tokens than `limit`. Without
 * the backend's tokenizer, tokens are estimated as the gateway does elsewhere, four characters
 * a token, so the limit is approximate (LLM Guard counts with tiktoken's cl100k_base).
 */
class TokenLimit : public Guardrail
{
public:
    explicit TokenLimit(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;
    bool scansPieces() const override { return false; }

    static qint64 estimatedTokens(QStringView text) { return (text.size() + 3) / 4; }
};

} // namespace sy
