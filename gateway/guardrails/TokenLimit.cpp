#include "gateway/guardrails/TokenLimit.h"

using namespace Qt::StringLiterals;

namespace sy {

TokenLimit::TokenLimit(GuardrailSpec spec)
    : Guardrail(std::move(spec))
{ }

QList<Finding> TokenLimit::scan(QStringView text) const
{
    const qint64 tokens = estimatedTokens(text);
    if (tokens <= spec().tokenLimit)
        return {};
    return {{0, text.size(), u"about %1 tokens, over the limit of %2"_s.arg(tokens).arg(spec().tokenLimit), QString()}};
}

} // namespace sy
