#pragma once

#include <QByteArray>

/**
 * Header names and common values as static data: QByteArrayLiteral needs no allocation, and
 * copies share it, so building the same headers on every request costs nothing.
 */
namespace sy::Headers {

inline const QByteArray kAccept = QByteArrayLiteral("accept");
inline const QByteArray kAuthorization = QByteArrayLiteral("authorization");
inline const QByteArray kCacheControl = QByteArrayLiteral("cache-control");
inline const QByteArray kConnection = QByteArrayLiteral("connection");
inline const QByteArray kContentLength = QByteArrayLiteral("content-length");
inline const QByteArray kContentType = QByteArrayLiteral("content-type");
inline const QByteArray kRetryAfter = QByteArrayLiteral("retry-after");
inline const QByteArray kTransferEncoding = QByteArrayLiteral("transfer-encoding");
inline const QByteArray kUserAgent = QByteArrayLiteral("user-agent");
inline const QByteArray kXAccelBuffering = QByteArrayLiteral("x-accel-buffering");
inline const QByteArray kModelGroup = QByteArrayLiteral("x-litellm-model-group");
inline const QByteArray kModelId = QByteArrayLiteral("x-litellm-model-id");
inline const QByteArray kModelApiBase = QByteArrayLiteral("x-litellm-model-api-base");
inline const QByteArray kAttemptedRetries = QByteArrayLiteral("x-litellm-attempted-retries");
inline const QByteArray kAttemptedFallbacks = QByteArrayLiteral("x-litellm-attempted-fallbacks");
inline const QByteArray kOverheadMs = QByteArrayLiteral("x-litellm-overhead-duration-ms");
inline const QByteArray kSwitchyardBackend = QByteArrayLiteral("x-switchyard-backend");
inline const QByteArray kSwitchyardAttempts = QByteArrayLiteral("x-switchyard-attempts");
inline const QByteArray kSwitchyardDialect = QByteArrayLiteral("x-switchyard-dialect");

inline const QByteArray kApplicationJson = QByteArrayLiteral("application/json");
inline const QByteArray kEventStream = QByteArrayLiteral("text/event-stream");
inline const QByteArray kNoCache = QByteArrayLiteral("no-cache");
inline const QByteArray kNo = QByteArrayLiteral("no");
inline const QByteArray kClose = QByteArrayLiteral("close");
inline const QByteArray kChunked = QByteArrayLiteral("chunked");
inline const QByteArray kUserAgentValue = QByteArrayLiteral("Switchyard/" SWITCHYARD_VERSION);

} // namespace sy::Headers
