#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/GatewayConfig.h"

using namespace Qt::StringLiterals;

namespace sy::SectionParsers {

namespace {

// LLM Guard's scanners that need its ML models: only its API server can run them.
const QStringList kModelScanners{u"PromptInjection"_s,
                                 u"Toxicity"_s,
                                 u"NoRefusal"_s,
                                 u"BanTopics"_s,
                                 u"Bias"_s,
                                 u"Relevance"_s,
                                 u"Sentiment"_s,
                                 u"Gibberish"_s,
                                 u"Language"_s,
                                 u"FactualConsistency"_s,
                                 u"Anonymize"_s,
                                 u"Sensitive"_s,
                                 u"Code"_s,
                                 u"BanCompetitors"_s};

struct Scanner
{
    QString name;
    YAML::Node params; ///< the item's `params` (LLM Guard's scanners.yml form), if any
    YAML::Node node;
};

QList<Scanner> scannersOf(YamlReader& reader, const YAML::Node& section, const QString& path)
{
    QList<Scanner> out;
    const YAML::Node list = reader.sequence(section, "scanners", path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const YAML::Node item = list[i];
        if (item.IsScalar())
            out.append({QString::fromStdString(item.Scalar()).trimmed(), YAML::Node(YAML::NodeType::Undefined), item});
        else if (item.IsMap() && item["type"].IsDefined() && item["type"].IsScalar())
            out.append({QString::fromStdString(item["type"].Scalar()).trimmed(),
                        reader.map(item, "params", path + u".scanners"_s),
                        item});
        else
            reader.error(item, path + u".scanners"_s, u"expected a scanner name or {type: Name, params: {...}}"_s);
    }
    return out;
}

QStringList stringsOf(YamlReader& reader, const YAML::Node& params, const char* key, const QString& path)
{
    QStringList out;
    const YAML::Node list = reader.sequence(params, key, path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        if (list[i].IsScalar())
            out.append(QString::fromStdString(list[i].Scalar()));
        else
            reader.error(list[i], YamlReader::join(path, key), u"expected a list of strings"_s);
    }
    return out;
}

/** A built-in guardrail for one scanner that needs no model; nullopt when there is none. */
std::optional<GuardrailSpec> builtIn(YamlReader& reader, const Scanner& s, bool input, const QString& path)
{
    GuardrailSpec g;
    g.name = u"llm_guard.%1.%2"_s.arg(input ? u"input"_s : u"output"_s, s.name);
    g.modes = input ? GuardrailSpec::PreCall : GuardrailSpec::PostCall;
    g.defaultOn = true;
    g.line = s.node.Mark().line + 1;
    g.column = s.node.Mark().column + 1;
    const YAML::Node p = s.params; // undefined for a bare name: every read below then finds nothing
    const QString at = path + u".scanners."_s + s.name + u".params"_s;
    if (s.name == u"BanSubstrings" || s.name == u"Regex") {
        g.type = s.name == u"Regex" ? u"regex"_s : u"banned_substrings"_s;
        g.substrings = stringsOf(reader, p, "substrings", at);
        g.patterns = stringsOf(reader, p, "patterns", at);
        g.caseSensitive = reader.boolean(p, "case_sensitive", at).value_or(false);
        g.wholeWords = reader.string(p, "match_type", at).value_or(QString()) == u"word";
        if (g.substrings.isEmpty() && g.patterns.isEmpty()) {
            reader.warning(s.node,
                           path,
                           u"%1 lists nothing to ban, so it is not applied; give it as {type: %1, params: "
                           u"{substrings: [...]}}"_s.arg(s.name));
            return std::nullopt;
        }
    } else if (s.name == u"Secrets") {
        g.type = u"secrets"_s;
    } else if (s.name == u"TokenLimit") {
        g.type = u"token_limit"_s;
        if (auto limit = reader.integer(p, "limit", at, 1, 100'000'000))
            g.tokenLimit = int(*limit);
    } else if (s.name == u"MaliciousURLs") {
        g.type = u"malicious_urls"_s;
        reader.warning(s.node,
                       path,
                       u"MaliciousURLs checks URLs against a deny-list and by shape; LLM Guard's URL "
                       u"classifier runs only through llm_guard.api_base"_s);
    } else if (s.name == u"NoCode" || s.name == u"BanCode") {
        g.type = u"no_code"_s;
    } else {
        return std::nullopt;
    }
    return g;
}

void mapScanners(YamlReader& reader, const YAML::Node& root, bool input, QStringList& needModels, GatewayConfig& config)
{
    const char* key = input ? "input_scanning" : "output_scanning";
    const QString path = u"llm_guard."_s + QString::fromLatin1(key);
    const YAML::Node section = reader.map(root, key, u"llm_guard"_s);
    if (!section.IsDefined() || reader.boolean(section, "enabled", path) == std::optional<bool>(false))
        return;
    for (const Scanner& s : scannersOf(reader, section, path)) {
        if (std::optional<GuardrailSpec> g = builtIn(reader, s, input, path)) {
            if (!config.guardrails.find(g->name))
                config.guardrails.guardrails.append(*g);
        } else if (kModelScanners.contains(s.name)) {
            needModels.append(s.name);
        } else {
            reader.warning(s.node, path, u"\"%1\" is not an LLM Guard scanner Switchyard knows; ignored"_s.arg(s.name));
        }
    }
    reader.warnUnknownKeys(section, {u"enabled"_s, u"scanners"_s}, path);
}

GuardrailSpec apiGuardrail(YamlReader& reader, const YAML::Node& section, bool input)
{
    GuardrailSpec g;
    g.name = input ? u"llm_guard.input"_s : u"llm_guard.output"_s;
    g.type = u"llm_guard"_s;
    g.modes = input ? GuardrailSpec::PreCall : GuardrailSpec::PostCall;
    g.defaultOn = true;
    g.apiBase = reader.string(section, "api_base", u"llm_guard"_s).value_or(QString()).trimmed();
    g.apiKey = reader.string(section, "api_key", u"llm_guard"_s).value_or(QString());
    if (auto t = reader.seconds(section, "timeout", u"llm_guard"_s))
        g.timeout = *t;
    if (auto open = reader.boolean(section, "fail_open", u"llm_guard"_s))
        g.failOpen = *open;
    return g;
}

} // namespace

void llmGuardSection(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const YAML::Node section = reader.map(root, "llm_guard", {});
    if (!section.IsDefined())
        return;
    reader.warning(root["llm_guard"],
                   u"llm_guard"_s,
                   u"not a LiteLLM key; its scanners become guardrails (default_on) of the same names"_s);
    if (auto on = reader.boolean(section, "multilingual_errors", u"llm_guard"_s))
        config.guardrails.multilingualErrors = *on;
    if (reader.boolean(section, "enabled", u"llm_guard"_s) == std::optional<bool>(false))
        return;
    QStringList inputModels, outputModels;
    mapScanners(reader, section, true, inputModels, config);
    mapScanners(reader, section, false, outputModels, config);
    const bool server = section["api_base"].IsDefined();
    for (const bool input : {true, false}) {
        const QStringList& models = input ? inputModels : outputModels;
        if (models.isEmpty())
            continue;
        if (server) {
            config.guardrails.guardrails.append(apiGuardrail(reader, section, input));
            continue;
        }
        reader.warning(section[input ? "input_scanning" : "output_scanning"],
                       u"llm_guard"_s,
                       u"%1 need LLM Guard's models: set llm_guard.api_base to an LLM Guard API server to run them; "
                       u"until then they are not applied"_s.arg(models.join(u", "_s)));
    }
    reader.warnUnknownKeys(section,
                           {u"enabled"_s,
                            u"input_scanning"_s,
                            u"output_scanning"_s,
                            u"multilingual_errors"_s,
                            u"api_base"_s,
                            u"api_key"_s,
                            u"timeout"_s,
                            u"fail_open"_s},
                           u"llm_guard"_s);
}

} // namespace sy::SectionParsers
