#include "gateway/config/ModelListParser.h"

#include "gateway/config/AzureDeployment.h"
#include "gateway/config/PriceTable.h"
#include "gateway/config/ProviderCatalog.h"
#include "gateway/config/YamlReader.h"
#include "gateway/core/ModelPattern.h"
#include "gateway/core/UpstreamOrigin.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// litellm_params keys read into Deployment fields; any other key is a default request param.
const QStringList kParamKeys{u"model"_s,
                             u"api_base"_s,
                             u"base_url"_s,
                             u"api_key"_s,
                             u"timeout"_s,
                             u"stream_timeout"_s,
                             u"max_parallel_requests"_s,
                             u"rpm"_s,
                             u"tpm"_s,
                             u"weight"_s,
                             u"order"_s,
                             u"max_retries"_s,
                             u"input_cost_per_token"_s,
                             u"cache_read_input_token_cost"_s,
                             u"cache_creation_input_token_cost"_s,
                             u"output_cost_per_token"_s,
                             u"provider"_s,
                             u"custom_llm_provider"_s,
                             u"extra_headers"_s,
                             u"organization"_s,
                             u"litellm_credential_name"_s,
                             u"api_version"_s,
                             u"azure_ad_token"_s};

// litellm_params keys that configure LiteLLM's own client and mean nothing to a proxy hop; sent
// upstream, a provider would reject them as unknown arguments.
const QStringList kIgnoredParamKeys{u"drop_params"_s,
                                    u"use_in_pass_through"_s,
                                    u"merge_reasoning_content_in_choices"_s,
                                    u"tags"_s,
                                    u"region_name"_s,
                                    u"base_model"_s,
                                    u"cooldown_time"_s,
                                    u"max_file_size_mb"_s,
                                    u"input_cost_per_second"_s,
                                    u"output_cost_per_second"_s};

// OpenAI and local-server request parameters: set in litellm_params, they are request defaults.
const QStringList kRequestParams{u"temperature"_s,
                                 u"top_p"_s,
                                 u"top_k"_s,
                                 u"min_p"_s,
                                 u"max_tokens"_s,
                                 u"max_completion_tokens"_s,
                                 u"stop"_s,
                                 u"n"_s,
                                 u"presence_penalty"_s,
                                 u"frequency_penalty"_s,
                                 u"repeat_penalty"_s,
                                 u"seed"_s,
                                 u"response_format"_s,
                                 u"tools"_s,
                                 u"tool_choice"_s,
                                 u"logit_bias"_s,
                                 u"logprobs"_s,
                                 u"top_logprobs"_s,
                                 u"user"_s,
                                 u"reasoning_effort"_s,
                                 u"num_ctx"_s,
                                 u"keep_alive"_s,
                                 u"extra_body"_s,
                                 u"dimensions"_s,
                                 u"encoding_format"_s,
                                 u"parallel_tool_calls"_s,
                                 u"stream_options"_s};

QByteArray quoted(const QString& text);

// A model_list entry as text that ignores formatting, quoting and key order, so that entries that
// differ in anything (another api_key, rpm, weight, api_version, …) differ here. Keys stay as
// written (`os.environ/KEY_A`), so an id survives a key rotation; model_info.id is left out.
QByteArray canonical(const YAML::Node& node, bool inModelInfo = false)
{
    if (node.IsScalar())
        return quoted(QString::fromStdString(node.Scalar()));
    if (node.IsSequence()) {
        QByteArray out = "[";
        for (std::size_t i = 0; i < node.size(); ++i)
            out += (i ? "," : "") + canonical(node[i]);
        return out + ']';
    }
    if (!node.IsMap())
        return "null";
    QMap<QString, QByteArray> members;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString key = QString::fromStdString(it->first.Scalar());
        if (!(inModelInfo && key == u"id"))
            members.insert(key, canonical(it->second, key == u"model_info"));
    }
    QByteArray out = "{";
    for (auto it = members.cbegin(); it != members.cend(); ++it)
        out += (it == members.cbegin() ? "" : ",") + quoted(it.key()) + ':' + it.value();
    return out + '}';
}

// LiteLLM hashes every litellm_param into a deployment's id; so do we, as hex (the key never
// appears in clear).
QString generatedId(const YAML::Node& entry)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonical(entry), QCryptographicHash::Sha256).toHex().left(16));
}

QByteArray quoted(const QString& text)
{
    // A one-element JSON array, minus its brackets: QJsonDocument escapes the string for us.
    return QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

// A YAML scalar or tree as JSON text, for default request params.
QByteArray toJson(const YAML::Node& node)
{
    if (node.IsScalar()) {
        const QString text = QString::fromStdString(node.Scalar());
        // Quoted YAML scalars are strings; plain ones may be numbers, booleans or null.
        if (node.Tag() == "!")
            return quoted(text);
        bool isNumber = false;
        text.toDouble(&isNumber);
        if (isNumber || text == u"true" || text == u"false" || text == u"null")
            return text.toUtf8();
        return quoted(text);
    }
    if (node.IsSequence()) {
        QByteArray out = "[";
        for (std::size_t i = 0; i < node.size(); ++i)
            out += (i ? "," : "") + toJson(node[i]);
        return out + ']';
    }
    if (node.IsMap()) {
        QByteArray out = "{";
        bool first = true;
        for (auto it = node.begin(); it != node.end(); ++it) {
            out += (first ? "" : ",") + quoted(QString::fromStdString(it->first.Scalar())) + ':' + toJson(it->second);
            first = false;
        }
        return out + '}';
    }
    return "null";
}

QVariant toVariant(const YAML::Node& node)
{
    if (node.IsScalar())
        return QString::fromStdString(node.Scalar());
    if (node.IsSequence()) {
        QVariantList list;
        for (std::size_t i = 0; i < node.size(); ++i)
            list.append(toVariant(node[i]));
        return list;
    }
    if (node.IsMap()) {
        QVariantMap map;
        for (auto it = node.begin(); it != node.end(); ++it)
            map.insert(QString::fromStdString(it->first.Scalar()), toVariant(it->second));
        return map;
    }
    return {};
}

} // namespace

ModelListParser::ModelListParser(YamlReader& reader, CredentialList credentials)
    : m_reader(reader)
    , m_credentials(std::move(credentials))
{ }

CredentialList ModelListParser::readCredentials(YamlReader& reader, const YAML::Node& root)
{
    CredentialList out;
    const YAML::Node list = reader.sequence(root, "credential_list", {});
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString path = u"credential_list[%1]"_s.arg(i);
        const std::optional<QString> name = reader.string(list[i], "credential_name", path);
        const YAML::Node values = reader.map(list[i], "credential_values", path);
        if (!name || !values.IsDefined()) {
            reader.error(list[i], path, u"expected credential_name and a mapping credential_values"_s);
            continue;
        }
        out.insert(name->trimmed(), values);
        reader.warnUnknownKeys(list[i], {u"credential_name"_s, u"credential_values"_s, u"credential_info"_s}, path);
    }
    return out;
}

void ModelListParser::parse(const YAML::Node& root, GatewayConfig& config, QSet<QString>& ids)
{
    const YAML::Node list = m_reader.sequence(root, "model_list", {});
    if (!list.IsDefined())
        return;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = u"model_list[%1]"_s.arg(i);
        Deployment d;
        const ParseOutcome outcome = parseEntry(list[i], path, d);
        if (outcome == ParseOutcome::Skipped && !d.group.isEmpty())
            config.unsupportedGroups.insert(d.group, m_skipReason);
        if (outcome == ParseOutcome::Ok)
            add(list[i], path, d, config, ids);
    }
}

void ModelListParser::add(
    const YAML::Node& entry, const QString& path, Deployment& d, GatewayConfig& config, QSet<QString>& ids)
{
    if (!ids.contains(d.id)) {
        ids.insert(d.id);
        if (!m_idGiven)
            m_generatedIds.insert(d.id, path);
        config.deployments.append(d);
        return;
    }
    // Only an id the user gave can clash; a made-up one clashes when the entry repeats another
    // exactly, which adds nothing (to weigh a deployment, LiteLLM has `weight`).
    if (m_idGiven) {
        m_reader.error(entry, path, u"duplicate deployment id \"%1\" (model_info.id must be unique)"_s.arg(d.id));
        return;
    }
    const QString first = m_generatedIds.value(d.id, u"an entry of an earlier file"_s);
    m_reader.warning(entry, path, u"repeats %1 exactly (the same model_name and litellm_params); ignored"_s.arg(first));
}

ModelListParser::ParseOutcome ModelListParser::parseEntry(const YAML::Node& entry, const QString& path, Deployment& out)
{
    m_idGiven = false;
    if (!entry.IsMap()) {
        m_reader.error(entry, path, u"expected a mapping with model_name and litellm_params"_s);
        return ParseOutcome::Failed;
    }
    const std::optional<QString> name = m_reader.string(entry, "model_name", path);
    if (!name || name->trimmed().isEmpty()) {
        m_reader.error(entry, YamlReader::join(path, "model_name"), u"required: the model name clients ask for"_s);
        return ParseOutcome::Failed;
    }
    out.group = name->trimmed();
    const QString paramsPath = YamlReader::join(path, "litellm_params");
    const YAML::Node params = withCredential(m_reader.map(entry, "litellm_params", path), paramsPath);
    if (!params.IsDefined()) {
        m_reader.error(entry, paramsPath, u"required: a mapping with at least `model`"_s);
        return ParseOutcome::Failed;
    }
    const ParseOutcome model = parseModel(params, paramsPath, out);
    if (model == ParseOutcome::Skipped)
        return ParseOutcome::Skipped;
    bool ok = model == ParseOutcome::Ok && parseApiBase(params, paramsPath, out);
    parseLimits(params, paramsPath, out);
    // LiteLLM's router also reads rpm and tpm next to litellm_params (its load_balancer example).
    if (auto n = m_reader.integer(entry, "rpm", path, 0, 100'000'000); n && !params["rpm"].IsDefined())
        out.rpm = int(*n);
    if (auto n = m_reader.integer(entry, "tpm", path, 0, 1'000'000'000'000); n && !params["tpm"].IsDefined())
        out.tpm = *n;
    parseDefaultParams(params, paramsPath, out);
    if (ok)
        parseAuth(params, paramsPath, out);
    m_reader.warnUnknownKeys(entry, {u"model_name"_s, u"litellm_params"_s, u"model_info"_s, u"rpm"_s, u"tpm"_s}, path);
    parseModelInfo(entry, path, out);
    if (ok && out.id.isEmpty())
        out.id = generatedId(entry);
    out.idBytes = out.id.toUtf8();
    return ok ? ParseOutcome::Ok : ParseOutcome::Failed;
}

YAML::Node ModelListParser::withCredential(const YAML::Node& params, const QString& path)
{
    // `litellm_credential_name: NAME` takes api_key, api_base, … from credential_list; the
    // entry's own values win.
    const std::optional<QString> name = m_reader.string(params, "litellm_credential_name", path);
    if (!name)
        return params;
    const auto credential = m_credentials.constFind(name->trimmed());
    if (credential == m_credentials.cend()) {
        m_reader.error(params["litellm_credential_name"],
                       YamlReader::join(path, "litellm_credential_name"),
                       u"no credential named \"%1\" in credential_list"_s.arg(*name));
        return params;
    }
    YAML::Node merged = YAML::Clone(params);
    for (auto it = credential->begin(); it != credential->end(); ++it) {
        if (!merged[it->first.Scalar()].IsDefined())
            merged[it->first.Scalar()] = it->second;
    }
    return merged;
}

ModelListParser::ParseOutcome
ModelListParser::parseModel(const YAML::Node& params, const QString& path, Deployment& out)
{
    const QString modelPath = YamlReader::join(path, "model");
    QString value = m_reader.string(params, "model", path).value_or(QString()).trimmed();
    const std::optional<QString> providerKey
        = m_reader.string(params, "provider", path)
              .value_or(m_reader.string(params, "custom_llm_provider", path).value_or(QString()));
    if (value.isEmpty() && ProviderCatalog::splitModel(out.group).provider) {
        // Seed 003 names the model only in model_name ("ollama/llama3.2"): use that.
        m_reader.warning(params, modelPath, u"no model given; using model_name \"%1\""_s.arg(out.group));
        value = out.group;
    }
    if (value.isEmpty()) {
        m_reader.error(params, modelPath, u"required: provider/model, e.g. openai/llama-3.1-8b"_s);
        return ParseOutcome::Failed;
    }
    const YAML::Node at = params["model"].IsDefined() ? params["model"] : params;
    m_bareStar = value == u"*";
    m_apiBaseGiven = params["api_base"].IsDefined() || params["base_url"].IsDefined();
    const ProviderChoice choice = ProviderCatalog::choose(value, providerKey.value_or(QString()), m_apiBaseGiven);
    if (choice.outcome == ProviderChoice::Outcome::NotSupported) {
        // One warning per skipped entry, whatever else it holds.
        m_reader.warning(at, modelPath, choice.message + u"; this entry is skipped"_s);
        m_skipReason = choice.message;
        return ParseOutcome::Skipped;
    }
    for (const QString& note : choice.notes)
        m_reader.warning(at, modelPath, note);
    out.provider = choice.provider->name;
    out.backend = choice.provider->backend;
    out.dialects = choice.provider->dialects;
    out.backendModel = choice.backendModel;
    if (out.backendModel.isEmpty()) {
        m_reader.error(at, modelPath, u"the model id after the provider is empty"_s);
        return ParseOutcome::Failed;
    }
    if (ModelPattern::isPattern(out.backendModel))
        return parseWildcard(at, path, out);
    if (ModelPattern::isPattern(out.group)) {
        // `model_name: "claude-*"` for one fixed model, as LiteLLM's pattern router allows: every
        // name it matches (and no group serves) goes to that model, e.g. Claude Code's names.
        out.wildcard = true;
        out.wildcardGroupPrefix = out.group.left(out.group.indexOf(u'*'));
    }
    return ParseOutcome::Ok;
}

ModelListParser::ParseOutcome ModelListParser::parseWildcard(const YAML::Node& at, const QString& path, Deployment& out)
{
    // `model: lm_studio/*` lists the backend's models; model_name "*" or "prefix/*" names them.
    const QString modelPath = YamlReader::join(path, "model");
    if (!ModelPattern::isPattern(out.group) || out.backendModel.count(u'*') > out.group.count(u'*')) {
        m_reader.error(at,
                       modelPath,
                       u"a wildcard model (provider/*) needs a model_name with as many '*', such as \"*\" or "
                       u"\"prefix/*\", not \"%1\""_s.arg(out.group));
        return ParseOutcome::Failed;
    }
    if (out.provider == u"azure") {
        m_skipReason = u"an Azure wildcard cannot be served: Azure routes by deployment name, so name each "
                       u"deployment in its own entry"_s;
        m_reader.warning(at, modelPath, m_skipReason + u"; this entry is skipped"_s);
        return ParseOutcome::Skipped;
    }
    out.wildcard = true;
    out.wildcardGroupPrefix = out.group.left(out.group.indexOf(u'*'));
    return ParseOutcome::Ok;
}

bool ModelListParser::parseApiBase(const YAML::Node& params, const QString& path, Deployment& out)
{
    const ProviderInfo* provider = ProviderCatalog::find(out.provider);
    std::optional<QString> given = m_reader.string(params, "api_base", path);
    if (!given)
        given = m_reader.string(params, "base_url", path);
    if ((!given || given->trimmed().isEmpty()) && out.provider == u"azure")
        given = m_reader.env(u"AZURE_API_BASE"_s); // LiteLLM's convention
    QString base = given && !given->trimmed().isEmpty() ? given->trimmed() : provider->defaultApiBase;
    if (!given || given->trimmed().isEmpty()) {
        for (const QString& name : provider->baseEnv) {
            if (const std::optional<QString> value = m_reader.env(name); value && !value->trimmed().isEmpty()) {
                base = value->trimmed();
                break;
            }
        }
    }
    const YAML::Node at = params["api_base"].IsDefined() ? params["api_base"] : params;
    if (base.isEmpty()) {
        m_reader.error(at,
                       YamlReader::join(path, "api_base"),
                       out.provider == u"azure" ? u"required for provider azure (or set AZURE_API_BASE)"_s
                                                : u"required for provider %1"_s.arg(out.provider));
        return false;
    }
    while (base.endsWith(u'/'))
        base.chop(1);
    if (!provider->pathSuffix.isEmpty() && !base.endsWith(provider->pathSuffix))
        base += provider->pathSuffix;
    if (!out.setApiBase(QUrl(base, QUrl::StrictMode))) {
        m_reader.error(
            at,
            YamlReader::join(path, "api_base"),
            u"expected an http:// or https:// URL such as http://127.0.0.1:1234/v1, found \"%1\""_s.arg(base));
        return false;
    }
    // A template of a remote provider, or LiteLLM's bare "*", passes any matching name through;
    // a local server's models are listed instead (ModelDiscovery), which patterns cannot be.
    if (out.wildcard) {
        const bool listable = out.backendModel == u"*" && out.group.count(u'*') == 1 && out.group.endsWith(u'*');
        out.passThrough = !listable || !UpstreamOrigin::isLocalHost(out.origin.host) || m_bareStar;
    }
    return true;
}

void ModelListParser::parseAuth(const YAML::Node& params, const QString& path, Deployment& out)
{
    const QString key = parseKey(params, path, out);
    if (out.provider == u"azure")
        AzureDeployment::configure(m_reader, params, path, key, out);
    else if (!key.isEmpty())
        setKey(key, out);
    else
        out.apiKey.clear();
    parseProviderHeaders(params, path, out);
    parseExtraHeaders(params, path, out);
}

void ModelListParser::setKey(const QString& key, Deployment& out)
{
    const ProviderInfo* provider = ProviderCatalog::find(out.provider);
    if (!provider || provider->keyHeader == "authorization") {
        out.setBearerKey(key);
        return;
    }
    // Anthropic takes its key in x-api-key.
    out.apiKey = key;
    out.authHeaders = {{provider->keyHeader, key.toUtf8()}};
}

QString ModelListParser::parseKey(const YAML::Node& params, const QString& path, const Deployment& out)
{
    QString key = m_reader.string(params, "api_key", path).value_or(QString()).trimmed();
    const ProviderInfo* provider = ProviderCatalog::find(out.provider);
    // No key in the entry: LiteLLM takes the provider's variable (OPENAI_API_KEY, …), but only for
    // the provider's own address; a local server behind `openai/` must not get an OpenAI key.
    const bool ownAddress = !m_apiBaseGiven || out.provider == u"azure"
        || out.apiBaseText == QUrl(provider->defaultApiBase + provider->pathSuffix).toString();
    if (!key.isEmpty() || provider->keyEnv.isEmpty() || !ownAddress)
        return key;
    key = m_reader.env(provider->keyEnv).value_or(QString()).trimmed();
    const bool adToken = out.provider == u"azure" && params["azure_ad_token"].IsDefined();
    if (key.isEmpty() && !adToken)
        m_reader.warning(params,
                         YamlReader::join(path, "api_key"),
                         u"no api_key, and %1 is not set: requests go without a key"_s.arg(provider->keyEnv));
    return key;
}

void ModelListParser::parseProviderHeaders(const YAML::Node& params, const QString& path, Deployment& out)
{
    const QString orgPath = YamlReader::join(path, "organization");
    const YAML::Node organization = params["organization"];
    if (organization.IsDefined() && out.provider != u"openai") {
        m_reader.warning(organization, orgPath, u"only OpenAI has organizations; ignored"_s);
    } else if (organization.IsDefined()) {
        if (organization.IsSequence())
            m_reader.warning(
                organization, orgPath, u"LiteLLM makes a deployment per organization; only the first is used"_s);
        const YAML::Node first = organization.IsSequence() && organization.size() > 0 ? organization[0] : organization;
        const std::optional<QString> org
            = first.IsScalar() ? m_reader.expand(QString::fromStdString(first.Scalar()), first, orgPath) : std::nullopt;
        if (org && !org->trimmed().isEmpty())
            out.authHeaders.append({QByteArrayLiteral("openai-organization"), org->trimmed().toUtf8()});
    }
    if (params["api_version"].IsDefined() && out.provider != u"azure")
        m_reader.warning(
            params["api_version"], YamlReader::join(path, "api_version"), u"only Azure has API versions; ignored"_s);
}

void ModelListParser::parseExtraHeaders(const YAML::Node& params, const QString& path, Deployment& out)
{
    // LiteLLM's extra_headers: sent with every request to this deployment.
    const YAML::Node headers = m_reader.map(params, "extra_headers", path);
    for (auto it = headers.begin(); headers.IsDefined() && it != headers.end(); ++it) {
        const QString name = QString::fromStdString(it->first.Scalar()).trimmed();
        const QString headerPath = path + u".extra_headers."_s + name;
        const std::optional<QString> value = it->second.IsScalar()
            ? m_reader.expand(QString::fromStdString(it->second.Scalar()), it->second, headerPath)
            : std::nullopt;
        const bool token = !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
            return c.isLetterOrNumber() || u"!#$%&'*+-.^_`|~"_s.contains(c);
        });
        if (!value || !token || value->contains(u'\n') || value->contains(u'\r')) {
            m_reader.warning(it->first, headerPath, u"not a valid HTTP header name and value; ignored"_s);
            continue;
        }
        out.authHeaders.append({name.toLower().toUtf8(), value->toUtf8()});
    }
}

void ModelListParser::parseLimits(const YAML::Node& params, const QString& path, Deployment& out)
{
    if (auto t = m_reader.seconds(params, "timeout", path)) {
        out.timeout = *t;
        out.streamTimeout = *t;
        out.timeoutSet = true;
    }
    if (auto t = m_reader.seconds(params, "stream_timeout", path)) {
        out.streamTimeout = *t;
        out.timeoutSet = true;
    }
    if (auto n = m_reader.integer(params, "max_parallel_requests", path, 1, 100'000))
        out.maxParallelRequests = int(*n);
    if (auto n = m_reader.integer(params, "rpm", path, 0, 100'000'000))
        out.rpm = int(*n);
    if (auto n = m_reader.integer(params, "tpm", path, 0, 1'000'000'000'000))
        out.tpm = *n;
    if (auto w = m_reader.number(params, "weight", path, 0, 1'000'000))
        out.weight = *w;
    if (auto o = m_reader.integer(params, "order", path, 1, 1000))
        out.order = int(*o);
    if (auto r = m_reader.integer(params, "max_retries", path, 0, 100))
        out.maxRetries = int(*r);
    if (auto c = m_reader.number(params, "input_cost_per_token", path, 0, 1000))
        out.inputCostPerToken = *c;
    if (auto c = m_reader.number(params, "output_cost_per_token", path, 0, 1000))
        out.outputCostPerToken = *c;
    if (auto c = m_reader.number(params, "cache_read_input_token_cost", path, 0, 1))
        out.cacheReadCostPerToken = *c;
    if (auto c = m_reader.number(params, "cache_creation_input_token_cost", path, 0, 1))
        out.cacheCreationCostPerToken = *c;
    const bool priced = params["input_cost_per_token"].IsDefined() || params["output_cost_per_token"].IsDefined();
    if (const std::optional<ModelPrice> price = PriceTable::lookup(out.provider, out.backendModel); price && !priced) {
        // Remote models the config gives no price: the built-in table's (PriceTable::kAsOf).
        out.inputCostPerToken = price->input;
        out.outputCostPerToken = price->output;
        if (!params["cache_read_input_token_cost"].IsDefined())
            out.cacheReadCostPerToken = price->cacheRead;
        if (!params["cache_creation_input_token_cost"].IsDefined())
            out.cacheCreationCostPerToken = price->cacheWrite;
    }
}

void ModelListParser::parseDefaultParams(const YAML::Node& params, const QString& path, Deployment& out)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QString key = QString::fromStdString(it->first.Scalar());
        if (kParamKeys.contains(key))
            continue;
        if (kIgnoredParamKeys.contains(key)) {
            m_reader.warning(it->first,
                             YamlReader::join(path, qPrintable(key)),
                             u"a LiteLLM client setting with no effect on a proxy hop; ignored"_s);
            continue;
        }
        // Anything else (temperature, max_tokens, top_p, …) is a request default, as in LiteLLM.
        if (!kRequestParams.contains(key)) {
            m_reader.warning(it->first,
                             YamlReader::join(path, qPrintable(key)),
                             u"not a known request parameter; sent to the backend as a default all the same"_s);
        }
        out.defaultParams.append({key.toUtf8(), toJson(it->second)});
    }
}

void ModelListParser::parseDialects(const YAML::Node& info, const QString& path, Deployment& out)
{
    // model_info.dialects: the wire APIs the backend speaks natively, e.g. [openai, anthropic] for
    // a llama.cpp or LM Studio server that also serves /v1/messages. Switchyard's own key; LiteLLM
    // ignores it.
    if (out.apiBase.host() == u"api.openai.com")
        out.dialects |= Dialect::Responses; // OpenAI's own API answers the Responses API too
    if (!info.IsDefined() || !info.IsMap())
        return;
    const YAML::Node node = info["dialects"];
    if (!node.IsDefined())
        return;
    QList<YAML::Node> items;
    if (node.IsScalar())
        items.append(node);
    else if (node.IsSequence())
        items = QList<YAML::Node>(node.begin(), node.end());
    Dialects dialects;
    bool ok = !items.isEmpty();
    for (const YAML::Node& item : std::as_const(items)) {
        Dialect d;
        if (item.IsScalar() && dialectFromName(QByteArray::fromStdString(item.Scalar()), &d))
            dialects |= d;
        else
            ok = false;
    }
    if (!ok) {
        m_reader.error(node,
                       YamlReader::join(path, "dialects"),
                       u"expected a list of openai, anthropic, responses, ollama (the APIs this backend speaks)"_s);
        return;
    }
    out.dialects = dialects;
}

void ModelListParser::parseModelInfo(const YAML::Node& entry, const QString& path, Deployment& out)
{
    const QString infoPath = YamlReader::join(path, "model_info");
    const YAML::Node info = m_reader.map(entry, "model_info", path);
    if (!info.IsDefined()) {
        parseDialects(info, infoPath, out);
        return;
    }
    out.modelInfo = toVariant(info).toMap();
    if (auto id = m_reader.string(info, "id", infoPath); id && !id->trimmed().isEmpty()) {
        out.id = id->trimmed();
        m_idGiven = true;
    }
    if (auto n = m_reader.integer(info, "max_input_tokens", infoPath, 1, 100'000'000))
        out.maxInputTokens = *n;
    parseDialects(info, infoPath, out);
    if (auto backend = m_reader.string(info, "backend", infoPath)) {
        const std::optional<BackendKind> kind = ProviderCatalog::backendNamed(backend->trimmed());
        if (kind)
            out.backend = *kind;
        else
            m_reader.error(info["backend"],
                           YamlReader::join(infoPath, "backend"),
                           u"expected one of openai, lmstudio, ollama, llamacpp, vllm"_s);
    }
}

} // namespace sy
