#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"
#include "gateway/http/HttpHeaders.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace sy {

/**
 * What one request says about the cache (issue #16), LiteLLM's controls: the body's
 * `cache: {"no-cache", "no-store", "ttl", "s-maxage", "namespace", "use-cache"}`, the same as
 * `x-litellm-cache-<control>` headers, and `Cache-Control: no-cache, no-store, s-maxage=N`.
 * A virtual key's `metadata.cache` (LiteLLM's key-level controls) overrides the request's, so
 * a key with {"no-cache": true, "no-store": true} never uses the cache.
 */
struct CacheControls
{
    bool noCache = false; ///< do not answer from the cache (a fresh answer is still stored)
    bool noStore = false; ///< do not store this answer
    bool useCache = false; ///< mode default_off: this request opts in
    std::optional<std::chrono::milliseconds> ttl; ///< keep this answer this long
    std::optional<std::chrono::milliseconds> maxAge; ///< s-maxage: accept only answers this young
    QString ns; ///< namespace: keys under this prefix

    /** The controls of a request; nullopt with @p error for a malformed `cache` object. */
    static std::optional<CacheControls>
    from(const JsonBody& body, const HttpHeaders& headers, const QJsonObject* keyMetadata, ApiError* error);

private:
    bool applyJson(const QJsonObject& cache, QString* why);
    void applyHeaders(const HttpHeaders& headers);
};

} // namespace sy
