#include "gateway/guardrails/TextCheck.h"

#include "gateway/guardrails/JsonPost.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGuardrails, "switchyard.guardrails", QtInfoMsg)

namespace sy {

TextCheck::TextCheck(QList<const Guardrail*> guardrails, ScanRequest request)
    : m_guardrails(std::move(guardrails))
    , m_request(std::move(request))
{
    m_outcome.texts = m_request.texts;
}

TextCheck::~TextCheck() = default;

const QString& TextCheck::joinedTexts()
{
    if (!m_joined)
        m_joined = m_outcome.texts.join(u'\n');
    return *m_joined;
}

TextCheck::Found TextCheck::scanBuiltIn(const Guardrail* g)
{
    Found found;
    if (!g->scansPieces()) {
        if (QList<Finding> f = g->scan(joinedTexts()); !f.isEmpty())
            found.append({-1, std::move(f)});
        return found;
    }
    for (qsizetype i = 0; i < m_outcome.texts.size(); ++i) {
        if (QList<Finding> f = g->scan(m_outcome.texts[i]); !f.isEmpty())
            found.append({i, std::move(f)});
    }
    return found;
}

bool TextCheck::runBuiltIns()
{
    m_outcome.ran.reserve(m_guardrails.size());
    for (const Guardrail* g : std::as_const(m_guardrails)) {
        if (g->isExternal())
            continue;
        m_outcome.ran.append(g->name());
        const Found found = scanBuiltIn(g);
        if (found.isEmpty())
            continue;
        if (g->spec().action == GuardrailSpec::Action::Block || found.first().first < 0) {
            m_outcome.kind = CheckOutcome::Kind::Block;
            m_outcome.guardrail = g->name();
            m_outcome.reason = found.first().second.first().kind;
            m_outcome.decisions.append(u"blocked: "_s + g->name());
            return false;
        }
        for (const auto& [index, findings] : found)
            m_outcome.texts[index] = Guardrail::redacted(m_outcome.texts[index], findings);
        m_joined.reset();
        m_outcome.modified = true;
        m_outcome.decisions.append(u"redacted: "_s + g->name());
    }
    return true;
}

/** Asks every external scanner about the texts the built-ins left; false when there is none. */
bool TextCheck::startExternals()
{
    std::optional<ScanRequest> request;
    for (const Guardrail* g : std::as_const(m_guardrails)) {
        if (!g->isExternal())
            continue;
        if (!request) {
            request = m_request;
            request->texts = m_outcome.texts;
        }
        const auto* external = static_cast<const ExternalGuardrail*>(g);
        m_outcome.ran.append(g->name());
        ++m_pending;
        m_calls.push_back(external->check(
            *request, [this, external](const ExternalVerdict& verdict) { onVerdict(external, verdict); }));
    }
    return m_pending > 0;
}

void TextCheck::run(Done done)
{
    m_done = std::move(done);
    if (!runBuiltIns() || !startExternals()) {
        const CheckOutcome outcome = m_outcome; // a copy: the callback may destroy this object
        std::exchange(m_done, nullptr)(outcome);
    }
}

void TextCheck::onVerdict(const ExternalGuardrail* guardrail, const ExternalVerdict& verdict)
{
    m_verdicts.append({guardrail, verdict});
    if (--m_pending == 0)
        finishExternal();
}

void TextCheck::finishExternal()
{
    // Config order decides which verdict speaks when several object.
    for (const Guardrail* g : std::as_const(m_guardrails)) {
        for (const auto& [external, v] : std::as_const(m_verdicts)) {
            if (external != g)
                continue;
            if (v.kind == ExternalVerdict::Kind::Block && m_outcome.kind == CheckOutcome::Kind::Pass) {
                m_outcome.kind = CheckOutcome::Kind::Block;
                m_outcome.guardrail = g->name();
                m_outcome.reason = v.reason;
                m_outcome.decisions.append(u"blocked: "_s + g->name());
            } else if (v.kind == ExternalVerdict::Kind::Unavailable) {
                qCWarning(lcGuardrails).noquote()
                    << "guardrail" << g->name() << "could not check request" << m_request.requestId << ":" << v.reason
                    << (g->spec().failOpen ? "(fails open)" : "(fails closed)");
                m_outcome.decisions.append((g->spec().failOpen ? u"failed open: "_s : u"unavailable: "_s) + g->name());
                if (!g->spec().failOpen && m_outcome.kind == CheckOutcome::Kind::Pass) {
                    m_outcome.kind = CheckOutcome::Kind::Unavailable;
                    m_outcome.guardrail = g->name();
                    m_outcome.reason = v.reason;
                }
            } else if (v.kind == ExternalVerdict::Kind::Modify) {
                m_outcome.texts = v.texts;
                m_outcome.modified = true;
                m_outcome.decisions.append(u"modified: "_s + g->name());
            }
        }
    }
    // The callback may destroy this object: it is the last thing done here, on a copy.
    const CheckOutcome outcome = m_outcome;
    if (Done done = std::exchange(m_done, nullptr))
        done(outcome);
}

} // namespace sy
