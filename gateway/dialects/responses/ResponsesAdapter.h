#pragma once

#include "gateway/dialects/DialectAdapter.h"

namespace sy {

/**
 * OpenAI's Responses API (/v1/responses), in and out: what Codex, the OpenAI Agents SDK and the
 * Vercel AI SDK's OpenAI provider speak. Its errors are OpenAI's. Stored conversations
 * (previous_response_id, store) are the pipeline's ConversationStage and ResponsesHistory.
 */
class ResponsesAdapter : public DialectAdapter
{
public:
    Dialect dialect() const override { return Dialect::Responses; }

    std::optional<ApiError> parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const override;
    std::optional<QByteArray>
    toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const override;
    std::unique_ptr<IAnswerEncoder> encoder(Endpoint endpoint, const AnswerContext& context) const override;
    std::unique_ptr<INativeFilter> nativeFilter(Endpoint endpoint, const AnswerContext& context) const override;
    ErrorReply renderError(const ApiError& error) const override;

    QByteArray target(const Deployment& deployment, Endpoint endpoint, Operation operation) const override;
    std::optional<QByteArray>
    fromOpenAi(Operation operation, const JsonBody& body, const QString& backendModel, ApiError* error) const override;
    std::unique_ptr<IAnswerDecoder> decoder(Operation operation) const override;
    ApiError errorFrom(int status, const QByteArray& body) const override;
};

} // namespace sy
