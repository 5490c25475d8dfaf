#include "gateway/guardrails/GuardrailSet.h"

#include "gateway/guardrails/BannedSubstrings.h"
#include "gateway/guardrails/LlmGuardClient.h"
#include "gateway/guardrails/MaliciousUrls.h"
#include "gateway/guardrails/NoCode.h"
#include "gateway/guardrails/PiiScanner.h"
#include "gateway/guardrails/SecretsScanner.h"
#include "gateway/guardrails/TokenLimit.h"
#include "gateway/guardrails/WebhookGuardrail.h"

namespace sy {

std::unique_ptr<Guardrail> GuardrailSet::build(const GuardrailSpec& spec, IUpstreamClient* client)
{
    const QString& t = spec.type;
    if (t == u"banned_substrings" || t == u"regex")
        return std::make_unique<BannedSubstrings>(spec);
    if (t == u"secrets")
        return std::make_unique<SecretsScanner>(spec);
    if (t == u"pii")
        return std::make_unique<PiiScanner>(spec);
    if (t == u"token_limit")
        return std::make_unique<TokenLimit>(spec);
    if (t == u"malicious_urls")
        return std::make_unique<MaliciousUrls>(spec);
    if (t == u"no_code")
        return std::make_unique<NoCode>(spec);
    if (client && t == u"llm_guard")
        return std::make_unique<LlmGuardClient>(spec, *client);
    if (client && t == u"webhook")
        return std::make_unique<WebhookGuardrail>(spec, *client);
    return nullptr;
}

GuardrailSet::GuardrailSet(const GuardrailSettings& settings, IUpstreamClient* client)
    : m_multilingual(settings.multilingualErrors)
{
    for (const GuardrailSpec& spec : settings.guardrails) {
        if (std::unique_ptr<Guardrail> g = build(spec, client))
            m_guardrails.push_back(std::move(g));
    }
}

GuardrailSet::~GuardrailSet() = default;

const Guardrail* GuardrailSet::find(const QString& name) const
{
    for (const auto& g : m_guardrails) {
        if (g->name() == name)
            return g.get();
    }
    return nullptr;
}

std::optional<QList<const Guardrail*>> GuardrailSet::select(const QStringList& requested, QString* unknown) const
{
    for (const QString& name : requested) {
        if (!find(name)) {
            *unknown = name;
            return std::nullopt;
        }
    }
    QList<const Guardrail*> out;
    for (const auto& g : m_guardrails) {
        if (g->spec().defaultOn || requested.contains(g->name()))
            out.append(g.get());
    }
    return out;
}

QList<const Guardrail*> GuardrailSet::inMode(const QList<const Guardrail*>& selected, GuardrailSpec::Mode mode)
{
    QList<const Guardrail*> out;
    for (const Guardrail* g : selected) {
        if (g->spec().runs(mode))
            out.append(g);
    }
    return out;
}

} // namespace sy
