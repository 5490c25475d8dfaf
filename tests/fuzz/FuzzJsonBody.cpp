#include "FuzzInput.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"
#include "gateway/core/TokenUsage.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdlib>

namespace {

bool sameSpan(const sy::JsonBody::Span& a, const sy::JsonBody::Span& b)
{
    return a.begin == b.begin && a.end == b.end && a.type == b.type;
}

void checkValue(const sy::JsonBody& owner, const sy::JsonBody::Span& span, int depth);

void checkNested(const sy::JsonBody& body, int depth)
{
    for (const sy::JsonBody::Member& m : body.members())
        checkValue(body, m.value, depth);
}

void checkValue(const sy::JsonBody& owner, const sy::JsonBody::Span& span, int depth)
{
    if (depth > 64)
        return;
    if (span.type == sy::JsonBody::Type::Object) {
        const std::optional<sy::JsonBody> nested = owner.objectAt(span);
        const std::optional<sy::JsonBody> strict = sy::JsonBody::parse(owner.rawAt(span).toByteArray(), nullptr);
        if (!nested || !strict || nested->members().size() != strict->members().size())
            std::abort();
        for (qsizetype i = 0; i < strict->members().size(); ++i) {
            if (nested->members()[i].key != strict->members()[i].key
                || !sameSpan(nested->members()[i].value, strict->members()[i].value))
                std::abort();
        }
        checkNested(*nested, depth + 1);
    } else if (span.type == sy::JsonBody::Type::Array) {
        const QList<sy::JsonBody::Span> elements = owner.elementsAt(span);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(owner.rawAt(span).toByteArray(), &error);
        if (error.error == QJsonParseError::NoError && doc.array().size() != elements.size())
            std::abort();
        for (const sy::JsonBody::Span& element : elements) {
            if (element.begin < span.begin || element.end > span.end || element.end <= element.begin)
                std::abort();
            // Each element is one whole value: as a member of its own, a strict parse agrees.
            const QByteArray text = owner.rawAt(element).toByteArray();
            const std::optional<sy::JsonBody> alone = sy::JsonBody::parse("{\"a\":" + text + '}', nullptr);
            const std::optional<sy::JsonBody::Span> value = alone ? alone->member("a") : std::nullopt;
            if (!value || value->end - value->begin != text.size() || value->type != element.type)
                std::abort();
            checkValue(owner, element, depth + 1);
        }
    } else if (owner.objectAt(span)) {
        std::abort();
    }
}

} // namespace

// Request bodies (any client) and response bodies and stream chunks (any backend): the strict
// one-pass validator, member access, the in-place rewrites and the usage reader; and the
// relay's quick scans (JsonScan), which must stay in bounds on anything and agree with each
// other on valid JSON.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    std::optional<sy::JsonBody::Span> firstTopModel;
    sy::JsonScan::forEachMember(bytes, {"model", "content"}, [&](const sy::JsonScan::Member& m) {
        if (m.valueAt < 0 || m.valueAt > bytes.size())
            std::abort();
        // In bounds; empty only where invalid input has no value (`"model":,`), as topLevel gives.
        const std::optional<sy::JsonBody::Span> span = sy::JsonScan::valueSpan(bytes, m.valueAt);
        if (span && (span->begin != m.valueAt || span->end > bytes.size() || span->end < span->begin))
            std::abort();
        if (sy::JsonScan::stringChars(bytes, m.valueAt) < 0)
            std::abort();
        if (m.key == 0 && m.depth == 1 && !firstTopModel)
            firstTopModel = span ? span : sy::JsonBody::Span{-1, -1, sy::JsonBody::Type::Null};
    });
    QString error;
    const std::optional<sy::JsonBody> body = sy::JsonBody::parse(bytes, &error);
    if (sy::JsonBody::isValid(bytes) != body.has_value())
        std::abort(); // the check without members must judge as the parse does
    // The validating walk judges as the parse does, and on valid JSON reports what the quick
    // walk reports.
    QList<std::pair<int, qsizetype>> quick, validating;
    const QByteArrayView keys[] = {"model", "content"};
    sy::JsonScan::forEachMember(bytes, keys, 2, [&](const sy::JsonScan::Member& m) {
        quick.append({m.depth * 2 + m.key, m.valueAt});
    });
    const bool valid = sy::JsonScan::forEachMemberIfValid(bytes, keys, 2, [&](const sy::JsonScan::Member& m) {
        if (m.valueAt < 0 || m.valueAt > bytes.size())
            std::abort();
        validating.append({m.depth * 2 + m.key, m.valueAt});
    });
    if (valid != body.has_value() || (valid && quick != validating))
        std::abort();
    if (!body)
        return 0;
    // On valid JSON the one-pass walk finds the same top-level "model" as the top-level scan.
    const std::optional<sy::JsonBody::Span> top = sy::JsonScan::topLevel(bytes, "model");
    if (top.has_value() != firstTopModel.has_value()
        || (top && (top->begin != firstTopModel->begin || top->end != firstTopModel->end)))
        std::abort();
    for (const char* key : {"model", "stream", "stream_options", "usage", "messages", "max_tokens"}) {
        if (const auto span = body->member(key); span && (span->begin < 0 || span->end > bytes.size()))
            std::abort();
        body->string(key);
        body->boolean(key);
        body->integer(key);
        body->raw(key);
        if (const auto inner = body->object(key))
            inner->integer("prompt_tokens");
    }
    // Nested objects and arrays are read from the validated text without checking it again:
    // they must come out as a strict parse of the same text, at every depth.
    checkNested(*body, 0);
    if (const auto usage = sy::TokenUsage::fromResponse(*body)) {
        if (usage->promptTokens < 0 || usage->completionTokens < 0 || usage->totalTokens() < 0)
            std::abort(); // validated counts are never negative
    }
    // The gateway's rewrites must keep the body valid JSON.
    const QByteArray renamed = body->withMember("model", sy::JsonBody::quoted(QStringLiteral("backend/model")));
    const QByteArray withDefaults = body->withMissingMembers({{"temperature", "0.5"}, {"stream_options", "{}"}});
    if (!sy::JsonBody::parse(renamed, nullptr) || !sy::JsonBody::parse(withDefaults, nullptr))
        std::abort();
    return 0;
}
