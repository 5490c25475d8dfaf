#pragma once

#include "gateway/upstream/UpstreamRequest.h"

#include <QByteArray>

namespace sy {

/** Turns an UpstreamRequest into the exact HTTP/1.1 bytes that go on the wire, in one buffer. */
class RequestSerializer
{
public:
    /**
     * Request line, Host (port only when non-default, IPv6 literals bracketed), the caller's
     * headers minus the ones the client owns, Content-Length, Accept-Encoding: identity, body.
     * No Connection field: HTTP/1.1 connections are persistent by default.
     */
    static QByteArray serialize(const UpstreamRequest& request);
    /** The Host field value for @p origin. */
    static QByteArray hostField(const UpstreamOrigin& origin);
};

} // namespace sy
