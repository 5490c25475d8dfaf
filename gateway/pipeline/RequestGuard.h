#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArrayView>
#include <QStringList>

#include <optional>

namespace sy {

struct GatewayConfig;
struct HttpRequest;

/**
 * Refuses what a web page in the user's browser could make it send to the gateway (issue #15),
 * before anything else looks at a request. Browsers are the one client that carries ambient
 * reach to localhost and the LAN; every other client simply does not send these markers.
 *
 * - Host must name this gateway: an IP literal (the browser's origin is then that very address),
 *   `localhost` or `*.localhost`, this machine's host name (plain or `.local`), or a name in
 *   `gateway.allowed_hosts` (`*.example.com`, or `*` for any). A page that rebinds its own DNS
 *   name to 127.0.0.1 sends its own name, and is refused (421 would also do; 403 is what clients
 *   understand). A request without Host (HTTP/1.0 tools) is no browser's.
 * - Origin, when present, must be the gateway's own (same host and port) or allowed by
 *   `gateway.cors`. Without Origin, `Sec-Fetch-Site: cross-site` or `same-site` is refused too,
 *   except for a top-level navigation (a link followed), which cannot read the answer.
 * - A POST must not use a type a page may send without a CORS preflight (`text/plain`,
 *   `application/x-www-form-urlencoded`, `multipart/form-data`): the API takes JSON, sent as
 *   `application/json` (any parameters) or with no Content-Type at all, as some tools do.
 *
 * Preflights (OPTIONS) are checked for Host only; the CORS headers answer the rest.
 */
class RequestGuard
{
public:
    /** Reads this machine's host name once (a system call, no DNS). */
    RequestGuard();
    /** For tests: @p hostName stands for this machine's. */
    explicit RequestGuard(const QString& hostName);

    /** The error to answer @p request with, or nothing when it may go on. */
    std::optional<ApiError> check(const HttpRequest& request, const GatewayConfig& config) const;

    /** The host part of a Host header ("name", "1.2.3.4", "::1"), lower-case; empty if malformed. */
    static QString hostOf(QByteArrayView hostHeader);
    bool isOwnHost(const QString& host, const QStringList& allowedHosts) const;

private:
    std::optional<ApiError> checkHost(const HttpRequest& request, const GatewayConfig& config) const;
    static std::optional<ApiError> checkOrigin(const HttpRequest& request, const GatewayConfig& config);
    static std::optional<ApiError> checkContentType(const HttpRequest& request);

    QStringList m_ownNames; ///< localhost and this machine's names
    // The last Host header found to be ours, and the allowed_hosts it was checked against:
    // clients send the same one on every request, and the check parses it as an IP address.
    mutable QByteArray m_lastOwnHost;
    mutable QStringList m_lastAllowedHosts;
};

} // namespace sy
