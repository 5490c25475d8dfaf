#include "tests/support/MockKnobs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {

struct IntKnob
{
    QLatin1StringView key;
    int MockKnobs::*field;
    int min;
    int max;
};

const std::array<IntKnob, 7> IntKnobs{{
    {"latency_ms"_L1, &MockKnobs::latencyMs, 0, 3600000},
    {"token_delay_ms"_L1, &MockKnobs::tokenDelayMs, 0, 3600000},
    {"tokens"_L1, &MockKnobs::tokens, 0, 1000000},
    {"status"_L1, &MockKnobs::status, 100, 599},
    {"retry_after"_L1, &MockKnobs::retryAfter, 0, 86400},
    {"cut_after"_L1, &MockKnobs::cutAfter, 0, 1000000},
    {"embedding_dim"_L1, &MockKnobs::embeddingDim, 1, 65536},
}};

struct BoolKnob
{
    QLatin1StringView key;
    bool MockKnobs::*field;
};

const std::array<BoolKnob, 9> BoolKnobs{{
    {"gzip"_L1, &MockKnobs::gzip},
    {"chunked"_L1, &MockKnobs::chunked},
    {"context_error"_L1, &MockKnobs::contextError},
    {"no_usage"_L1, &MockKnobs::noUsage},
    {"tool_calls"_L1, &MockKnobs::toolCalls},
    {"tool_use"_L1, &MockKnobs::toolUse},
    {"thinking"_L1, &MockKnobs::thinking},
    {"step"_L1, &MockKnobs::step},
    {"tool_call"_L1, &MockKnobs::toolCall},
}};

const std::array<QLatin1StringView, 6> BehaviorNames{
    "normal"_L1, "hang"_L1, "close"_L1, "garbage"_L1, "cut"_L1, "bad_json"_L1};

bool setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

bool MockKnobs::apply(const QJsonObject& object, QString* error)
{
    for (const IntKnob& knob : IntKnobs) {
        const QJsonValue value = object.value(knob.key);
        if (value.isUndefined())
            continue;
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < knob.min || number > knob.max || number != static_cast<int>(number))
            return setError(
                error, u"mock knob \"%1\" must be an integer in [%2, %3]"_s.arg(knob.key).arg(knob.min).arg(knob.max));
        this->*knob.field = static_cast<int>(number);
    }
    for (const BoolKnob& knob : BoolKnobs) {
        const QJsonValue value = object.value(knob.key);
        if (value.isUndefined())
            continue;
        if (!value.isBool())
            return setError(error, u"mock knob \"%1\" must be a boolean"_s.arg(knob.key));
        this->*knob.field = value.toBool();
    }
    if (const QJsonValue replyValue = object.value("reply"_L1); !replyValue.isUndefined()) {
        if (!replyValue.isArray())
            return setError(error, u"mock knob \"reply\" must be a list of strings"_s);
        reply.clear();
        for (const QJsonValue& piece : replyValue.toArray()) {
            // ["text"] → text, escaped as JSON escapes it.
            const QByteArray json = QJsonDocument(QJsonArray{piece.toString()}).toJson(QJsonDocument::Compact);
            reply.append(json.mid(2, json.size() - 4));
        }
        tokens = int(reply.size());
    }
    const QJsonValue usageValue = object.value("reported_usage"_L1);
    if (!usageValue.isUndefined()) {
        if (!usageValue.isString())
            return setError(error, u"mock knob \"reported_usage\" must be a string of raw JSON"_s);
        reportedUsage = usageValue.toString().toUtf8();
    }
    const QJsonValue arguments = object.value("tool_arguments"_L1);
    if (!arguments.isUndefined()) {
        if (!arguments.isString())
            return setError(error, u"mock knob \"tool_arguments\" must be a string (JSON text)"_s);
        toolArguments = arguments.toString();
    }
    const QJsonValue behaviorValue = object.value("behavior"_L1);
    if (!behaviorValue.isUndefined()) {
        const auto parsed = parseBehavior(behaviorValue.toString());
        if (!parsed)
            return setError(error, u"unknown mock behavior \"%1\""_s.arg(behaviorValue.toString()));
        behavior = *parsed;
    }
    return true;
}

bool MockKnobs::applyHeader(QByteArrayView name, QByteArrayView value, QString* error)
{
    const QString key = QString::fromLatin1(name).replace(u'-', u'_');
    const QString text = QString::fromLatin1(value).trimmed();
    QJsonObject object;
    if (key == "behavior"_L1 || key == "reported_usage"_L1 || key == "tool_arguments"_L1) {
        object.insert(key, text);
    } else if (std::any_of(BoolKnobs.begin(), BoolKnobs.end(), [&](const BoolKnob& k) { return k.key == key; })) {
        object.insert(key, text == "1"_L1 || text.compare("true"_L1, Qt::CaseInsensitive) == 0);
    } else if (std::any_of(IntKnobs.begin(), IntKnobs.end(), [&](const IntKnob& k) { return k.key == key; })) {
        bool ok = false;
        const int number = text.toInt(&ok);
        if (!ok)
            return setError(error, u"header x-mock-%1 must be an integer"_s.arg(key));
        object.insert(key, number);
    } else {
        return setError(error, u"unknown mock header x-mock-%1"_s.arg(QString::fromLatin1(name)));
    }
    return apply(object, error);
}

QJsonObject MockKnobs::toJson() const
{
    QJsonObject object;
    for (const IntKnob& knob : IntKnobs)
        object.insert(knob.key, this->*knob.field);
    for (const BoolKnob& knob : BoolKnobs)
        object.insert(knob.key, this->*knob.field);
    object.insert("behavior"_L1, behaviorName(behavior));
    object.insert("reported_usage"_L1, QString::fromUtf8(reportedUsage));
    object.insert("tool_arguments"_L1, toolArguments);
    return object;
}

std::optional<MockKnobs::Behavior> MockKnobs::parseBehavior(QStringView name)
{
    for (size_t i = 0; i < BehaviorNames.size(); ++i) {
        if (name.compare(BehaviorNames[i], Qt::CaseInsensitive) == 0)
            return static_cast<Behavior>(i);
    }
    return std::nullopt;
}

QString MockKnobs::behaviorName(Behavior behavior)
{
    return BehaviorNames[static_cast<size_t>(behavior)];
}

} // namespace sy::testing
