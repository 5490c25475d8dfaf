#include "gateway/guardrails/LlmGuardClient.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"

using namespace Qt::StringLiterals;

namespace sy {

QUrl LlmGuardClient::endpoint(const ScanRequest& request) const
{
    return urlWithPath(request.output ? u"/analyze/output"_s : u"/analyze/prompt"_s);
}

QByteArray LlmGuardClient::body(const ScanRequest& request) const
{
    JsonWriter w;
    w.beginObject();
    if (request.output) {
        w.key("prompt").string(request.prompt);
        w.key("output").string(request.texts.join(u'\n'));
    } else {
        w.key("prompt").string(request.texts.join(u'\n'));
    }
    w.key("scanners_suppress").beginArray();
    for (const QString& s : spec().suppressScanners)
        w.string(s);
    w.endArray();
    w.endObject();
    return w.take();
}

ExternalVerdict LlmGuardClient::verdictFrom(const QByteArray& answer)
{
    ExternalVerdict v;
    const std::optional<JsonBody> json = JsonBody::parse(answer, nullptr);
    const std::optional<bool> valid = json ? json->boolean("is_valid") : std::nullopt;
    if (!valid) {
        v.kind = ExternalVerdict::Kind::Unavailable;
        v.reason = u"its answer has no is_valid"_s;
        return v;
    }
    if (*valid)
        return v;
    v.kind = ExternalVerdict::Kind::Block;
    QStringList flagged;
    if (const std::optional<JsonBody> scanners = json->object("scanners")) {
        for (const JsonBody::Member& m : scanners->members()) {
            const std::optional<double> score = scanners->number(m.key);
            if (score.value_or(0) > 0)
                flagged.append(QString::fromUtf8(m.key));
        }
    }
    v.reason = flagged.isEmpty() ? u"content LLM Guard flagged"_s
                                 : u"content LLM Guard flagged (%1)"_s.arg(flagged.join(u", "_s));
    return v;
}

} // namespace sy
