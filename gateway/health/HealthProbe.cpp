#include "gateway/health/HealthProbe.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kMaxBody = 4 * 1024 * 1024;

} // namespace

HealthProbe::HealthProbe(IUpstreamClient& client, UpstreamRequest request, QByteArray expectedField, Done done)
    : m_expectedField(std::move(expectedField))
    , m_done(std::move(done))
{
    m_call = client.start(request, this);
}

HealthProbe::~HealthProbe() = default;

void HealthProbe::onResponseHead(int status, const HttpHeaders&)
{
    m_status = status;
    if (status < 200 || status >= 300) {
        finish(u"HTTP %1"_s.arg(status));
        return;
    }
    if (m_expectedField.isEmpty())
        finish({}); // the status is the answer; the body (a model list, say) is not needed
}

void HealthProbe::onResponseData(const QByteArray& data)
{
    if (!m_done)
        return;
    if (m_body.size() + data.size() > kMaxBody) {
        finish(u"the answer is larger than 4 MiB"_s);
        return;
    }
    m_body += data;
}

void HealthProbe::onResponseEnd()
{
    if (!m_done)
        return;
    const QJsonObject json = QJsonDocument::fromJson(m_body).object();
    if (!json.contains(QString::fromUtf8(m_expectedField)))
        finish(u"the answer has no \"%1\" field"_s.arg(QString::fromUtf8(m_expectedField)));
    else
        finish({});
}

void HealthProbe::onUpstreamError(const UpstreamError& error)
{
    finish(error.message.isEmpty() ? QString::fromLatin1(error.code()) : error.message);
}

void HealthProbe::finish(const QString& error)
{
    Done done = std::exchange(m_done, nullptr);
    if (!done)
        return;
    if (m_call)
        m_call->abort(); // what is left of the answer is not needed
    done(error); // may end this object's life: the last thing done here
}

} // namespace sy
