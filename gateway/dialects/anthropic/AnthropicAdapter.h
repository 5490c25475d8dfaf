#pragma once

#include "gateway/dialects/DialectAdapter.h"

namespace sy {

/** Anthropic's Messages API (/v1/messages, /v1/messages/count_tokens), in and out. */
class AnthropicAdapter : public DialectAdapter
{
public:
    static constexpr QByteArrayView kApiVersion = "2023-06-01";

    Dialect dialect() const override { return Dialect::Anthropic; }

    std::optional<ApiError> parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const override;
    std::optional<QByteArray>
    toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const override;
    void forwardHeaders(const HttpHeaders& client, HttpHeaders& upstream) const override;
    std::unique_ptr<IAnswerEncoder> encoder(Endpoint endpoint, const AnswerContext& context) const override;
    std::unique_ptr<INativeFilter> nativeFilter(Endpoint endpoint, const AnswerContext& context) const override;
    std::optional<QByteArray>
    localAnswer(Endpoint endpoint, const JsonBody& body, const Deployment& deployment) const override;
    ErrorReply renderError(const ApiError& error) const override;

    QByteArray target(const Deployment& deployment, Endpoint endpoint, Operation operation) const override;
    std::optional<QByteArray>
    fromOpenAi(Operation operation, const JsonBody& body, const QString& backendModel, ApiError* error) const override;
    void addBackendHeaders(HttpHeaders& upstream) const override;
    std::unique_ptr<IAnswerDecoder> decoder(Operation operation) const override;
    ApiError errorFrom(int status, const QByteArray& body) const override;

    /** Tokens of a Messages request, estimated at about 4 characters a token. */
    static qint64 estimateInputTokens(const JsonBody& body);
};

} // namespace sy
