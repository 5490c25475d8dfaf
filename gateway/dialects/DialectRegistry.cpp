#include "gateway/dialects/DialectRegistry.h"

#include "gateway/dialects/anthropic/AnthropicAdapter.h"
#include "gateway/dialects/ollama/OllamaAdapter.h"
#include "gateway/dialects/openai/OpenAiAdapter.h"

namespace sy::DialectRegistry {

const DialectAdapter& adapter(Dialect dialect)
{
    static const OpenAiAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const OllamaAdapter ollama;
    switch (dialect) {
    case Dialect::Anthropic:
        return anthropic;
    case Dialect::Ollama:
        return ollama;
    case Dialect::OpenAi:
    case Dialect::Responses: // until its adapter lands
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
