#pragma once

#include "gateway/core/Deployment.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace sy {

/**
 * One GET {api_base}/models to a backend, answered with the model ids it lists (OpenAI's
 * `data[].id`; Ollama's /api/tags `models[].name` also works). nullopt when the backend is
 * down or answers something else.
 */
class ModelListFetch : private IUpstreamHandler
{
public:
    using Done = std::function<void(const std::optional<QStringList>& models)>;

    ModelListFetch(IUpstreamClient& client, const Deployment& backend, std::chrono::milliseconds timeout, Done done);
    ~ModelListFetch() override;

    /** The ids in a /models (or /api/tags) answer; nullopt if it is neither. */
    static std::optional<QStringList> parseModelList(const QByteArray& body);

private:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;
    void finish(const std::optional<QStringList>& models);

    Done m_done;
    int m_status = 0;
    QByteArray m_body;
    std::unique_ptr<IUpstreamCall> m_call;
};

} // namespace sy
