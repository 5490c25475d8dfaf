#pragma once

#include "gateway/core/Deployment.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <functional>
#include <memory>

namespace sy {

/**
 * One GET to a backend for a small JSON report (Ollama's /api/ps, LM Studio's model states),
 * with the deployment's credentials, a timeout and a size cap. Answers once: the status (0 when
 * the backend could not be reached) and the body.
 */
class BackendGet : private IUpstreamHandler
{
public:
    using Done = std::function<void(int status, const QByteArray& body)>;

    BackendGet(IUpstreamClient& client,
               const Deployment& backend,
               const QByteArray& target,
               std::chrono::milliseconds timeout,
               Done done);
    ~BackendGet() override;

private:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;
    void finish(int status);

    Done m_done;
    int m_status = 0;
    QByteArray m_body;
    std::unique_ptr<IUpstreamCall> m_call;
};

} // namespace sy
