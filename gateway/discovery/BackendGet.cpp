#include "gateway/discovery/BackendGet.h"

#include "gateway/http/HeaderNames.h"

namespace sy {

namespace {

constexpr qsizetype kMaxReportBytes = 4 * 1024 * 1024;

} // namespace

BackendGet::BackendGet(IUpstreamClient& client,
                       const Deployment& backend,
                       const QByteArray& target,
                       std::chrono::milliseconds timeout,
                       Done done)
    : m_done(std::move(done))
{
    UpstreamRequest request;
    request.origin = backend.origin;
    request.method = "GET";
    request.target = target;
    request.headers.addShared(Headers::kAccept, Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    for (const auto& [name, value] : backend.authHeaders)
        request.headers.add(name, value);
    request.timeouts.connect = timeout;
    request.timeouts.firstByte = timeout;
    request.timeouts.total = timeout;
    m_call = client.start(request, this);
}

BackendGet::~BackendGet() = default;

void BackendGet::onResponseHead(int status, const HttpHeaders&)
{
    m_status = status;
}

void BackendGet::onResponseData(const QByteArray& data)
{
    if (m_body.size() + data.size() > kMaxReportBytes) {
        m_call->abort();
        finish(0);
        return;
    }
    m_body += data;
}

void BackendGet::onResponseEnd()
{
    finish(m_status);
}

void BackendGet::onUpstreamError(const UpstreamError&)
{
    finish(0);
}

void BackendGet::finish(int status)
{
    // The callback may end this object's life: it is the last thing done here.
    if (Done done = std::exchange(m_done, nullptr))
        done(status, status == 0 ? QByteArray() : m_body);
}

} // namespace sy
