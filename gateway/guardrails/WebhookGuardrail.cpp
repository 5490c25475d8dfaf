#include "gateway/guardrails/WebhookGuardrail.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"

using namespace Qt::StringLiterals;

namespace sy {

QUrl WebhookGuardrail::endpoint(const ScanRequest&) const
{
    return urlWithPath(u"/beta/litellm_basic_guardrail_api"_s);
}

QByteArray WebhookGuardrail::body(const ScanRequest& request) const
{
    JsonWriter w;
    w.beginObject();
    w.key("texts").beginArray();
    for (const QString& t : request.texts)
        w.string(t);
    w.endArray();
    w.key("input_type").stringUtf8(request.output ? "response" : "request");
    w.key("litellm_call_id").stringUtf8(QByteArray("sy-" + QByteArray::number(request.requestId)));
    w.key("request_data").beginObject();
    w.key("user_api_key_hash").string(request.keyHash);
    w.key("user_api_key_alias").string(request.keyAlias);
    w.endObject();
    w.key("additional_provider_specific_params")
        .raw(spec().extraParams.isEmpty() ? QByteArray("{}") : spec().extraParams);
    w.endObject();
    return w.take();
}

ExternalVerdict WebhookGuardrail::verdictFrom(const QByteArray& answer, qsizetype textCount)
{
    ExternalVerdict v;
    const std::optional<JsonBody> json = JsonBody::parse(answer, nullptr);
    const QString action = json ? json->string("action").value_or(QString()) : QString();
    if (action == u"NONE")
        return v;
    if (action == u"BLOCKED") {
        v.kind = ExternalVerdict::Kind::Block;
        const QString why = json->string("blocked_reason").value_or(QString()).left(200);
        v.reason = why.isEmpty() ? u"content the webhook refused"_s : u"content the webhook refused (%1)"_s.arg(why);
        return v;
    }
    if (action == u"GUARDRAIL_INTERVENED") {
        for (const JsonBody::Span& s : json->elements("texts"))
            v.texts.append(json->stringAt(s));
        if (v.texts.size() == textCount) {
            v.kind = ExternalVerdict::Kind::Modify;
            return v;
        }
    }
    v.kind = ExternalVerdict::Kind::Unavailable;
    v.reason = u"its answer is not one of NONE, BLOCKED or GUARDRAIL_INTERVENED with the texts"_s;
    return v;
}

} // namespace sy
