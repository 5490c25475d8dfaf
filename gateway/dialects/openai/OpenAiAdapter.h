#pragma once

#include "gateway/dialects/DialectAdapter.h"

namespace sy {

/** OpenAI's API: chat completions, legacy completions and embeddings. The gateway's common
    language: other dialects translate to it, so as a client's dialect it rarely translates. */
class OpenAiAdapter : public DialectAdapter
{
public:
    Dialect dialect() const override { return Dialect::OpenAi; }

    std::optional<ApiError> parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const override;
    std::optional<QByteArray>
    toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const override;
    QByteArray
    nativeBody(const JsonBody& body, const QString& backendModel, const ParsedRequest& request) const override;
    std::unique_ptr<IAnswerEncoder> encoder(Endpoint endpoint, const AnswerContext& context) const override;
    std::unique_ptr<INativeFilter> nativeFilter(Endpoint endpoint, const AnswerContext& context) const override;
    std::optional<QByteArray> fromOpenAiWhole(Endpoint endpoint,
                                              const QByteArray& body,
                                              const AnswerContext& context,
                                              QString* why) const override;
    ErrorReply renderError(const ApiError& error) const override;

    QByteArray target(const Deployment& deployment, Endpoint endpoint, Operation operation) const override;
    std::unique_ptr<IAnswerDecoder> decoder(Operation operation) const override;
    ApiError errorFrom(int status, const QByteArray& body) const override;

    /** The stream_options of a streamed chat or completions request with include_usage set, the
        rest kept as it was (every stream then reports its tokens); nullopt when already set. */
    static std::optional<QByteArray> usageOptions(const JsonBody& body);
};

} // namespace sy
