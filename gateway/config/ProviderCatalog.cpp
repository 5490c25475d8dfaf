#include "gateway/config/ProviderCatalog.h"

using namespace Qt::StringLiterals;

namespace sy::ProviderCatalog {

namespace {

const QList<ProviderInfo>& providers()
{
    static const QList<ProviderInfo> list{
        {u"openai"_s, u"https://api.openai.com/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"hosted_vllm"_s, {}, {}, BackendKind::Vllm},
        {u"lm_studio"_s, u"http://localhost:1234/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"ollama"_s, u"http://localhost:11434"_s, u"/v1"_s, BackendKind::Ollama},
        {u"ollama_chat"_s, u"http://localhost:11434"_s, u"/v1"_s, BackendKind::Ollama},
        {u"openrouter"_s, u"https://openrouter.ai/api/v1"_s, {}, BackendKind::OpenAiCompatible},
        // Remote providers whose API is OpenAI's, at a known address.
        {u"groq"_s, u"https://api.groq.com/openai/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"mistral"_s, u"https://api.mistral.ai/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"deepseek"_s, u"https://api.deepseek.com/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"together_ai"_s, u"https://api.together.xyz/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"fireworks_ai"_s, u"https://api.fireworks.ai/inference/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"xai"_s, u"https://api.x.ai/v1"_s, {}, BackendKind::OpenAiCompatible},
        {u"perplexity"_s, u"https://api.perplexity.ai"_s, {}, BackendKind::OpenAiCompatible},
    };
    return list;
}

// LiteLLM providers with APIs of their own, not implemented yet.
const QStringList kNotYetSupported{u"anthropic"_s,
                                   u"azure"_s,
                                   u"azure_ai"_s,
                                   u"bedrock"_s,
                                   u"vertex_ai"_s,
                                   u"gemini"_s,
                                   u"cohere"_s,
                                   u"huggingface"_s,
                                   u"replicate"_s,
                                   u"sagemaker"_s,
                                   u"watsonx"_s};

// Names the seed configs use for "an OpenAI-compatible server", mapped to our provider.
QString canonical(const QString& name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"openai_compatible" || lower == u"openai-compatible" || lower == u"custom_openai")
        return u"openai"_s;
    if (lower == u"vllm")
        return u"hosted_vllm"_s;
    if (lower == u"lmstudio")
        return u"lm_studio"_s;
    return lower;
}

bool looksLikeOpenAiModel(const QString& model)
{
    for (const char* prefix : {"gpt-", "o1", "o3", "o4", "chatgpt-", "text-embedding-", "davinci", "babbage"}) {
        if (model.startsWith(QLatin1StringView(prefix)))
            return true;
    }
    return false;
}

ProviderChoice notSupported(const QString& name)
{
    ProviderChoice c;
    c.outcome = ProviderChoice::Outcome::NotSupported;
    c.message = u"provider \"%1\" is not supported yet (supported: %2)"_s.arg(name, supportedNames().join(u", "_s));
    return c;
}

ProviderChoice ok(const QString& provider, const QString& model, QStringList notes = {})
{
    ProviderChoice c;
    c.provider = find(provider);
    c.backendModel = model;
    c.notes = std::move(notes);
    return c;
}

} // namespace

const ProviderInfo* find(const QString& name)
{
    for (const ProviderInfo& p : providers()) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QStringList supportedNames()
{
    QStringList names;
    for (const ProviderInfo& p : providers())
        names.append(p.name);
    return names;
}

Split splitModel(const QString& model)
{
    const qsizetype slash = model.indexOf(u'/');
    if (slash <= 0)
        return {};
    const QString prefix = model.left(slash);
    return {find(prefix), prefix, model.mid(slash + 1)};
}

ProviderChoice choose(const QString& model, const QString& providerKey, bool hasApiBase)
{
    if (!providerKey.trimmed().isEmpty()) {
        // Seed 000 says `provider: openrouter` next to `model: openai/gpt-4`: the whole model
        // string is then the provider's model id.
        const QString name = canonical(providerKey);
        const QString note = u"litellm_params.provider is not a LiteLLM key; read as the provider \"%1\""_s.arg(name);
        if (kNotYetSupported.contains(name))
            return notSupported(name);
        if (!find(name)) {
            ProviderChoice c;
            c.outcome = ProviderChoice::Outcome::Unknown;
            c.message = u"unknown provider \"%1\" (supported: %2)"_s.arg(providerKey, supportedNames().join(u", "_s));
            return c;
        }
        return ok(name, model, {note});
    }
    const Split split = splitModel(model);
    if (split.provider)
        return ok(split.provider->name, split.rest);
    if (!split.prefix.isEmpty() && kNotYetSupported.contains(split.prefix))
        return notSupported(split.prefix);
    if (hasApiBase) {
        // Like LiteLLM's openai-compatible mode: the name is sent to api_base as it is.
        QStringList notes;
        if (!split.prefix.isEmpty())
            notes.append(
                u"\"%1\" is not a provider prefix; the whole name \"%2\" is sent to api_base as the model id"_s.arg(
                    split.prefix, model));
        return ok(u"openai"_s, model, notes);
    }
    if (looksLikeOpenAiModel(model))
        return ok(u"openai"_s, model, {u"no provider prefix: \"%1\" is taken to be an OpenAI model"_s.arg(model)});
    ProviderChoice c;
    c.outcome = ProviderChoice::Outcome::Unknown;
    c.message = split.prefix.isEmpty()
        ? u"cannot tell which provider serves \"%1\": add a prefix such as openai/ or hosted_vllm/, or set api_base"_s
              .arg(model)
        : u"unknown provider \"%1\" (supported: %2)"_s.arg(split.prefix, supportedNames().join(u", "_s));
    return c;
}

std::optional<BackendKind> backendNamed(const QString& name)
{
    const QString n = name.toLower();
    if (n == u"openai" || n == u"lmstudio" || n == u"lm_studio" || n == u"openai_compatible")
        return BackendKind::OpenAiCompatible;
    if (n == u"ollama")
        return BackendKind::Ollama;
    if (n == u"llamacpp" || n == u"llama.cpp" || n == u"llama-server")
        return BackendKind::LlamaCpp;
    if (n == u"vllm")
        return BackendKind::Vllm;
    return std::nullopt;
}

QString backendName(BackendKind kind)
{
    switch (kind) {
    case BackendKind::OpenAiCompatible:
        return u"openai"_s;
    case BackendKind::Ollama:
        return u"ollama"_s;
    case BackendKind::LlamaCpp:
        return u"llamacpp"_s;
    case BackendKind::Vllm:
        return u"vllm"_s;
    }
    return u"openai"_s;
}

Dialects dialectsOf(const QString& provider)
{
    if (provider == u"ollama" || provider == u"ollama_chat")
        return Dialect::OpenAi | Dialect::Ollama;
    return Dialect::OpenAi;
}

} // namespace sy::ProviderCatalog
