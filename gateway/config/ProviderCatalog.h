#pragma once

#include "gateway/core/Deployment.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/** A provider prefix we can serve: every one of them speaks OpenAI's API (Azure with its own
    paths and key header, see AzureDeployment). */
struct ProviderInfo
{
    QString name;
    QString defaultApiBase; ///< empty: api_base is required
    QString pathSuffix; ///< appended to api_base (Ollama's OpenAI-compatible API lives under /v1)
    BackendKind backend = BackendKind::OpenAiCompatible;
    /** The wire APIs it speaks natively (model_info.dialects overrides). */
    Dialects dialects = Dialect::OpenAi;
    /** Where LiteLLM reads its key when the entry gives none, e.g. ANTHROPIC_API_KEY. */
    QString keyEnv;
    /** Variables that override defaultApiBase, as LiteLLM reads them (ANTHROPIC_API_BASE, …). */
    QStringList baseEnv;
    /** The header its key goes in: Authorization: Bearer, or Anthropic's x-api-key. */
    QByteArray keyHeader = "authorization";
};

/** Which provider a `model_list` entry names, and the model id to send it. */
struct ProviderChoice
{
    enum class Outcome
    {
        Ok,
        /** A LiteLLM provider we do not implement (yet), or none we can tell: the entry is
            skipped with one warning, as LiteLLM itself would only fail when it is called. */
        NotSupported,
    };

    Outcome outcome = Outcome::Ok;
    const ProviderInfo* provider = nullptr;
    QString backendModel;
    QString message; ///< why, for NotSupported
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
 * `provider:` key (@p providerKey, may be empty) and whether an api_base was set. A name without
 * a prefix is inferred as LiteLLM does: gpt-, o1, dall-e-, whisper-, tts-, text-embedding-, …
 * are OpenAI's, claude- is Anthropic's; a bare "*" is OpenAI's catch-all.
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
