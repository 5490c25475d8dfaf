#include "gateway/guardrails/JsonPost.h"

#include "gateway/http/HeaderNames.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kMaxAnswerBytes = 16 * 1024 * 1024;

} // namespace

JsonPost::JsonPost(IUpstreamClient& client,
                   const QUrl& url,
                   const QByteArray& body,
                   const QString& bearer,
                   std::chrono::milliseconds timeout,
                   Done done)
    : m_done(std::move(done))
{
    UpstreamRequest request;
    request.origin.tls = url.scheme() == u"https";
    request.origin.host = url.host();
    request.origin.port = quint16(url.port(request.origin.tls ? 443 : 80));
    request.method = "POST";
    request.target = url.path(QUrl::FullyEncoded).toUtf8();
    if (request.target.isEmpty())
        request.target = "/";
    if (url.hasQuery())
        request.target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    request.body = body;
    request.headers.addShared(Headers::kContentType, Headers::kApplicationJson);
    request.headers.addShared(Headers::kAccept, Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    if (!bearer.isEmpty())
        request.headers.add(Headers::kAuthorization, QByteArray("Bearer " + bearer.toUtf8()));
    request.timeouts.connect = timeout;
    request.timeouts.firstByte = timeout;
    request.timeouts.total = timeout;
    m_call = client.start(request, this);
}

JsonPost::~JsonPost() = default;

void JsonPost::onResponseHead(int status, const HttpHeaders&)
{
    m_status = status;
}

void JsonPost::onResponseData(const QByteArray& data)
{
    if (m_body.size() + data.size() > kMaxAnswerBytes) {
        m_call->abort();
        finish(0, u"the answer is larger than 16 MiB"_s);
        return;
    }
    m_body += data;
}

void JsonPost::onResponseEnd()
{
    finish(m_status, {});
}

void JsonPost::onUpstreamError(const UpstreamError& error)
{
    finish(0, error.isTimeout() ? QStringLiteral("timeout") : error.message);
}

void JsonPost::finish(int status, const QString& error)
{
    // The callback may destroy this object: it is the last thing done here.
    if (Done done = std::exchange(m_done, nullptr))
        done(status, m_body, error);
}

} // namespace sy
