#include "gateway/pipeline/ExchangeHooks.h"

#include "gateway/cache/CacheKey.h"
#include "gateway/cache/ResponseCache.h"
#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/guardrails/GuardrailSet.h"
#include "gateway/guardrails/PromptText.h"
#include "gateway/http/HeaderNames.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/pipeline/AnswerReplay.h"
#include "gateway/pipeline/AnswerTap.h"
#include "gateway/pipeline/RelayStage.h"
#include "gateway/pipeline/RequestContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QByteArray operationName(Operation operation)
{
    switch (operation) {
    case Operation::Chat:
        return "chat";
    case Operation::Completion:
        return "completion";
    case Operation::Embedding:
        return "embedding";
    default:
        return "other";
    }
}

QStringList namesIn(const JsonBody& owner, const JsonBody::Span& span)
{
    // ["a", "b"], or LiteLLM's {"a": {"extra_body": …}} where the keys are the names.
    QStringList names;
    if (span.type == JsonBody::Type::Array) {
        for (const JsonBody::Span& e : owner.elementsAt(span))
            names.append(owner.stringAt(e));
    } else if (const std::optional<JsonBody> object = owner.objectAt(span)) {
        for (const JsonBody::Member& m : object->members())
            names.append(QString::fromUtf8(m.key));
    }
    return names;
}

} // namespace

ExchangeHooks::ExchangeHooks(
    Services services, RequestContext& ctx, ResponseChannel& channel, IAnswerEncoder* encoder, Delivered delivered)
    : m_services(std::move(services))
    , m_ctx(ctx)
    , m_channel(channel)
    , m_encoder(encoder)
    , m_delivered(std::move(delivered))
{ }

ExchangeHooks::~ExchangeHooks() = default;

// ---- 1. The request's options and guardrails ----

bool ExchangeHooks::readRequestOptions(ApiError* error)
{
    const JsonBody& body = *m_ctx.body;
    const QJsonObject* keyMetadata = m_ctx.principal.key ? &m_ctx.principal.key->key.metadata : nullptr;
    const std::optional<CacheControls> controls = CacheControls::from(body, m_ctx.http.headers, keyMetadata, error);
    if (!controls)
        return false;
    m_controls = *controls;
    m_requested = requestedGuardrails();
    // `cache` and `guardrails` are the gateway's; a backend must not see them (OpenAI refuses
    // unknown parameters).
    if (body.has("cache") || body.has("guardrails")) {
        m_ctx.body = JsonBody::parse(body.withoutMembers({"cache", "guardrails"}), nullptr);
        m_ctx.openAiBody.reset();
    }
    return true;
}

QStringList ExchangeHooks::requestedGuardrails() const
{
    QStringList names;
    const JsonBody& body = *m_ctx.body;
    if (const std::optional<JsonBody::Span> g = body.member("guardrails"))
        names += namesIn(body, *g);
    if (const std::optional<JsonBody> metadata = body.object("metadata")) {
        if (const std::optional<JsonBody::Span> g = metadata->member("guardrails"))
            names += namesIn(*metadata, *g);
    }
    if (m_ctx.principal.key) {
        for (const QJsonValue& v : m_ctx.principal.key->key.metadata.value(u"guardrails"_s).toArray())
            names.append(v.toString());
    }
    if (names.isEmpty())
        return names; // as almost every request: no guardrail asked for
    names.removeAll(QString());
    names.removeDuplicates();
    return names;
}

void ExchangeHooks::checkInput(std::function<void(const StageResult&)> done)
{
    const Operation op = m_ctx.operation;
    if (op != Operation::Chat && op != Operation::Completion && op != Operation::Embedding) {
        done(StageResult::next());
        return;
    }
    ApiError error;
    if (!readRequestOptions(&error)) {
        done(StageResult::reject(error));
        return;
    }
    const GuardrailSet* set = m_services.guardrails.get();
    QString unknown = m_requested.value(0);
    std::optional<QList<const Guardrail*>> selected;
    if (set)
        selected = set->select(m_requested, &unknown);
    else if (m_requested.isEmpty())
        selected.emplace();
    if (!selected) {
        done(StageResult::reject(ApiError::badRequest(
            u"No guardrail is named '%1': the config's `guardrails:` list names the ones there are."_s.arg(unknown),
            "unknown_guardrail",
            "guardrails")));
        return;
    }
    if (selected->isEmpty()) {
        done(StageResult::next());
        return;
    }
    if (set->multilingualErrors())
        m_language = GuardrailMessages::languageOf(m_ctx.http.headers.value("accept-language"));
    startChecks(*selected, std::move(done));
}

ScanRequest ExchangeHooks::scanRequest(const QStringList& texts, bool output) const
{
    ScanRequest r;
    r.texts = texts;
    r.prompt = m_prompt;
    r.output = output;
    r.requestId = m_ctx.id;
    r.keyHash = m_ctx.principal.keyHash;
    r.keyAlias = m_ctx.principal.alias;
    return r;
}

void ExchangeHooks::startChecks(const QList<const Guardrail*>& selected, std::function<void(const StageResult&)> done)
{
    QStringList names;
    for (const Guardrail* g : selected)
        names.append(g->name());
    m_channel.addHeader("x-litellm-applied-guardrails", names.join(u',').toUtf8());
    m_ctx.guardrailDecision = "allowed";
    m_output = GuardrailSet::inMode(selected, GuardrailSpec::PostCall);
    // Built-in during_call scanners take microseconds: they run before the call, like pre_call,
    // in the config's order.
    QList<const Guardrail*> before;
    QList<const Guardrail*> during;
    for (const Guardrail* g : selected) {
        const bool external = g->isExternal();
        if (g->spec().runs(GuardrailSpec::PreCall) || (!external && g->spec().runs(GuardrailSpec::DuringCall)))
            before.append(g);
        if (external && g->spec().runs(GuardrailSpec::DuringCall))
            during.append(g);
    }
    const auto prompt = std::make_shared<PromptText>(PromptText::of(*m_ctx.body));
    m_prompt = prompt->joined();
    if (!during.isEmpty()) {
        m_duringCheck = std::make_unique<TextCheck>(during, scanRequest(prompt->segments(), false));
        m_duringCheck->run([this](const CheckOutcome& outcome) {
            note(outcome);
            m_duringOutcome = outcome;
            if (m_heldWaiting)
                deliverHeld();
        });
    }
    if (before.isEmpty()) {
        done(StageResult::next());
        return;
    }
    m_inputCheck = std::make_unique<TextCheck>(before, scanRequest(prompt->segments(), false));
    m_inputCheck->run([this, prompt, done = std::move(done)](const CheckOutcome& outcome) {
        if (outcome.kind == CheckOutcome::Kind::Pass && outcome.modified) {
            if (std::optional<JsonBody> rewritten = JsonBody::parse(prompt->rewritten(outcome.texts), nullptr)) {
                m_ctx.body = std::move(rewritten);
                m_ctx.openAiBody.reset();
            }
        }
        onInputChecked(outcome, done);
    });
}

void ExchangeHooks::onInputChecked(const CheckOutcome& outcome, std::function<void(const StageResult&)> done)
{
    note(outcome);
    if (outcome.kind == CheckOutcome::Kind::Pass)
        done(StageResult::next());
    else
        done(StageResult::reject(errorOf(outcome, false)));
}

void ExchangeHooks::note(const CheckOutcome& outcome)
{
    for (const QString& d : outcome.decisions)
        noteDecision(d);
}

void ExchangeHooks::noteDecision(const QString& decision)
{
    m_decisions.append(decision);
    m_ctx.guardrailDecision = m_decisions.join(u", "_s).toUtf8();
}

ApiError ExchangeHooks::errorOf(const CheckOutcome& outcome, bool output) const
{
    if (outcome.kind == CheckOutcome::Kind::Unavailable)
        return GuardrailMessages::unavailable(m_language, outcome.guardrail, outcome.reason);
    return GuardrailMessages::violation(m_language, outcome.guardrail, outcome.reason, output);
}

// ---- 2. The cache lookup ----

bool ExchangeHooks::cacheable() const
{
    const CacheSettings& s = m_services.cache->settings();
    const JsonBody& body = *m_ctx.body;
    switch (m_ctx.operation) {
    case Operation::Chat:
        // One choice and no log-probabilities: what the common vocabulary keeps of an answer.
        return s.chat && m_encoder && body.integer("n").value_or(1) <= 1 && !body.boolean("logprobs").value_or(false);
    case Operation::Completion:
        return s.completion && !m_ctx.stream && body.integer("n").value_or(1) <= 1;
    case Operation::Embedding:
        return s.embedding;
    default:
        return false;
    }
}

std::optional<QByteArray> ExchangeHooks::openAiRequest()
{
    if (m_ctx.dialect == Dialect::OpenAi)
        return m_ctx.body->bytes();
    if (!m_ctx.openAiBody) {
        // Translated and parsed once; the forward stage reuses it for backends that need it.
        ApiError error;
        const ParsedRequest parsed{m_ctx.model, m_ctx.stream, m_ctx.clientWantsUsage, m_ctx.user};
        const std::optional<QByteArray> translated
            = DialectRegistry::adapter(m_ctx.dialect).toOpenAi(m_ctx.endpoint, *m_ctx.body, parsed, &error);
        if (translated)
            m_ctx.openAiBody = JsonBody::parse(*translated, nullptr);
    }
    if (!m_ctx.openAiBody)
        return std::nullopt;
    return m_ctx.openAiBody->bytes();
}

void ExchangeHooks::lookup(std::function<void()> miss)
{
    ResponseCache* cache = m_services.cache;
    if (!cache || !cache->isEnabled() || !m_ctx.body || !cacheable()) {
        miss();
        return;
    }
    const CacheSettings& s = cache->settings();
    const bool optedIn = s.mode == CacheSettings::Mode::DefaultOn || m_controls.useCache;
    if (!optedIn) {
        miss(); // mode default_off, and this request did not opt in: the cache is not in play
        return;
    }
    const bool read = !m_controls.noCache;
    m_store = !m_controls.noStore;
    const std::optional<QByteArray> request = read || m_store ? openAiRequest() : std::nullopt;
    const std::optional<JsonBody> json = request ? JsonBody::parse(*request, nullptr) : std::nullopt;
    if (!json) {
        // Neither read nor stored (the request's or its key's controls), or not expressible in
        // the common language.
        m_store = false;
        m_ctx.cacheStatus = "bypass";
        m_channel.addHeader("x-switchyard-cache", "bypass");
        miss();
        return;
    }
    const QString group = m_ctx.config->routing.modelGroupAlias.value(m_ctx.model, m_ctx.model);
    const QByteArray hash
        = CacheKey::of(operationName(m_ctx.operation), group, *json, {s.keyIncludesUser, s.keyIncludesMetadata});
    m_storeKey = cache->storeKey(hash, m_controls.ns);
    m_channel.addHeader("x-litellm-cache-key", hash);
    m_miss = std::move(miss);
    if (!read) {
        m_ctx.cacheStatus = "bypass";
        m_channel.addHeader("x-switchyard-cache", "bypass");
        m_miss();
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    cache->lookup(m_storeKey, m_controls.maxAge, [this, alive](std::optional<CachedAnswer> answer) {
        if (!alive.expired())
            onLookup(std::move(answer));
    });
}

void ExchangeHooks::onLookup(std::optional<CachedAnswer> answer)
{
    const bool chat = m_ctx.operation == Operation::Chat;
    if (!answer || (answer->kind == CachedAnswer::Kind::Chat) != chat) {
        m_ctx.cacheStatus = "miss";
        m_channel.addHeader("x-switchyard-cache", "miss");
        m_miss();
        return;
    }
    m_ctx.cacheStatus = "hit";
    m_channel.addHeader("x-switchyard-cache", "hit");
    m_held = std::move(answer);
    m_heldFromCache = true;
    deliverHeld();
}

void ExchangeHooks::store(CachedAnswer answer)
{
    if (m_storeKey.isEmpty() || !m_store || !m_services.cache)
        return;
    m_services.cache->store(m_storeKey, std::move(answer), m_controls.ttl);
}

// ---- 3. to 5. The answer ----

bool ExchangeHooks::holdNeeded() const
{
    if (m_duringCheck)
        return true; // the answer waits for the scanners that run during the call
    if (m_output.isEmpty())
        return false;
    if (!m_ctx.stream)
        return true; // a whole answer is checked before it goes out
    bool hold = false;
    for (const Guardrail* g : m_output) {
        hold = hold || g->isExternal() || g->spec().holdStream || g->spec().action == GuardrailSpec::Action::Redact
            || !g->scansPieces();
    }
    return hold && m_encoder; // without an encoder a held stream could not be written again
}

AnswerTap* ExchangeHooks::newTap()
{
    AnswerTap::Options options;
    options.capture = !m_storeKey.isEmpty() && m_store;
    options.hold = holdNeeded();
    if (m_ctx.stream && !options.hold && !m_output.isEmpty())
        options.scanner = std::make_unique<StreamScanner>(m_output);
    if (!options.capture && !options.hold && !options.scanner) {
        m_tap.reset();
        return nullptr;
    }
    options.violation = [this](const Violation& v) {
        noteDecision(u"blocked: "_s + v.guardrail);
        return GuardrailMessages::violation(m_language, v.guardrail, v.kind, true);
    };
    m_tap = std::make_unique<AnswerTap>(m_ctx, std::move(options));
    return m_tap.get();
}

void ExchangeHooks::answered()
{
    if (!m_tap || m_tap->violated() || !m_tap->complete() || m_ctx.status != 200)
        return;
    CachedAnswer answer;
    if (m_ctx.operation == Operation::Chat) {
        answer.chat = m_tap->answer();
    } else if (!m_tap->openAiBody().isEmpty()) {
        answer.kind = CachedAnswer::Kind::OpenAiBody;
        answer.body = m_tap->openAiBody();
    } else {
        return;
    }
    store(std::move(answer));
}

void ExchangeHooks::releaseHeld()
{
    if (!m_tap || !m_tap->complete()) {
        m_delivered(ApiError::badGateway(u"The backend's answer could not be read."_s, "upstream_bad_response"));
        return;
    }
    CachedAnswer held;
    if (m_ctx.operation == Operation::Chat || m_tap->openAiBody().isEmpty()) {
        held.chat = m_tap->answer();
    } else {
        held.kind = CachedAnswer::Kind::OpenAiBody;
        held.body = m_tap->openAiBody();
    }
    m_held = std::move(held);
    m_heldClientBody = m_tap->clientBody();
    deliverHeld();
}

void ExchangeHooks::deliverHeld()
{
    if (m_duringCheck && !m_duringOutcome) {
        m_heldWaiting = true; // the during_call scanners have not answered yet
        return;
    }
    m_heldWaiting = false;
    if (m_duringOutcome && m_duringOutcome->kind != CheckOutcome::Kind::Pass) {
        m_delivered(errorOf(*m_duringOutcome, false));
        return;
    }
    if (m_output.isEmpty() || m_ctx.operation == Operation::Embedding) {
        sendHeld();
        return;
    }
    ChatCompletion text = m_held->chat;
    if (m_held->kind == CachedAnswer::Kind::OpenAiBody) {
        QString why; // a legacy completion: its text, read the way a chat answer is
        const std::unique_ptr<IAnswerDecoder> decoder
            = DialectRegistry::adapter(Dialect::OpenAi).decoder(Operation::Completion);
        text = decoder->decodeWhole(m_held->body, &why).value_or(ChatCompletion());
    }
    QStringList texts{text.text, text.reasoning};
    for (const ToolCall& call : std::as_const(text.toolCalls))
        texts.append(call.arguments);
    m_outputCheck = std::make_unique<TextCheck>(m_output, scanRequest(texts, true));
    m_outputCheck->run([this](const CheckOutcome& outcome) { onOutputChecked(outcome); });
}

void ExchangeHooks::onOutputChecked(const CheckOutcome& outcome)
{
    note(outcome);
    if (outcome.kind != CheckOutcome::Kind::Pass) {
        m_delivered(errorOf(outcome, true));
        return;
    }
    if (outcome.modified) {
        if (m_held->kind != CachedAnswer::Kind::Chat || outcome.texts.size() < 2) {
            // A body in OpenAI's completion shape is not rewritten: what would be redacted is refused.
            m_delivered(GuardrailMessages::violation(m_language,
                                                     outcome.decisions.value(0).section(u": "_s, 1),
                                                     u"content it would have to change"_s,
                                                     true));
            return;
        }
        ChatCompletion& chat = m_held->chat;
        chat.text = outcome.texts[0];
        chat.reasoning = outcome.texts[1];
        for (qsizetype i = 0; i < chat.toolCalls.size() && i + 2 < outcome.texts.size(); ++i)
            chat.toolCalls[i].arguments = outcome.texts[i + 2];
        m_modified = true;
    }
    sendHeld();
}

HttpHeaders ExchangeHooks::headersFor(const QByteArray& contentType, bool stream) const
{
    if (m_ctx.deployment)
        return RelayStage::clientHeaders(m_ctx, contentType, stream, m_ctx.elapsedMs());
    // A cache hit: no deployment served it.
    HttpHeaders headers;
    headers.addShared(Headers::kContentType, contentType);
    if (stream) {
        headers.addShared(Headers::kCacheControl, Headers::kNoCache);
        headers.addShared(Headers::kXAccelBuffering, Headers::kNo);
    }
    headers.addShared(Headers::kModelGroup, m_ctx.model.toUtf8());
    headers.addShared(Headers::kOverheadMs, QByteArray::number(m_ctx.elapsedMs()));
    return headers;
}

void ExchangeHooks::sendHeld()
{
    if (!m_channel.isOpen()) {
        m_delivered(std::nullopt); // the client left while the answer was checked: nothing to send
        return;
    }
    const DialectAdapter& client = DialectRegistry::adapter(m_ctx.dialect);
    if (m_held->kind == CachedAnswer::Kind::Chat) {
        if (!m_ctx.stream && !m_modified && !m_heldClientBody.isEmpty()) {
            // A native answer nothing changed goes out exactly as the backend sent it.
            AnswerReplay::body(m_ctx, m_channel, m_heldClientBody, headersFor(Headers::kApplicationJson, false));
        } else if (m_encoder) {
            const QByteArray type = m_ctx.stream ? m_encoder->streamContentType() : Headers::kApplicationJson;
            AnswerReplay::chat(m_ctx, m_channel, *m_encoder, m_held->chat, headersFor(type, m_ctx.stream));
        } else {
            m_delivered(
                ApiError::badGateway(u"This answer cannot be written in the client's API."_s, "translation_failed"));
            return;
        }
    } else {
        QString why;
        const AnswerContext context = m_ctx.answerContext();
        const std::optional<QByteArray> body = client.fromOpenAiWhole(m_ctx.endpoint, m_held->body, context, &why);
        if (!body) {
            m_delivered(
                ApiError::badGateway(u"The stored answer could not be written: %1."_s.arg(why), "translation_failed"));
            return;
        }
        if (const std::optional<JsonBody> json = JsonBody::parse(m_held->body, nullptr))
            m_ctx.usage = TokenUsage::fromResponse(*json);
        AnswerReplay::body(m_ctx, m_channel, *body, headersFor(Headers::kApplicationJson, false));
    }
    if (!m_heldFromCache && !m_modified)
        store(*m_held);
    m_delivered(std::nullopt);
}

} // namespace sy
