#pragma once

#include "gateway/dialects/DialectAdapter.h"

namespace sy {

/**
 * Ollama's API (/api/chat, /api/generate, /api/embed, /api/embeddings), in and out. As a
 * client's dialect its requests stream by default, as NDJSON; they reach Ollama deployments as
 * they are (every option kept) and others translated to OpenAI's API. As a backend's dialect it
 * lives at the server root, without the /v1 of Ollama's OpenAI-compatible API.
 */
class OllamaAdapter : public DialectAdapter
{
public:
    Dialect dialect() const override { return Dialect::Ollama; }

    std::optional<ApiError> parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const override;
    QString modelGroupFor(const QString& asked, const std::function<bool(const QString&)>& isGroup) const override;
    std::optional<QByteArray>
    toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const override;
    std::unique_ptr<IAnswerEncoder> encoder(Endpoint endpoint, const AnswerContext& context) const override;
    std::unique_ptr<INativeFilter> nativeFilter(Endpoint endpoint, const AnswerContext& context) const override;
    std::optional<QByteArray> fromOpenAiWhole(Endpoint endpoint,
                                              const QByteArray& body,
                                              const AnswerContext& context,
                                              QString* why) const override;
    std::optional<QByteArray>
    localAnswer(Endpoint endpoint, const JsonBody& body, const Deployment& deployment) const override;
    ErrorReply renderError(const ApiError& error) const override;

    QByteArray target(const Deployment& deployment, Endpoint endpoint, Operation operation) const override;
    std::optional<QByteArray>
    fromOpenAi(Operation operation, const JsonBody& body, const QString& backendModel, ApiError* error) const override;
    std::unique_ptr<IAnswerDecoder> decoder(Operation operation) const override;
    ApiError errorFrom(int status, const QByteArray& body) const override;

    /** Ollama's "load the model" call: /api/generate without a prompt, /api/chat without messages. */
    static bool isLoadCall(Endpoint endpoint, const JsonBody& body);
};

} // namespace sy
