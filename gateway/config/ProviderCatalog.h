#pragma once

#include "gateway/core/Deployment.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/** A provider prefix we can serve: every one of them speaks OpenAI's API. */
struct ProviderInfo
{
    QString name;
    QString defaultApiBase; ///< empty: api_base is required
    QString pathSuffix; ///< appended to api_base (Ollama's OpenAI-compatible API lives under /v1)
    BackendKind backend = BackendKind::OpenAiCompatible;
};

/** Which provider a `model_list` entry names, and the model id to send it. */
struct ProviderChoice
{
    enum class Outcome
    {
        Ok,
        NotSupported, ///< a real LiteLLM provider we do not implement yet: the entry is skipped
        Unknown, ///< no provider we know, and nothing to go on: an error
    };

    Outcome outcome = Outcome::Ok;
    const ProviderInfo* provider = nullptr;
    QString backendModel;
    QString message; ///< why, for NotSupported and Unknown
    QStringList notes; ///< warnings worth showing even when the choice is fine
};

/** LiteLLM's provider prefixes (openai/, hosted_vllm/, …) and what each means here. */
namespace ProviderCatalog {

const ProviderInfo* find(const QString& name);

struct Split
{
    const ProviderInfo* provider = nullptr;
    QString prefix;
    QString rest;
};
/** "ollama/llama3.2" → {ollama, "llama3.2"}; no known prefix → provider null. */
Split splitModel(const QString& model);

/**
 * Decides the provider for litellm_params.model = @p model, given the seed-style
 * `provider:` key (@p providerKey, may be empty) and whether an api_base was set.
 */
ProviderChoice choose(const QString& model, const QString& providerKey, bool hasApiBase);

/** model_info.backend: "openai", "lmstudio", "ollama", "llamacpp", "vllm". */
std::optional<BackendKind> backendNamed(const QString& name);
QString backendName(BackendKind kind);

/** The wire APIs a provider's servers speak natively: Ollama's next to OpenAI's for `ollama`
    and `ollama_chat`, OpenAI's for the rest. */
Dialects dialectsOf(const QString& provider);

/** The providers this build serves, for error messages and docs. */
QStringList supportedNames();

} // namespace ProviderCatalog

} // namespace sy
