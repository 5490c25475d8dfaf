#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"

#include <optional>

namespace sy {

/**
 * One member of a JsonBody, with the body it belongs to: the request translators read through
 * it and copy what passes unchanged as JSON text, with no DOM. Absent or of another type, it
 * reads as empty.
 */
struct JsonMember
{
    const JsonBody* owner = nullptr;
    std::optional<JsonBody::Span> span;

    bool is(JsonBody::Type type) const { return span && span->type == type; }
    /** The JSON text; only when span is set. */
    QByteArrayView raw() const { return owner->rawAt(*span); }
    QString string(const QString& otherwise = {}) const
    {
        return is(JsonBody::Type::String) ? owner->stringAt(*span) : otherwise;
    }
    QList<JsonBody::Span> elements() const
    {
        return is(JsonBody::Type::Array) ? owner->elementsAt(*span) : QList<JsonBody::Span>();
    }
    JsonBody object() const
    {
        return is(JsonBody::Type::Object) ? owner->objectAt(*span).value_or(JsonBody()) : JsonBody();
    }
    /** @p element of this array as an object; empty unless it is one. */
    JsonBody objectAt(const JsonBody::Span& element) const { return owner->objectAt(element).value_or(JsonBody()); }
};

inline JsonMember memberOf(const JsonBody& body, QByteArrayView key)
{
    return {&body, body.member(key)};
}

/** A client's request body for a translator; nullopt with a 400 in @p error when it is not JSON. */
inline std::optional<JsonBody>
parseRequestBody(const QByteArray& body, ApiError* error, const QByteArray& code = "invalid_request")
{
    QString parseError;
    std::optional<JsonBody> in = JsonBody::parse(body, &parseError);
    if (!in)
        *error = ApiError::badRequest(QStringLiteral("The request body is not valid JSON: %1").arg(parseError), code);
    return in;
}

} // namespace sy
