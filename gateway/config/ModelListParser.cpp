#include "gateway/config/ModelListParser.h"

#include "gateway/config/ProviderCatalog.h"
#include "gateway/config/YamlReader.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
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
                             u"output_cost_per_token"_s,
                             u"provider"_s,
                             u"custom_llm_provider"_s};

// litellm_params keys that configure LiteLLM's own client and mean nothing to a proxy hop.
const QStringList kIgnoredParamKeys{u"api_version"_s,
                                    u"organization"_s,
                                    u"drop_params"_s,
                                    u"use_in_pass_through"_s,
                                    u"merge_reasoning_content_in_choices"_s};

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

QString stableId(const Deployment& d)
{
    const QByteArray seed
        = (d.group + u'\n' + d.provider + u'/' + d.backendModel + u'\n' + d.apiBase.toString()).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex().left(16));
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

ModelListParser::ModelListParser(YamlReader& reader)
    : m_reader(reader)
{ }

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
        if (outcome != ParseOutcome::Ok)
            continue;
        if (ids.contains(d.id)) {
            m_reader.error(list[i], path, u"duplicate deployment id \"%1\" (model_info.id must be unique)"_s.arg(d.id));
            continue;
        }
        ids.insert(d.id);
        config.deployments.append(d);
    }
}

ModelListParser::ParseOutcome ModelListParser::parseEntry(const YAML::Node& entry, const QString& path, Deployment& out)
{
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
    const YAML::Node params = m_reader.map(entry, "litellm_params", path);
    if (!params.IsDefined()) {
        m_reader.error(entry, paramsPath, u"required: a mapping with at least `model`"_s);
        return ParseOutcome::Failed;
    }
    const ParseOutcome model = parseModel(params, paramsPath, out);
    if (model == ParseOutcome::Skipped)
        return ParseOutcome::Skipped;
    bool ok = model == ParseOutcome::Ok && parseApiBase(params, paramsPath, out);
    parseLimits(params, paramsPath, out);
    parseDefaultParams(params, paramsPath, out);
    if (auto key = m_reader.string(params, "api_key", paramsPath); key && !key->isEmpty()) {
        out.setBearerKey(*key);
    }
    m_reader.warnUnknownKeys(entry, {u"model_name"_s, u"litellm_params"_s, u"model_info"_s}, path);
    parseModelInfo(entry, path, out);
    if (ok && out.id.isEmpty())
        out.id = stableId(out);
    out.idBytes = out.id.toUtf8();
    return ok ? ParseOutcome::Ok : ParseOutcome::Failed;
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
    const ProviderChoice choice = ProviderCatalog::choose(
        value, providerKey.value_or(QString()), params["api_base"].IsDefined() || params["base_url"].IsDefined());
    for (const QString& note : choice.notes)
        m_reader.warning(at, modelPath, note);
    if (choice.outcome == ProviderChoice::Outcome::NotSupported) {
        m_reader.warning(at, modelPath, choice.message + u"; this entry is skipped"_s);
        m_skipReason = choice.message;
        return ParseOutcome::Skipped;
    }
    if (choice.outcome == ProviderChoice::Outcome::Unknown) {
        m_reader.error(at, modelPath, choice.message);
        return ParseOutcome::Failed;
    }
    out.provider = choice.provider->name;
    out.backend = choice.provider->backend;
    out.backendModel = choice.backendModel;
    if (out.backendModel == u"*" || out.backendModel.isEmpty()) {
        if (out.backendModel.isEmpty()) {
            m_reader.error(at, modelPath, u"the model id after the provider is empty"_s);
            return ParseOutcome::Failed;
        }
        return parseWildcard(at, path, out) ? ParseOutcome::Ok : ParseOutcome::Failed;
    }
    return ParseOutcome::Ok;
}

bool ModelListParser::parseWildcard(const YAML::Node& at, const QString& path, Deployment& out)
{
    // `model: lm_studio/*` lists the backend's models; model_name "*" or "prefix/*" names them.
    if (!out.group.endsWith(u'*')) {
        m_reader.error(
            at,
            YamlReader::join(path, "model"),
            u"a wildcard model (provider/*) needs model_name \"*\" or \"prefix/*\", not \"%1\""_s.arg(out.group));
        return false;
    }
    out.wildcard = true;
    out.wildcardGroupPrefix = out.group.chopped(1);
    return true;
}

bool ModelListParser::parseApiBase(const YAML::Node& params, const QString& path, Deployment& out)
{
    const ProviderInfo* provider = ProviderCatalog::find(out.provider);
    std::optional<QString> given = m_reader.string(params, "api_base", path);
    if (!given)
        given = m_reader.string(params, "base_url", path);
    QString base = given && !given->trimmed().isEmpty() ? given->trimmed() : provider->defaultApiBase;
    const YAML::Node at = params["api_base"].IsDefined() ? params["api_base"] : params;
    if (base.isEmpty()) {
        m_reader.error(at, YamlReader::join(path, "api_base"), u"required for provider %1"_s.arg(out.provider));
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
    return true;
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
    if (auto c = m_reader.number(params, "input_cost_per_token", path, 0, 1))
        out.inputCostPerToken = *c;
    if (auto c = m_reader.number(params, "output_cost_per_token", path, 0, 1))
        out.outputCostPerToken = *c;
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

void ModelListParser::parseModelInfo(const YAML::Node& entry, const QString& path, Deployment& out)
{
    const QString infoPath = YamlReader::join(path, "model_info");
    const YAML::Node info = m_reader.map(entry, "model_info", path);
    if (!info.IsDefined()) {
        parseDialects(info, infoPath, out);
        return;
    }
    out.modelInfo = toVariant(info).toMap();
    if (auto id = m_reader.string(info, "id", infoPath))
        out.id = id->trimmed();
    if (auto n = m_reader.integer(info, "max_input_tokens", infoPath, 1, 100'000'000))
        out.maxInputTokens = *n;
    if (auto backend = m_reader.string(info, "backend", infoPath)) {
        const std::optional<BackendKind> kind = ProviderCatalog::backendNamed(backend->trimmed());
        if (kind)
            out.backend = *kind;
        else
            m_reader.error(info["backend"],
                           YamlReader::join(infoPath, "backend"),
                           u"expected one of openai, lmstudio, ollama, llamacpp, vllm"_s);
    }
    parseDialects(info, infoPath, out);
}

// ---- model_info.dialects (issue 13; the lead's version may replace this block)
void ModelListParser::parseDialects(const YAML::Node& info, const QString& infoPath, Deployment& out)
{
    // OpenAI's own API answers the Responses API too.
    if (out.apiBase.host() == u"api.openai.com")
        out.dialects |= Dialect::Responses;
    if (!info.IsDefined() || !info.IsMap())
        return;
    const YAML::Node list = info["dialects"];
    if (!list.IsDefined() || list.IsNull())
        return;
    const QString path = YamlReader::join(infoPath, "dialects");
    if (!list.IsSequence()) {
        m_reader.error(list, path, u"expected a list of dialects: openai, anthropic, responses, ollama"_s);
        return;
    }
    Dialects dialects;
    for (const YAML::Node& item : list) {
        Dialect dialect = Dialect::OpenAi;
        if (!item.IsScalar() || !dialectFromName(QByteArray::fromStdString(item.Scalar()), &dialect)) {
            m_reader.error(item, path, u"unknown dialect; expected openai, anthropic, responses or ollama"_s);
            continue;
        }
        dialects |= dialect;
    }
    if (dialects)
        out.dialects = dialects;
}
// ---- end of model_info.dialects

} // namespace sy
