#pragma once

#include "gateway/upstream/IUpstreamClient.h"

#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

namespace sy {

/**
 * One JSON POST to a service, answered with its status and body, or an error; bounded by one
 * timeout for the whole call. Destroying it aborts the call, and then nothing is reported.
 */
class JsonPost : private IUpstreamHandler
{
public:
    /** @p status 0 and @p error set when there was no HTTP answer ("timeout" when it took too long). */
    using Done = std::function<void(int status, const QByteArray& body, const QString& error)>;

    JsonPost(IUpstreamClient& client,
             const QUrl& url,
             const QByteArray& body,
             const QString& bearer,
             std::chrono::milliseconds timeout,
             Done done);
    ~JsonPost() override;

private:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;
    void finish(int status, const QString& error);

    Done m_done;
    int m_status = 0;
    QByteArray m_body;
    std::unique_ptr<IUpstreamCall> m_call;
};

} // namespace sy
