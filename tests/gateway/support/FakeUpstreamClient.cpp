#include "FakeUpstreamClient.h"

#include <algorithm>

namespace sy::testing {

// What the caller holds: aborting or destroying it silences the call.
class FakeCallHandle final : public IUpstreamCall
{
public:
    explicit FakeCallHandle(std::shared_ptr<FakeCall> call)
        : m_call(std::move(call))
    { }
    ~FakeCallHandle() override { m_call->m_destroyed = true; }
    void abort() override { m_call->m_aborted = true; }
    void setReadPaused(bool paused) override
    {
        m_call->m_paused = paused;
        m_call->m_pauseHistory.append(paused);
    }

private:
    std::shared_ptr<FakeCall> m_call;
};

IUpstreamHandler* FakeCall::listener()
{
    if (live())
        return m_handler;
    ++m_dropped;
    return nullptr;
}

void FakeCall::head(int status, const HttpHeaders& headers)
{
    if (IUpstreamHandler* h = listener())
        h->onResponseHead(status, headers);
}

void FakeCall::data(const QByteArray& bytes)
{
    if (IUpstreamHandler* h = listener())
        h->onResponseData(bytes);
}

void FakeCall::end()
{
    if (IUpstreamHandler* h = listener())
        h->onResponseEnd();
}

void FakeCall::error(UpstreamError::Kind kind, const QString& message)
{
    if (IUpstreamHandler* h = listener())
        h->onUpstreamError({kind, message});
}

void FakeCall::reply(int status, const QByteArray& body, const QByteArray& contentType)
{
    HttpHeaders headers;
    headers.add("content-type", contentType);
    head(status, headers);
    if (!body.isEmpty() && live())
        data(body);
    if (live())
        end();
}

void FakeCall::beginStream()
{
    HttpHeaders headers;
    headers.add("content-type", "text/event-stream");
    head(200, headers);
}

void FakeCall::event(const QByteArray& json)
{
    data("data: " + json + "\n\n");
}

std::unique_ptr<IUpstreamCall> FakeUpstreamClient::start(const UpstreamRequest& request, IUpstreamHandler* handler)
{
    auto call = std::make_shared<FakeCall>();
    call->request = request;
    call->m_handler = handler;
    m_calls.append(call);
    return std::make_unique<FakeCallHandle>(call);
}

int FakeUpstreamClient::liveCount() const
{
    return int(std::count_if(m_calls.cbegin(), m_calls.cend(), [](const auto& c) { return c->live(); }));
}

} // namespace sy::testing
