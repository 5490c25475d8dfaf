#include "gateway/config/ModelListParser.h"

#include "gateway/config/YamlReader.h"

#include <QCryptographicHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

struct ProviderInfo
{
    QString name;
    QString defaultApiBase; ///< empty: api_base is required
    QString pathSuffix; ///< appended to api_base (Ollama's OpenAI-compatible API lives under /v1)
};

// Providers whose API is OpenAI's chat/completions/embeddings surface.
const QList<ProviderInfo>& openAiCompatibleProviders()
{
    static const QList<ProviderInfo> providers{
        {u"openai"_s, u"https://api.openai.com/v1"_s, {}},
        {u"hosted_vllm"_s, {}, {}},
        {u"lm_studio"_s, u"http://localhost:1234/v1"_s, {}},
        {u"openrouter"_s, u"https://openrouter.ai/api/v1"_s, {}},
        {u"ollama"_s, u"http://localhost:11434"_s, u"/v1"_s},
        {u"ollama_chat"_s, u"http://localhost:11434"_s, u"/v1"_s},
    };
    return providers;
}

const ProviderInfo* findProvider(const QString& name)
{
    for (const auto& p : openAiCompatibleProviders()) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const QStringList kEntryKeys{u"model_name"_s, u"litellm_params"_s, u"model_info"_s};
const QStringList kParamKeys{
    u"model"_s, u"api_base"_s, u"api_key"_s, u"timeout"_s, u"stream_timeout"_s, u"max_parallel_requests"_s};

QString stableId(const Deployment& d)
{
    const QByteArray seed
        = (d.group + u'\n' + d.provider + u'/' + d.backendModel + u'\n' + d.apiBase.toString()).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace

ModelListParser::ModelListParser(YamlReader& reader)
    : m_reader(reader)
{ }

void ModelListParser::parse(const YAML::Node& root, QList<Deployment>& out)
{
    const YAML::Node list = m_reader.sequence(root, "model_list", {});
    if (!list.IsDefined())
        return;
    QSet<QString> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = u"model_list[%1]"_s.arg(i);
        Deployment d;
        if (!parseEntry(list[i], path, d))
            continue;
        if (ids.contains(d.id)) {
            m_reader.error(list[i], path, u"duplicate deployment id \"%1\""_s.arg(d.id));
            continue;
        }
        ids.insert(d.id);
        out.append(d);
    }
}

bool ModelListParser::parseEntry(const YAML::Node& entry, const QString& path, Deployment& out)
{
    if (!entry.IsMap()) {
        m_reader.error(entry, path, u"expected a mapping with model_name and litellm_params"_s);
        return false;
    }
    const std::optional<QString> name = m_reader.string(entry, "model_name", path);
    if (!name || name->trimmed().isEmpty()) {
        m_reader.error(entry, YamlReader::join(path, "model_name"), u"required: the model name clients ask for"_s);
        return false;
    }
    out.group = name->trimmed();
    const QString paramsPath = YamlReader::join(path, "litellm_params");
    const YAML::Node params = m_reader.map(entry, "litellm_params", path);
    if (!params.IsDefined()) {
        m_reader.error(entry, paramsPath, u"required: a mapping with at least `model`"_s);
        return false;
    }
    bool ok = parseModel(params, paramsPath, out);
    ok = ok && parseApiBase(params, paramsPath, out);
    parseLimits(params, paramsPath, out);
    if (auto key = m_reader.string(params, "api_key", paramsPath)) {
        out.apiKey = *key;
        out.authorizationHeader = "Bearer " + key->toUtf8();
    }
    m_reader.warnUnknownKeys(params, kParamKeys, paramsPath);
    m_reader.warnUnknownKeys(entry, kEntryKeys, path);

    const YAML::Node info = m_reader.map(entry, "model_info", path);
    if (auto id = m_reader.string(info, "id", YamlReader::join(path, "model_info")))
        out.id = id->trimmed();
    if (ok && out.id.isEmpty())
        out.id = stableId(out);
    out.idBytes = out.id.toUtf8();
    return ok;
}

bool ModelListParser::parseModel(const YAML::Node& params, const QString& path, Deployment& out)
{
    const std::optional<QString> model = m_reader.string(params, "model", path);
    if (!model || model->trimmed().isEmpty()) {
        m_reader.error(
            params, YamlReader::join(path, "model"), u"required: provider/model, e.g. openai/llama-3.1-8b"_s);
        return false;
    }
    const QString value = model->trimmed();
    const qsizetype slash = value.indexOf(u'/');
    const QString provider = slash > 0 ? value.left(slash) : QString();
    if (slash > 0 && findProvider(provider)) {
        out.provider = provider;
        out.backendModel = value.mid(slash + 1);
    } else if (slash > 0
               && (provider == u"anthropic" || provider == u"azure" || provider == u"bedrock"
                   || provider == u"vertex_ai" || provider == u"gemini")) {
        m_reader.error(params["model"],
                       YamlReader::join(path, "model"),
                       u"provider \"%1\" is not supported yet; supported: openai, hosted_vllm, lm_studio, "
                       u"openrouter, ollama, ollama_chat"_s.arg(provider));
        return false;
    } else {
        // No known prefix: like LiteLLM's openai-compatible mode, send the whole name to api_base.
        out.provider = u"openai"_s;
        out.backendModel = value;
        if (!params["api_base"].IsDefined()) {
            m_reader.error(params["model"],
                           YamlReader::join(path, "model"),
                           u"no provider prefix (openai/, hosted_vllm/, …) and no api_base: cannot tell where "
                           u"\"%1\" is served"_s.arg(value));
            return false;
        }
    }
    if (out.backendModel.isEmpty()) {
        m_reader.error(params["model"], YamlReader::join(path, "model"), u"the model id after the provider is empty"_s);
        return false;
    }
    return true;
}

bool ModelListParser::parseApiBase(const YAML::Node& params, const QString& path, Deployment& out)
{
    const ProviderInfo* provider = findProvider(out.provider);
    QString base = m_reader.string(params, "api_base", path).value_or(provider ? provider->defaultApiBase : QString());
    if (base.trimmed().isEmpty()) {
        m_reader.error(params, YamlReader::join(path, "api_base"), u"required for provider %1"_s.arg(out.provider));
        return false;
    }
    while (base.endsWith(u'/'))
        base.chop(1);
    if (provider && !provider->pathSuffix.isEmpty() && !base.endsWith(provider->pathSuffix))
        base += provider->pathSuffix;
    const QUrl url(base.trimmed(), QUrl::StrictMode);
    const bool tls = url.scheme() == u"https";
    if (!url.isValid() || (url.scheme() != u"http" && !tls) || url.host().isEmpty()) {
        m_reader.error(
            params["api_base"].IsDefined() ? params["api_base"] : params,
            YamlReader::join(path, "api_base"),
            u"expected an http:// or https:// URL such as http://127.0.0.1:1234/v1, found \"%1\""_s.arg(base));
        return false;
    }
    out.apiBase = url;
    out.apiBaseText = url.toString();
    out.origin = UpstreamOrigin{tls, url.host(), quint16(url.port(tls ? 443 : 80))};
    out.basePath = url.path(QUrl::FullyEncoded).toUtf8();
    return true;
}

void ModelListParser::parseLimits(const YAML::Node& params, const QString& path, Deployment& out)
{
    if (auto t = m_reader.seconds(params, "timeout", path)) {
        out.timeout = *t;
        out.streamTimeout = *t;
    }
    if (auto t = m_reader.seconds(params, "stream_timeout", path))
        out.streamTimeout = *t;
    if (auto n = m_reader.integer(params, "max_parallel_requests", path, 1, 100'000))
        out.maxParallelRequests = int(*n);
}

} // namespace sy
