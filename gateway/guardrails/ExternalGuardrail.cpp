#include "gateway/guardrails/ExternalGuardrail.h"

#include "gateway/guardrails/JsonPost.h"

using namespace Qt::StringLiterals;

namespace sy {

ExternalGuardrail::ExternalGuardrail(GuardrailSpec spec, IUpstreamClient& client)
    : Guardrail(std::move(spec))
    , m_client(client)
{ }

ExternalGuardrail::~ExternalGuardrail() = default;

QUrl ExternalGuardrail::urlWithPath(const QString& path) const
{
    QUrl url(spec().apiBase);
    QString base = url.path();
    if (!base.endsWith(path)) {
        while (base.endsWith(u'/'))
            base.chop(1);
        url.setPath(base + path);
    }
    return url;
}

std::unique_ptr<JsonPost> ExternalGuardrail::check(const ScanRequest& request, Done done) const
{
    const qint64 timeoutMs = spec().timeout.count();
    return std::make_unique<JsonPost>(
        m_client,
        endpoint(request),
        body(request),
        spec().apiKey,
        spec().timeout,
        [this, request, timeoutMs, done = std::move(done)](int status, const QByteArray& answer, const QString& error) {
            ExternalVerdict verdict;
            if (status == 0) {
                verdict.kind = ExternalVerdict::Kind::Unavailable;
                verdict.reason = error == u"timeout" ? u"no answer within %1 ms"_s.arg(timeoutMs)
                                                     : u"unreachable: %1"_s.arg(error);
            } else if (status != 200) {
                verdict.kind = ExternalVerdict::Kind::Unavailable;
                verdict.reason = u"it answered HTTP %1"_s.arg(status);
            } else {
                verdict = verdictOf(answer, request);
            }
            done(verdict);
        });
}

} // namespace sy
