#pragma once

#include "gateway/upstream/IUpstreamClient.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace sy {

/**
 * One health check: a GET that must answer 2xx (and, when asked, JSON with a given top-level
 * field) within the timeout. Costs no tokens: it never calls a completion endpoint.
 */
class HealthProbe : private IUpstreamHandler
{
public:
    /** @p error is empty when the check passed, else says why it failed. */
    using Done = std::function<void(const QString& error)>;

    HealthProbe(IUpstreamClient& client, UpstreamRequest request, QByteArray expectedField, Done done);
    ~HealthProbe() override;

private:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;
    void finish(const QString& error);

    QByteArray m_expectedField;
    Done m_done;
    int m_status = 0;
    QByteArray m_body;
    std::unique_ptr<IUpstreamCall> m_call;
};

} // namespace sy
