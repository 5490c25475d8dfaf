#include "gateway/cache/CachedAnswer.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"

namespace sy {

namespace {

constexpr qint64 kFormat = 1; // bump when the layout changes: old entries then read as misses

void writeUsage(JsonWriter& w, const TokenUsage& u)
{
    w.beginObject();
    w.key("prompt").number(u.promptTokens);
    w.key("completion").number(u.completionTokens);
    w.key("cache_read").number(u.cacheReadTokens);
    w.key("estimated").boolean(u.estimated);
    w.endObject();
}

void writeChat(JsonWriter& w, const ChatCompletion& c)
{
    w.key("text").string(c.text);
    if (!c.reasoning.isEmpty())
        w.key("reasoning").string(c.reasoning);
    if (!c.toolCalls.isEmpty()) {
        w.key("tool_calls").beginArray();
        for (const ToolCall& call : c.toolCalls)
            w.beginObject()
                .key("id")
                .string(call.id)
                .key("name")
                .string(call.name)
                .key("arguments")
                .string(call.arguments)
                .endObject();
        w.endArray();
    }
    w.key("finish_reason").stringUtf8(c.finishReason);
    if (!c.stopSequence.isEmpty())
        w.key("stop_sequence").string(c.stopSequence);
    if (c.usage) {
        w.key("usage");
        writeUsage(w, *c.usage);
    }
}

std::optional<TokenUsage> readUsage(const JsonBody& json)
{
    const std::optional<JsonBody> u = json.object("usage");
    if (!u)
        return std::nullopt;
    TokenUsage usage;
    usage.promptTokens = u->integer("prompt").value_or(0);
    usage.completionTokens = u->integer("completion").value_or(0);
    usage.cacheReadTokens = u->integer("cache_read").value_or(0);
    usage.estimated = u->boolean("estimated").value_or(false);
    return usage;
}

ChatCompletion readChat(const JsonBody& json)
{
    ChatCompletion c;
    c.text = json.string("text").value_or(QString());
    c.reasoning = json.string("reasoning").value_or(QString());
    for (const JsonBody::Span& span : json.elements("tool_calls")) {
        if (const std::optional<JsonBody> call = json.objectAt(span))
            c.toolCalls.append({call->string("id").value_or(QString()),
                                call->string("name").value_or(QString()),
                                call->string("arguments").value_or(QString())});
    }
    c.finishReason = json.string("finish_reason").value_or(QStringLiteral("stop")).toUtf8();
    c.stopSequence = json.string("stop_sequence").value_or(QString());
    c.usage = readUsage(json);
    return c;
}

} // namespace

QByteArray CachedAnswer::serialize() const
{
    JsonWriter w;
    w.beginObject();
    w.key("v").number(kFormat);
    w.key("stored_at").number(storedAtMs);
    if (kind == Kind::Chat) {
        w.key("kind").stringUtf8("chat");
        writeChat(w, chat);
    } else {
        w.key("kind").stringUtf8("openai_body");
        w.key("body").raw(body);
    }
    w.endObject();
    return w.take();
}

std::optional<CachedAnswer> CachedAnswer::parse(const QByteArray& bytes)
{
    const std::optional<JsonBody> json = JsonBody::parse(bytes, nullptr);
    if (!json || json->integer("v") != kFormat)
        return std::nullopt;
    CachedAnswer a;
    a.storedAtMs = json->integer("stored_at").value_or(0);
    const QString kind = json->string("kind").value_or(QString());
    if (kind == u"chat") {
        a.kind = Kind::Chat;
        a.chat = readChat(*json);
        return a;
    }
    const std::optional<JsonBody::Span> body = json->member("body");
    if (kind != u"openai_body" || !body || body->type != JsonBody::Type::Object)
        return std::nullopt;
    a.kind = Kind::OpenAiBody;
    a.body = json->rawAt(*body).toByteArray();
    return a;
}

} // namespace sy
