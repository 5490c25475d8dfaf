#pragma once

#include "gateway/guardrails/Guardrail.h"

#include <QRegularExpression>

namespace sy {

/**
 * No program code in answers (`no_code`; seed 003's NoCode, LLM Guard's BanCode without its
 * model): a Markdown code fence (```), or two lines that open like code in the common
 * languages (def, class, import, #include, function, public static, SELECT … FROM, <?php, a
 * shebang). Prose that merely mentions code passes.
 */
class NoCode : public Guardrail
{
public:
    explicit NoCode(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;
    int window() const override { return 512; }

private:
    QRegularExpression m_codeLine;
};

} // namespace sy
