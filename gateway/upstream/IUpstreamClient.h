#pragma once

#include "gateway/http/HttpHeaders.h"
#include "gateway/upstream/UpstreamError.h"
#include "gateway/upstream/UpstreamRequest.h"

#include <memory>

namespace sy {

/**
 * Receives one upstream response. Calls arrive on the client's thread, never from inside
 * IUpstreamClient::start(), in this order: onResponseHead once, onResponseData zero or more
 * times, then exactly one of onResponseEnd or onUpstreamError. onUpstreamError may also come
 * before any head. After IUpstreamCall::abort() or the call's destruction nothing more arrives.
 */
class IUpstreamHandler
{
public:
    virtual ~IUpstreamHandler() = default;
    virtual void onResponseHead(int status, const HttpHeaders& headers) = 0;
    /** Body bytes with transfer coding and content coding (gzip, deflate) already removed. */
    virtual void onResponseData(const QByteArray& data) = 0;
    virtual void onResponseEnd() = 0;
    virtual void onUpstreamError(const UpstreamError& error) = 0;
};

/** A call in progress. Destroying it aborts it. */
class IUpstreamCall
{
public:
    virtual ~IUpstreamCall() = default;
    /** Stops the call now and closes its connection; no handler method is called afterwards. */
    virtual void abort() = 0;
    /**
     * Back-pressure: while paused, no onResponseData arrives and the socket is not read, so the
     * backend slows down through TCP flow control. The phase timeouts do not run while paused;
     * one pause deadline does instead (the longest of the idle timeout, what is left of the total
     * and the first-byte timeout; ten minutes when none is set), and fails the call with an IdleTimeout marked
     * causedByClient, so no call waits for ever on a client that stopped reading (issue #15).
     */
    virtual void setReadPaused(bool paused) = 0;
};

/**
 * Sends HTTP/1.1 requests to backends over pooled keep-alive connections. Implementations are
 * QObjects living on the gateway thread and never block it.
 */
class IUpstreamClient
{
public:
    virtual ~IUpstreamClient() = default;
    /** @p handler must outlive the returned call, or the call must be destroyed first. */
    virtual std::unique_ptr<IUpstreamCall> start(const UpstreamRequest& request, IUpstreamHandler* handler) = 0;
};

} // namespace sy
