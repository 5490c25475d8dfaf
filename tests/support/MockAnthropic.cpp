#include "tests/support/MockAnthropic.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sy::testing::MockAnthropic {

namespace {

QByteArray event(QByteArrayView name, const QByteArray& data)
{
    return "event: " + name.toByteArray() + "\ndata: " + data + "\n\n";
}

QByteArray text(int tokens)
{
    QByteArray out;
    for (int i = 0; i < tokens; ++i)
        out += "tok" + QByteArray::number(i) + ' ';
    return out;
}

int outputTokens(const Answer& a)
{
    return a.tokens + (a.toolUse ? 10 : 0) + (a.thinking ? 4 : 0);
}

QByteArray usage(const Answer& a, bool start)
{
    return "{\"input_tokens\":" + QByteArray::number(a.inputTokens)
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":"
        + QByteArray::number(start ? 1 : outputTokens(a)) + '}';
}

constexpr QByteArrayView kThinking = "Let me think about it.";
constexpr QByteArrayView kSignature = "EqQBCgIYAhIMmockSignature==";
constexpr QByteArrayView kToolInput = R"({"location":"San Francisco, CA"})";

} // namespace

QByteArray message(const Answer& a)
{
    QByteArray content;
    if (a.thinking)
        content += R"({"type":"thinking","thinking":")" + kThinking.toByteArray() + R"(","signature":")"
            + kSignature.toByteArray() + "\"},";
    content += R"({"type":"text","text":")" + text(a.tokens) + "\"}";
    if (a.toolUse)
        content += R"(,{"type":"tool_use","id":"toolu_mock1","name":"get_weather","input":)" + kToolInput.toByteArray()
            + '}';
    return R"({"id":")" + a.id + R"(","type":"message","role":"assistant","model":)" + a.modelJson + R"(,"content":[)"
        + content + R"(],"stop_reason":")" + (a.toolUse ? "tool_use" : "end_turn")
        + R"(","stop_sequence":null,"usage":)" + usage(a, false) + '}';
}

QList<QByteArray> streamEvents(const Answer& a)
{
    QList<QByteArray> events;
    events.append(event("message_start",
                        R"({"type":"message_start","message":{"id":")" + a.id
                            + R"(","type":"message","role":"assistant","content":[],"model":)" + a.modelJson
                            + R"(,"stop_reason":null,"stop_sequence":null,"usage":)" + usage(a, true) + "}}"));
    int index = 0;
    const auto start = [&](const QByteArray& block) {
        events.append(event("content_block_start",
                            R"({"type":"content_block_start","index":)" + QByteArray::number(index)
                                + R"(,"content_block":)" + block + '}'));
    };
    const auto delta = [&](const QByteArray& d) {
        events.append(
            event("content_block_delta",
                  R"({"type":"content_block_delta","index":)" + QByteArray::number(index) + R"(,"delta":)" + d + '}'));
    };
    const auto stop = [&] {
        events.append(event("content_block_stop",
                            R"({"type":"content_block_stop","index":)" + QByteArray::number(index++) + '}'));
    };
    if (a.thinking) {
        start(R"({"type":"thinking","thinking":""})");
        delta(R"({"type":"thinking_delta","thinking":")" + kThinking.toByteArray() + "\"}");
        delta(R"({"type":"signature_delta","signature":")" + kSignature.toByteArray() + "\"}");
        stop();
    }
    start(R"({"type":"text","text":""})");
    events.append(event("ping", R"({"type": "ping"})"));
    for (int i = 0; i < a.tokens; ++i)
        delta(R"({"type":"text_delta","text":"tok)" + QByteArray::number(i) + " \"}");
    stop();
    if (a.toolUse) {
        start(R"({"type":"tool_use","id":"toolu_mock1","name":"get_weather","input":{}})");
        delta(R"({"type":"input_json_delta","partial_json":""})");
        delta(R"({"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"})");
        delta(R"({"type":"input_json_delta","partial_json":"ncisco, CA\"}"})");
        stop();
    }
    events.append(event(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":")" + QByteArray(a.toolUse ? "tool_use" : "end_turn")
            + R"(","stop_sequence":null},"usage":{"output_tokens":)" + QByteArray::number(outputTokens(a)) + "}}"));
    events.append(event("message_stop", R"({"type":"message_stop"})"));
    return events;
}

QByteArray countTokens(int inputTokens)
{
    return "{\"input_tokens\":" + QByteArray::number(inputTokens) + '}';
}

QByteArray errorBody(int status, const QString& message)
{
    const char* type = status == 400     ? "invalid_request_error"
        : status == 401                  ? "authentication_error"
        : status == 403                  ? "permission_error"
        : status == 404                  ? "not_found_error"
        : status == 429                  ? "rate_limit_error"
        : status == 529 || status == 503 ? "overloaded_error"
                                         : "api_error";
    const QJsonObject body{
        {QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("message"), message}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sy::testing::MockAnthropic
