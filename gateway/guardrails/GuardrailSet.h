#pragma once

#include "gateway/core/GuardrailSettings.h"
#include "gateway/guardrails/Guardrail.h"

#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace sy {

class IUpstreamClient;

/**
 * The configured guardrails, built once per config (patterns compiled, external clients
 * made), and the rule that picks a request's: every default_on guardrail, plus those the
 * request names (`guardrails: [...]` or `metadata.guardrails`) and those its virtual key has
 * (`metadata.guardrails`, as LiteLLM keeps them).
 */
class GuardrailSet
{
public:
    /** @p client: for the external scanners; may be null when there are none. */
    GuardrailSet(const GuardrailSettings& settings, IUpstreamClient* client);
    ~GuardrailSet();

    bool isEmpty() const { return m_guardrails.empty(); }
    bool multilingualErrors() const { return m_multilingual; }
    const Guardrail* find(const QString& name) const;

    /** The guardrails of a request that names @p requested; nullopt with @p unknown set to a
        name no guardrail has. */
    std::optional<QList<const Guardrail*>> select(const QStringList& requested, QString* unknown) const;

    /** Of @p selected, those that run in @p mode. */
    static QList<const Guardrail*> inMode(const QList<const Guardrail*>& selected, GuardrailSpec::Mode mode);

    /** A guardrail built from @p spec (for tests and the benchmark). */
    static std::unique_ptr<Guardrail> build(const GuardrailSpec& spec, IUpstreamClient* client);

private:
    std::vector<std::unique_ptr<Guardrail>> m_guardrails; ///< config order
    bool m_multilingual = false;
};

} // namespace sy
