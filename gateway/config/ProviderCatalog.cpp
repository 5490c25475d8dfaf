#include "gateway/config/ProviderCatalog.h"

using namespace Qt::StringLiterals;

namespace sy::ProviderCatalog {

namespace {

// An OpenAI-compatible provider; @p keyEnv is where LiteLLM finds its key when none is given.
ProviderInfo openAi(const QString& name,
                    const QString& base,
                    BackendKind backend = BackendKind::OpenAiCompatible,
                    const QString& keyEnv = {},
                    const QString& suffix = {})
{
    ProviderInfo p;
    p.name = name;
    p.defaultApiBase = base;
    p.pathSuffix = suffix;
    p.backend = backend;
    p.keyEnv = keyEnv;
    return p;
}

// Anthropic's Messages API: requests from other dialects are translated (gateway/dialects).
ProviderInfo anthropic()
{
    ProviderInfo p = openAi(u"anthropic"_s,
                            u"https://api.anthropic.com"_s,
                            BackendKind::OpenAiCompatible,
                            u"ANTHROPIC_API_KEY"_s,
                            u"/v1"_s);
    p.dialects = Dialect::Anthropic;
    p.keyHeader = "x-api-key";
    p.baseEnv = {u"ANTHROPIC_API_BASE"_s, u"ANTHROPIC_BASE_URL"_s};
    return p;
}

// Ollama: its OpenAI API for most clients, its own /api/* for Ollama clients (passed through).
ProviderInfo ollama(const QString& name)
{
    ProviderInfo p = openAi(name, u"http://localhost:11434"_s, BackendKind::Ollama, {}, u"/v1"_s);
    p.dialects = Dialect::OpenAi | Dialect::Ollama;
    return p;
}

const QList<ProviderInfo>& providers()
{
    using enum BackendKind;
    static const QList<ProviderInfo> list{
        openAi(u"openai"_s, u"https://api.openai.com/v1"_s, OpenAiCompatible, u"OPENAI_API_KEY"_s),
        openAi(u"hosted_vllm"_s, {}, Vllm),
        openAi(u"lm_studio"_s, u"http://localhost:1234/v1"_s),
        ollama(u"ollama"_s),
        ollama(u"ollama_chat"_s),
        openAi(u"openrouter"_s, u"https://openrouter.ai/api/v1"_s, OpenAiCompatible, u"OPENROUTER_API_KEY"_s),
        anthropic(),
        // Remote providers whose API is OpenAI's, at a known address.
        openAi(u"groq"_s, u"https://api.groq.com/openai/v1"_s, OpenAiCompatible, u"GROQ_API_KEY"_s),
        openAi(u"mistral"_s, u"https://api.mistral.ai/v1"_s, OpenAiCompatible, u"MISTRAL_API_KEY"_s),
        openAi(u"deepseek"_s, u"https://api.deepseek.com/v1"_s, OpenAiCompatible, u"DEEPSEEK_API_KEY"_s),
        openAi(u"together_ai"_s, u"https://api.together.xyz/v1"_s, OpenAiCompatible, u"TOGETHERAI_API_KEY"_s),
        openAi(
            u"fireworks_ai"_s, u"https://api.fireworks.ai/inference/v1"_s, OpenAiCompatible, u"FIREWORKS_AI_API_KEY"_s),
        openAi(u"xai"_s, u"https://api.x.ai/v1"_s, OpenAiCompatible, u"XAI_API_KEY"_s),
        openAi(u"perplexity"_s, u"https://api.perplexity.ai"_s, OpenAiCompatible, u"PERPLEXITYAI_API_KEY"_s),
        // Google's OpenAI-compatible endpoint for Gemini, the key as a Bearer token.
        openAi(u"gemini"_s,
               u"https://generativelanguage.googleapis.com/v1beta/openai"_s,
               OpenAiCompatible,
               u"GEMINI_API_KEY"_s),
        // OpenAI's API under per-deployment paths, with an api-key header (AzureDeployment);
        // its address comes from the entry or AZURE_API_BASE.
        openAi(u"azure"_s, {}, OpenAiCompatible, u"AZURE_API_KEY"_s),
    };
    return list;
}

// LiteLLM providers with APIs of their own, not implemented yet.
const QStringList kNotYetSupported{u"azure_ai"_s,  u"bedrock"_s,     u"vertex_ai"_s,   u"vertex_ai_beta"_s,
                                   u"cohere"_s,    u"cohere_chat"_s, u"huggingface"_s, u"replicate"_s,
                                   u"sagemaker"_s, u"watsonx"_s,     u"oci"_s,         u"text-completion-openai"_s,
                                   u"predibase"_s, u"databricks"_s,  u"cloudflare"_s,  u"ai21"_s,
                                   u"nlp_cloud"_s, u"aleph_alpha"_s, u"palm"_s,        u"petals"_s,
                                   u"voyage"_s,    u"triton"_s,      u"auto_router"_s};

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

// LiteLLM's other names for providers we serve, as model prefixes.
QString prefixAlias(const QString& prefix)
{
    if (prefix == u"azure_text")
        return u"azure"_s; // Azure's /completions models: the same API, the same paths
    if (prefix == u"google")
        return u"gemini"_s;
    return prefix;
}

// Model names LiteLLM serves without a prefix because it knows whose they are.
bool isOpenAiModel(const QString& model)
{
    for (const char* prefix : {"gpt-",
                               "chatgpt-",
                               "dall-e-",
                               "whisper-",
                               "tts-",
                               "text-embedding-",
                               "text-moderation-",
                               "omni-moderation-",
                               "davinci",
                               "babbage",
                               "computer-use-"}) {
        if (model.startsWith(QLatin1StringView(prefix)))
            return true;
    }
    // The reasoning series: "o1", "o3-mini", "o4-mini-high", … but not "o1x".
    for (const char* series : {"o1", "o3", "o4"}) {
        const QLatin1StringView s(series);
        if (model.startsWith(s) && (model.size() == s.size() || model.at(s.size()) == u'-'))
            return true;
    }
    return false;
}

bool isAnthropicModel(const QString& model)
{
    return model.startsWith(u"claude-");
}

ProviderChoice notSupported(const QString& name, const QString& context = {})
{
    ProviderChoice c;
    c.outcome = ProviderChoice::Outcome::NotSupported;
    const QString what = kNotYetSupported.contains(name) ? u"provider \"%1\" is not supported yet"_s.arg(name)
                                                         : u"unknown provider \"%1\""_s.arg(name);
    c.message = context + what + u" (supported: %1)"_s.arg(supportedNames().join(u", "_s));
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

// A provider named by its prefix or inferred: served when we can, skipped otherwise.
ProviderChoice resolve(const QString& provider, const QString& model, const QString& context = {})
{
    return find(provider) ? ok(provider, model) : notSupported(provider, context);
}

// No prefix: LiteLLM knows some names; a server at api_base takes any name as it is.
ProviderChoice inferFromName(const QString& model, bool hasApiBase)
{
    if (model == u"*" || isOpenAiModel(model))
        return ok(u"openai"_s, model);
    if (isAnthropicModel(model))
        return resolve(u"anthropic"_s, model, u"\"%1\" is an Anthropic model (anthropic/%1), and "_s.arg(model));
    if (hasApiBase)
        return ok(u"openai"_s, model); // LiteLLM's openai-compatible mode: the name goes as it is
    ProviderChoice c;
    c.outcome = ProviderChoice::Outcome::NotSupported;
    c.message = u"cannot tell which provider serves \"%1\": add a prefix such as openai/, anthropic/ or "
                u"hosted_vllm/, or set api_base"_s.arg(model);
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
        ProviderChoice c = resolve(name, model);
        c.notes.append(u"litellm_params.provider is not a LiteLLM key; read as the provider \"%1\""_s.arg(name));
        return c;
    }
    const qsizetype slash = model.indexOf(u'/');
    if (slash <= 0)
        return inferFromName(model, hasApiBase);
    const QString prefix = prefixAlias(model.left(slash));
    const QString rest = model.mid(slash + 1);
    if (find(prefix))
        return ok(prefix, rest);
    if (kNotYetSupported.contains(prefix) || !hasApiBase)
        return notSupported(prefix);
    // Like LiteLLM's openai-compatible mode: the name is sent to api_base as it is.
    return ok(u"openai"_s,
              model,
              {u"\"%1\" is not a provider prefix; the whole name \"%2\" is sent to api_base as the model id"_s.arg(
                  prefix, model)});
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
    const ProviderInfo* info = find(provider);
    return info ? info->dialects : Dialects(Dialect::OpenAi);
}

} // namespace sy::ProviderCatalog
