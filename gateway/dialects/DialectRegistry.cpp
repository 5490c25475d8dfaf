#include "gateway/dialects/DialectRegistry.h"

#include "gateway/dialects/anthropic/AnthropicAdapter.h"
#include "gateway/dialects/ollama/OllamaAdapter.h"
#include "gateway/dialects/openai/OpenAiAdapter.h"
#include "gateway/dialects/responses/ResponsesAdapter.h"

namespace sy::DialectRegistry {

const DialectAdapter& adapter(Dialect dialect)
{
    static const OpenAiAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const ResponsesAdapter responses;
    static const OllamaAdapter ollama;
    switch (dialect) {
    case Dialect::Anthropic:
        return anthropic;
    case Dialect::Responses:
        return responses;
    case Dialect::Ollama:
        return ollama;
    case Dialect::OpenAi:
        break;
    }
    return openAi;
}

Dialect wireFor(Dialect client, const Deployment& deployment)
{
    if (deployment.speaks(client))
        return client;
    if (deployment.speaks(Dialect::OpenAi))
        return Dialect::OpenAi;
    for (const Dialect d : {Dialect::Anthropic, Dialect::Responses, Dialect::Ollama}) {
        if (deployment.speaks(d))
            return d;
    }
    return Dialect::OpenAi;
}

} // namespace sy::DialectRegistry
