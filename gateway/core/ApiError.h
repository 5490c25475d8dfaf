#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace sy {

/**
 * An error answered to a client, in OpenAI's shape:
 * {"error":{"message":…,"type":…,"param":…,"code":…}}. Every failure path of the gateway ends
 * in one of these, so clients and SDKs can always parse what went wrong.
 */
struct ApiError
{
    int status = 500;
    QString message;
    QByteArray type = "api_error"; ///< invalid_request_error, authentication_error, rate_limit_error, …
    QByteArray code; ///< machine-readable, e.g. model_not_found; empty → null
    QByteArray param; ///< the offending request field; empty → null
    std::optional<int> retryAfterSeconds; ///< sent as Retry-After

    QByteArray toJson() const;

    static ApiError
    badRequest(const QString& message, const QByteArray& code = "invalid_request", const QByteArray& param = {});
    static ApiError unauthorized(const QString& message);
    static ApiError notFound(const QString& message, const QByteArray& code);
    static ApiError payloadTooLarge(qint64 limitBytes);
    static ApiError badGateway(const QString& message, const QByteArray& code);
    static ApiError gatewayTimeout(const QString& message, const QByteArray& code);
    static ApiError tooManyRequests(const QString& message, int retryAfterSeconds, const QByteArray& code);
    static ApiError serviceUnavailable(const QString& message, const QByteArray& code, int retryAfterSeconds = 0);
};

} // namespace sy
