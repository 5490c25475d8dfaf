#include "gateway/dialects/responses/ResponsesFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"
#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/responses/ResponsesWire.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QList<QByteArrayView> kLifecycle{"response.created",
                                       "response.in_progress",
                                       "response.queued",
                                       "response.completed",
                                       "response.incomplete",
                                       "response.failed"};

// @p json (valid JSON text of an object) with its top-level @p key set to @p value: replaced
// when present, else added before the closing brace.
QByteArray setMember(const QByteArray& json, QByteArrayView key, QByteArrayView value)
{
    if (JsonScan::topLevel(json, key))
        return JsonScan::replaceTopLevel(json, key, value);
    const qsizetype open = json.indexOf('{');
    const qsizetype close = json.lastIndexOf('}');
    if (open < 0 || close < open)
        return json;
    QByteArray out = json.left(close);
    if (!json.mid(open + 1, close - open - 1).trimmed().isEmpty())
        out += ',';
    out += '"';
    out += key;
    out += "\":";
    out += value;
    out += json.mid(close);
    return out;
}

// The raw text inside a top-level string member (ids are plain ASCII); empty when absent.
QByteArray stringMember(QByteArrayView json, QByteArrayView key)
{
    const std::optional<JsonBody::Span> span = JsonScan::topLevel(json, key);
    if (!span || span->type != JsonBody::Type::String)
        return {};
    return json.sliced(span->begin + 1, span->end - span->begin - 2).toByteArray();
}

std::optional<qint64> integerMember(QByteArrayView json, QByteArrayView key)
{
    const std::optional<JsonBody::Span> span = JsonScan::topLevel(json, key);
    if (!span || span->type != JsonBody::Type::Number)
        return std::nullopt;
    bool ok = false;
    const qint64 value = json.sliced(span->begin, span->end - span->begin).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

bool hasContentParts(QByteArrayView type)
{
    return type.startsWith("response.content_part.") || type.startsWith("response.output_text.")
        || type.startsWith("response.reasoning_text.") || type.startsWith("response.refusal.");
}

QByteArrayView idPrefix(QByteArrayView itemType)
{
    if (itemType == "function_call")
        return "fc_";
    if (itemType == "reasoning")
        return "rs_";
    if (itemType == "message")
        return "msg_";
    return "item_";
}

} // namespace

ResponsesFilter::ResponsesFilter(const AnswerContext& context)
    : m_context(context)
    , m_id(ResponsesWire::newId("resp_"))
    , m_model(JsonBody::quoted(context.model))
{ }

int ResponsesFilter::itemIndex(QByteArrayView key) const
{
    return key.isEmpty() ? -1 : m_itemKeys.value(key.toByteArray(), -1);
}

QByteArray ResponsesFilter::framed(const QByteArray& type, QByteArray data)
{
    const qint64 sequence = m_sequence++;
    if (integerMember(data, "sequence_number") != sequence)
        data = setMember(data, "sequence_number", QByteArray::number(sequence));
    return ResponsesWire::event(type, data);
}

QByteArray ResponsesFilter::process(const SseEvent& event)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty())
        return event.raw; // a comment that keeps the connection alive
    if (data == "[DONE]")
        return {}; // not part of the Responses API; some servers add it
    const QByteArray type = event.event.isEmpty() ? stringMember(data, "type") : event.event;
    if (type.endsWith(".delta") || hasContentParts(type) || type.startsWith("response.function_call_arguments.")
        || type.startsWith("response.reasoning_summary"))
        return contentEvent(type, data);
    const bool lifecycle = kLifecycle.contains(type);
    if (!lifecycle && type != "error" && type != "response.output_item.added" && type != "response.output_item.done")
        return framed(type, data);
    const std::optional<JsonBody> json = JsonBody::parse(data, nullptr);
    if (!json)
        return framed(type, data);
    if (type == "error") {
        noteError(type, *json);
        return framed(type, data);
    }
    if (lifecycle)
        return this->lifecycle(type, *json);
    return itemEvent(type, *json);
}

QByteArray ResponsesFilter::contentEvent(const QByteArray& type, QByteArray data)
{
    if (type.endsWith(".delta"))
        m_deliveredChars += JsonScan::stringValueChars(data, "delta");
    const QByteArray itemId = stringMember(data, "item_id");
    std::optional<qint64> given = integerMember(data, "output_index");
    int index = given ? int(*given) : itemIndex(itemId);
    if (index < 0 && !given)
        index = int(m_items.size()) - 1; // servers that name nothing mean the item just opened
    if (index < 0 || index >= m_items.size())
        return framed(type, data);
    Item& item = m_items[index];
    if (!given)
        data = setMember(data, "output_index", QByteArray::number(index));
    if (!item.id.isEmpty() && itemId != item.id)
        data = setMember(data, "item_id", JsonBody::quoted(QString::fromLatin1(item.id)));
    QByteArray prefix;
    if (hasContentParts(type)) {
        if (!JsonScan::topLevel(data, "content_index"))
            data = setMember(data, "content_index", "0");
        if (type == "response.content_part.added") {
            item.partAdded = true;
        } else if (type.endsWith(".delta") && !item.partAdded) {
            // llama.cpp streams reasoning_text deltas without their content part: the openai
            // SDK's accumulator has nowhere to put them.
            const QByteArray part = type.startsWith("response.reasoning_text")
                ? QByteArrayLiteral("{\"type\":\"reasoning_text\",\"text\":\"\"}")
                : QByteArrayLiteral("{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}");
            const QByteArray added = "{\"type\":\"response.content_part.added\",\"item_id\":"
                + JsonBody::quoted(QString::fromLatin1(item.id)) + ",\"output_index\":" + QByteArray::number(index)
                + ",\"content_index\":0,\"part\":" + part + '}';
            prefix = framed("response.content_part.added", added);
            item.partAdded = true;
        }
    }
    return prefix + framed(type, data);
}

QByteArray ResponsesFilter::normalizedItem(const JsonBody& item, int* index)
{
    QByteArray id = item.string("id").value_or(QString()).toUtf8();
    const QByteArray callId = item.string("call_id").value_or(QString()).toUtf8();
    int known = itemIndex(id);
    if (known < 0)
        known = itemIndex(callId);
    if (*index < 0)
        *index = known >= 0 ? known : int(m_items.size());
    if (*index >= m_items.size())
        m_items.resize(*index + 1);
    Item& slot = m_items[*index];
    if (id.isEmpty())
        id = !slot.id.isEmpty() ? slot.id
                                : ResponsesWire::newId(idPrefix(item.string("type").value_or(QString()).toUtf8()));
    slot.id = id;
    m_itemKeys.insert(id, *index);
    if (!callId.isEmpty())
        m_itemKeys.insert(callId, *index);
    return item.has("id") ? item.bytes() : item.withMember("id", JsonBody::quoted(QString::fromLatin1(id)));
}

QByteArray ResponsesFilter::itemEvent(const QByteArray& type, const JsonBody& json)
{
    const std::optional<JsonBody> item = json.object("item");
    if (!item)
        return framed(type, json.bytes());
    const std::optional<qint64> given = json.integer("output_index");
    int index = given ? int(*given) : -1;
    const int knownBefore = int(m_items.size());
    const bool seen = given || itemIndex(item->string("id").value_or(QString()).toUtf8()) >= 0
        || itemIndex(item->string("call_id").value_or(QString()).toUtf8()) >= 0;
    const QByteArray itemJson = normalizedItem(*item, &index);
    QByteArray data = json.withMember("item", itemJson);
    if (!given)
        data = setMember(data, "output_index", QByteArray::number(index));
    QByteArray prefix;
    if (type == "response.output_item.done") {
        if (!seen && index >= knownBefore) {
            // Done without ever being added (llama.cpp's reasoning and tool calls at the end).
            const QByteArray added = "{\"type\":\"response.output_item.added\",\"output_index\":"
                + QByteArray::number(index) + ",\"item\":" + itemJson + '}';
            prefix = framed("response.output_item.added", added);
        }
        if (m_doneItems.size() <= index)
            m_doneItems.resize(index + 1);
        m_doneItems[index] = itemJson;
    }
    return prefix + framed(type, data);
}

QByteArray ResponsesFilter::normalizedResponse(const QByteArray& type, const JsonBody& response)
{
    QByteArray out = response.withMember("id", JsonBody::quoted(QString::fromLatin1(m_id)));
    out = setMember(out, "model", m_model);
    if (!response.has("object"))
        out = setMember(out, "object", "\"response\"");
    if (!response.has("created_at"))
        out = setMember(out, "created_at", QByteArray::number(m_context.createdSecs));
    if (!response.has("status")) {
        const QByteArray status = type == "response.created" ? QByteArrayLiteral("in_progress") : type.sliced(9);
        out = setMember(out, "status", QByteArray('"' + status + '"'));
    }
    const QList<JsonBody::Span> output = response.elements("output");
    QByteArrayList items;
    if (output.isEmpty() && !response.has("output")) {
        if (type == "response.completed" || type == "response.incomplete" || type == "response.failed") {
            for (const QByteArray& item : std::as_const(m_doneItems)) {
                if (!item.isEmpty())
                    items.append(item);
            }
        }
    } else {
        for (qsizetype i = 0; i < output.size(); ++i) {
            const std::optional<JsonBody> item = response.objectAt(output[i]);
            int index = -1;
            if (item)
                items.append(normalizedItem(*item, &index));
        }
    }
    return setMember(out, "output", QByteArray('[' + items.join(',') + ']'));
}

QByteArray ResponsesFilter::lifecycle(const QByteArray& type, const JsonBody& json)
{
    const std::optional<JsonBody> response = json.object("response");
    const QByteArray normalized
        = normalizedResponse(type, response ? *response : *JsonBody::parse(QByteArrayLiteral("{}"), nullptr));
    const std::optional<JsonBody> parsed = JsonBody::parse(normalized, nullptr);
    if (parsed) {
        if (const std::optional<JsonBody> usage = parsed->object("usage"))
            m_usage = ResponsesWire::usageFrom(*usage);
    }
    if (type == "response.completed" || type == "response.incomplete") {
        m_ended = true;
        m_final = normalized;
    } else if (type == "response.failed" && parsed) {
        noteError(type, *parsed);
    }
    return framed(type, json.withMember("response", normalized));
}

void ResponsesFilter::noteError(const QByteArray& type, const JsonBody& json)
{
    // An `error` event carries code and message itself; response.failed inside response.error.
    const std::optional<JsonBody> inner = type == "error" ? std::optional<JsonBody>(json) : json.object("error");
    ApiError error = ApiError::badGateway(u"The backend's response failed."_s, "upstream_stream_error");
    if (inner) {
        const QString message = inner->string("message").value_or(QString());
        if (!message.isEmpty())
            error.message = u"The backend reported an error inside the stream: %1"_s.arg(message);
        if (const std::optional<QString> code = inner->string("code"))
            error.code = code->toUtf8();
    }
    m_error = error;
}

QByteArray ResponsesFilter::fail(const ApiError& error)
{
    // The same response, its numbering continued: an `error` event, then response.failed.
    QByteArray out = ResponsesWire::errorEvent(error, m_sequence++);
    JsonWriter w;
    w.beginObject().key("id").stringUtf8(m_id).key("object").stringUtf8("response");
    w.key("created_at").number(m_context.createdSecs).key("status").stringUtf8("failed");
    w.key("error");
    ResponsesWire::writeError(w, error);
    w.key("incomplete_details").null().key("model").raw(m_model).key("output").beginArray();
    for (const QByteArray& item : std::as_const(m_doneItems)) {
        if (!item.isEmpty())
            w.raw(item);
    }
    w.endArray().key("usage").null().endObject();
    const QByteArray response = w.take();
    w.beginObject().key("type").stringUtf8("response.failed").key("sequence_number").number(m_sequence++);
    w.key("response").raw(response).endObject();
    return out + ResponsesWire::event("response.failed", w.take());
}

std::optional<QByteArray> ResponsesFilter::filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json)
        return std::nullopt;
    if (const std::optional<JsonBody> u = json->object("usage"))
        *usage = ResponsesWire::usageFrom(*u);
    m_deliveredChars = JsonScan::stringValueChars(body, "text") + JsonScan::stringValueChars(body, "arguments");
    m_final = normalizedResponse("response.completed", *json);
    return m_final;
}

} // namespace sy
