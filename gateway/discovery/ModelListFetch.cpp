#include "gateway/discovery/ModelListFetch.h"

#include "gateway/http/HeaderNames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kMaxListBytes = 8 * 1024 * 1024;

} // namespace

ModelListFetch::ModelListFetch(IUpstreamClient& client,
                               const Deployment& backend,
                               std::chrono::milliseconds timeout,
                               Done done)
    : m_done(std::move(done))
{
    UpstreamRequest request;
    request.origin = backend.origin;
    request.method = "GET";
    request.target = backend.basePath + "/models" + backend.query;
    request.headers.addShared(Headers::kAccept, Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    for (const auto& [name, value] : backend.authHeaders)
        request.headers.add(name, value);
    request.timeouts.connect = timeout;
    request.timeouts.firstByte = timeout;
    request.timeouts.total = timeout;
    m_call = client.start(request, this);
}

ModelListFetch::~ModelListFetch() = default;

std::optional<QStringList> ModelListFetch::parseModelList(const QByteArray& body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QStringList ids;
    if (root.value(u"data"_s).isArray()) {
        for (const QJsonValue& m : root.value(u"data"_s).toArray()) {
            const QString id = m.toObject().value(u"id"_s).toString();
            if (!id.isEmpty())
                ids.append(id);
        }
        return ids;
    }
    if (root.value(u"models"_s).isArray()) {
        for (const QJsonValue& m : root.value(u"models"_s).toArray()) {
            const QString name = m.toObject().value(u"name"_s).toString();
            if (!name.isEmpty())
                ids.append(name);
        }
        return ids;
    }
    return std::nullopt;
}

void ModelListFetch::onResponseHead(int status, const HttpHeaders&)
{
    m_status = status;
}

void ModelListFetch::onResponseData(const QByteArray& data)
{
    if (m_body.size() + data.size() > kMaxListBytes) {
        m_call->abort();
        finish(std::nullopt);
        return;
    }
    m_body += data;
}

void ModelListFetch::onResponseEnd()
{
    finish(m_status == 200 ? parseModelList(m_body) : std::nullopt);
}

void ModelListFetch::onUpstreamError(const UpstreamError&)
{
    finish(std::nullopt);
}

void ModelListFetch::finish(const std::optional<QStringList>& models)
{
    // The callback may end this object's life: it is the last thing done here.
    if (Done done = std::exchange(m_done, nullptr))
        done(models);
}

} // namespace sy
