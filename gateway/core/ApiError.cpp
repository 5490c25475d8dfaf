#include "gateway/core/ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

QByteArray ApiError::toJson() const
{
    QJsonObject inner{{u"message"_s, message},
                      {u"type"_s, QString::fromLatin1(type)},
                      {u"param"_s, param.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(param))},
                      {u"code"_s, code.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(code))}};
    return QJsonDocument(QJsonObject{{u"error"_s, inner}}).toJson(QJsonDocument::Compact);
}

ApiError ApiError::badRequest(const QString& message, const QByteArray& code, const QByteArray& param)
{
    return {400, message, "invalid_request_error", code, param, std::nullopt};
}

ApiError ApiError::unauthorized(const QString& message)
{
    return {401, message, "authentication_error", "invalid_api_key", {}, std::nullopt};
}

ApiError ApiError::notFound(const QString& message, const QByteArray& code)
{
    return {404, message, "invalid_request_error", code, {}, std::nullopt};
}

ApiError ApiError::payloadTooLarge(qint64 limitBytes)
{
    return {
        413,
        u"Request body is larger than the limit of %1 bytes (general_settings.max_request_size_mb)."_s.arg(limitBytes),
        "invalid_request_error",
        "request_too_large",
        {},
        std::nullopt};
}

ApiError ApiError::badGateway(const QString& message, const QByteArray& code)
{
    return {502, message, "api_error", code, {}, std::nullopt};
}

ApiError ApiError::gatewayTimeout(const QString& message, const QByteArray& code)
{
    return {504, message, "timeout_error", code, {}, std::nullopt};
}

ApiError ApiError::tooManyRequests(const QString& message, int retryAfterSeconds, const QByteArray& code)
{
    return {429, message, "rate_limit_error", code, {}, retryAfterSeconds};
}

ApiError ApiError::serviceUnavailable(const QString& message, const QByteArray& code, int retryAfterSeconds)
{
    ApiError e{503, message, "api_error", code, {}, std::nullopt};
    if (retryAfterSeconds > 0)
        e.retryAfterSeconds = retryAfterSeconds;
    return e;
}

} // namespace sy
