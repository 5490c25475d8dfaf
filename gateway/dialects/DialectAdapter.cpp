#include "gateway/dialects/DialectAdapter.h"

using namespace Qt::StringLiterals;

namespace sy {

QByteArray
DialectAdapter::nativeBody(const JsonBody& body, const QString& backendModel, const ParsedRequest& request) const
{
    if (backendModel == request.model)
        return body.bytes();
    return body.withMember("model", JsonBody::quoted(backendModel));
}

QString DialectAdapter::modelGroupFor(const QString& asked, const std::function<bool(const QString&)>&) const
{
    return asked;
}

void DialectAdapter::forwardHeaders(const HttpHeaders&, HttpHeaders&) const { }

std::optional<QByteArray>
DialectAdapter::fromOpenAiWhole(Endpoint, const QByteArray&, const AnswerContext&, QString* why) const
{
    if (why)
        *why = u"this dialect has no such answer"_s;
    return std::nullopt;
}

std::optional<QByteArray> DialectAdapter::localAnswer(Endpoint, const JsonBody&, const Deployment&) const
{
    return std::nullopt;
}

std::optional<QByteArray> DialectAdapter::fromOpenAi(Operation, const JsonBody&, const QString&, ApiError* error) const
{
    if (error)
        *error = ApiError::badRequest(u"This backend cannot take that request."_s, "unsupported_by_backend");
    return std::nullopt;
}

void DialectAdapter::addBackendHeaders(HttpHeaders&) const { }

} // namespace sy
