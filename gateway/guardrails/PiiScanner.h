#pragma once

#include "gateway/guardrails/Guardrail.h"

#include <QVarLengthArray>

namespace sy {

/**
 * Personal data by pattern (`pii`; LiteLLM's presidio without its models): e-mail addresses,
 * phone numbers (international, or written with separators), payment card numbers (13 to 19
 * digits that pass the Luhn check) and IBANs (that pass the ISO 7064 mod-97 check). The
 * checksums keep ordinary numbers from counting. Masking writes Presidio's entity names:
 * <EMAIL_ADDRESS>, <PHONE_NUMBER>, <CREDIT_CARD>, <IBAN_CODE>.
 */
class PiiScanner : public Guardrail
{
public:
    explicit PiiScanner(GuardrailSpec spec);

    QList<Finding> scan(QStringView text) const override;
    int window() const override { return 128; }

    static bool luhnValid(QStringView digits);
    static bool ibanValid(QStringView iban);

private:
    void scanEmails(QStringView text, QList<Finding>& out) const;
    using DigitRuns = QVarLengthArray<qsizetype, 256>; ///< where runs of ASCII digits start
    static DigitRuns digitRunsIn(QStringView text);
    void scanNumbers(QStringView text, const DigitRuns& runs, QList<Finding>& out) const;
    void scanIbans(QStringView text, const DigitRuns& runs, QList<Finding>& out) const;

    bool m_email = true, m_phone = true, m_card = true, m_iban = true;
};

} // namespace sy
