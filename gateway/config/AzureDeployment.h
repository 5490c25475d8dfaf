#pragma once

#include <QString>

namespace YAML {
class Node;
}

namespace sy {

struct Deployment;
class YamlReader;

/**
 * Azure OpenAI speaks OpenAI's API under per-deployment paths:
 * `{api_base}/openai/deployments/{deployment}/chat/completions?api-version=…` (also
 * /completions and /embeddings), authenticated by an `api-key` header or, with Entra ID, an
 * `Authorization: Bearer` token. The deployment's basePath, query and authHeaders say all of it,
 * so requests need nothing Azure-specific downstream.
 */
namespace AzureDeployment {

/** Used when neither litellm_params.api_version nor AZURE_API_VERSION is set: the newest GA. */
inline constexpr char16_t kDefaultApiVersion[] = u"2024-10-21";

/** Sets @p d's path and query from its apiBase, backendModel (the deployment's name) and
    api_version; @p key is the api_key (may be empty), azure_ad_token the alternative. */
void configure(YamlReader& reader, const YAML::Node& params, const QString& path, const QString& key, Deployment& d);

/** "o_series/x" and "gpt5_series/x" are LiteLLM routing hints; the deployment is "x". */
QString deploymentName(const QString& model);

} // namespace AzureDeployment

} // namespace sy
