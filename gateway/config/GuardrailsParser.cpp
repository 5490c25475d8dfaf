#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/GatewayConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy::SectionParsers {

namespace {

struct TypeName
{
    const char16_t* name;
    const char16_t* type;
};

// Our names, LiteLLM's for the same job, and LLM Guard's scanner names.
constexpr TypeName kTypes[] = {
    {u"banned_substrings", u"banned_substrings"},
    {u"ban_substrings", u"banned_substrings"},
    {u"regex", u"regex"},
    {u"secrets", u"secrets"},
    {u"hide-secrets", u"secrets"},
    {u"hide_secrets", u"secrets"},
    {u"pii", u"pii"},
    {u"presidio", u"pii"},
    {u"token_limit", u"token_limit"},
    {u"malicious_urls", u"malicious_urls"},
    {u"no_code", u"no_code"},
    {u"ban_code", u"no_code"},
    {u"llm_guard", u"llm_guard"},
    {u"llmguard", u"llm_guard"},
    {u"webhook", u"webhook"},
    {u"generic_guardrail_api", u"webhook"},
};

std::optional<QString> canonicalType(const QString& name)
{
    const QString n = name.trimmed().toLower();
    for (const TypeName& t : kTypes) {
        if (n == QStringView(t.name))
            return QStringView(t.type).toString();
    }
    return std::nullopt;
}

QStringList stringList(YamlReader& reader, const YAML::Node& map, const char* key, const QString& path)
{
    QStringList out;
    const YAML::Node list = map[key];
    if (!list.IsDefined() || list.IsNull())
        return out;
    if (list.IsScalar())
        return {QString::fromStdString(list.Scalar())};
    if (!list.IsSequence()) {
        reader.error(list, YamlReader::join(path, key), u"expected a list of strings"_s);
        return out;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].IsScalar())
            out.append(QString::fromStdString(list[i].Scalar()));
        else
            reader.error(list[i], YamlReader::join(path, key), u"expected a string"_s);
    }
    return out;
}

QJsonValue toJson(const YAML::Node& node)
{
    if (node.IsMap()) {
        QJsonObject o;
        for (auto it = node.begin(); it != node.end(); ++it)
            o.insert(QString::fromStdString(it->first.Scalar()), toJson(it->second));
        return o;
    }
    if (node.IsSequence()) {
        QJsonArray a;
        for (std::size_t i = 0; i < node.size(); ++i)
            a.append(toJson(node[i]));
        return a;
    }
    if (!node.IsScalar())
        return QJsonValue();
    const QString text = QString::fromStdString(node.Scalar());
    bool isNumber = false;
    const double n = text.toDouble(&isNumber);
    if (isNumber && node.Tag() != "!")
        return n;
    if (node.Tag() != "!" && (text == u"true" || text == u"false"))
        return text == u"true";
    return text;
}

int readModes(YamlReader& reader, const YAML::Node& params, const QString& path)
{
    const YAML::Node mode = params["mode"];
    if (!mode.IsDefined())
        return GuardrailSpec::PreCall;
    QStringList names;
    if (mode.IsMap()) {
        // LiteLLM's tag-based modes: {tags: {...}, default: pre_call}. Tags are not matched here.
        reader.warning(mode, path + u".mode"_s, u"tag-based modes are not supported; using `default`"_s);
        names = stringList(reader, mode, "default", path + u".mode"_s);
    } else {
        names = stringList(reader, params, "mode", path);
    }
    int modes = 0;
    for (const QString& raw : std::as_const(names)) {
        const QString m = raw.trimmed();
        if (m == u"pre_call")
            modes |= GuardrailSpec::PreCall;
        else if (m == u"during_call")
            modes |= GuardrailSpec::DuringCall;
        else if (m == u"post_call")
            modes |= GuardrailSpec::PostCall;
        else if (m == u"logging_only")
            reader.warning(mode, path + u".mode"_s, u"logging_only is not supported: nothing is logged elsewhere"_s);
        else
            reader.error(mode, path + u".mode"_s, u"expected pre_call, during_call or post_call, not \"%1\""_s.arg(m));
    }
    return modes;
}

void readAction(YamlReader& reader, const YAML::Node& params, const QString& path, GuardrailSpec& g)
{
    if (auto redact = reader.boolean(params, "redact", path))
        g.action = *redact ? GuardrailSpec::Action::Redact : GuardrailSpec::Action::Block;
    const auto action = reader.string(params, "action", path);
    if (!action)
        return;
    const QString a = action->trimmed().toLower();
    if (a == u"block")
        g.action = GuardrailSpec::Action::Block;
    else if (a == u"redact" || a == u"mask")
        g.action = GuardrailSpec::Action::Redact;
    else
        reader.error(params["action"], path + u".action"_s, u"expected block, redact or mask"_s);
}

void checkPatterns(YamlReader& reader, const YAML::Node& params, const QString& path, const QStringList& patterns)
{
    for (const QString& p : patterns) {
        const QRegularExpression re(p);
        if (!re.isValid())
            reader.error(params["patterns"],
                         path + u".patterns"_s,
                         u"\"%1\" is not a valid regular expression: %2"_s.arg(p, re.errorString()));
    }
}

void readMatchers(YamlReader& reader, const YAML::Node& params, const QString& path, GuardrailSpec& g)
{
    g.substrings = stringList(reader, params, "substrings", path) + stringList(reader, params, "banned_words", path);
    g.patterns = stringList(reader, params, "patterns", path);
    checkPatterns(reader, params, path, g.patterns);
    if (auto cs = reader.boolean(params, "case_sensitive", path))
        g.caseSensitive = *cs;
    if (auto mt = reader.string(params, "match_type", path)) {
        if (*mt == u"word" || *mt == u"str" || *mt == u"search")
            g.wholeWords = *mt == u"word";
        else
            reader.error(params["match_type"], path + u".match_type"_s, u"expected str or word"_s);
    }
    if (g.substrings.isEmpty() && g.patterns.isEmpty())
        reader.error(params, path, u"%1 needs `substrings` or `patterns`"_s.arg(g.type));
}

void readPiiTypes(YamlReader& reader, const YAML::Node& params, const QString& path, GuardrailSpec& g)
{
    for (const QString& raw :
         stringList(reader, params, "pii_types", path) + stringList(reader, params, "entities", path)) {
        const QString t = raw.trimmed().toLower();
        const QString type = t == u"email_address" ? u"email"_s
            : t == u"phone_number"                 ? u"phone"_s
            : t == u"iban_code"                    ? u"iban"_s
                                                   : t;
        if (type == u"email" || type == u"phone" || type == u"credit_card" || type == u"iban")
            g.piiTypes.append(type);
        else
            reader.error(
                params, path, u"unknown PII type \"%1\"; expected email, phone, credit_card or iban"_s.arg(raw));
    }
}

void readExternal(YamlReader& reader, const YAML::Node& params, const QString& path, GuardrailSpec& g)
{
    if (auto base = reader.string(params, "api_base", path))
        g.apiBase = base->trimmed();
    const QUrl url(g.apiBase);
    if (g.apiBase.isEmpty() || !url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https"))
        reader.error(params, path, u"%1 needs api_base: the scanner's http:// or https:// URL"_s.arg(g.type));
    if (auto key = reader.string(params, "api_key", path))
        g.apiKey = *key;
    if (auto t = reader.seconds(params, "timeout", path))
        g.timeout = *t;
    if (auto open = reader.boolean(params, "fail_open", path))
        g.failOpen = *open;
    if (auto fallback = reader.string(params, "unreachable_fallback", path))
        g.failOpen = fallback->trimmed() == u"fail_open";
    g.suppressScanners = stringList(reader, params, "scanners_suppress", path);
    if (const YAML::Node extra = reader.map(params, "additional_provider_specific_params", path); extra.IsDefined())
        g.extraParams = QJsonDocument(toJson(extra).toObject()).toJson(QJsonDocument::Compact);
}

void readTypeParams(YamlReader& reader, const YAML::Node& params, const QString& path, GuardrailSpec& g)
{
    if (g.type == u"banned_substrings" || g.type == u"regex")
        readMatchers(reader, params, path, g);
    else if (g.type == u"secrets") {
        if (auto e = reader.boolean(params, "entropy", path))
            g.entropy = *e;
    } else if (g.type == u"pii")
        readPiiTypes(reader, params, path, g);
    else if (g.type == u"token_limit") {
        if (auto n = reader.integer(params, "limit", path, 1, 100'000'000))
            g.tokenLimit = int(*n);
    } else if (g.type == u"malicious_urls") {
        g.denyDomains = stringList(reader, params, "deny_domains", path);
        g.suspiciousTlds = stringList(reader, params, "suspicious_tlds", path);
        if (auto ip = reader.boolean(params, "block_ip_hosts", path))
            g.blockIpHosts = *ip;
    } else if (g.isExternal())
        readExternal(reader, params, path, g);
}

const QStringList kParamKeys{u"guardrail"_s,
                             u"mode"_s,
                             u"default_on"_s,
                             u"action"_s,
                             u"redact"_s,
                             u"hold_stream"_s,
                             u"substrings"_s,
                             u"banned_words"_s,
                             u"patterns"_s,
                             u"case_sensitive"_s,
                             u"match_type"_s,
                             u"entropy"_s,
                             u"pii_types"_s,
                             u"entities"_s,
                             u"limit"_s,
                             u"deny_domains"_s,
                             u"suspicious_tlds"_s,
                             u"block_ip_hosts"_s,
                             u"api_base"_s,
                             u"api_key"_s,
                             u"timeout"_s,
                             u"fail_open"_s,
                             u"unreachable_fallback"_s,
                             u"scanners_suppress"_s,
                             u"additional_provider_specific_params"_s};

std::optional<GuardrailSpec> readGuardrail(YamlReader& reader, const YAML::Node& entry, const QString& path)
{
    const auto name = reader.string(entry, "guardrail_name", path);
    const YAML::Node params = reader.map(entry, "litellm_params", path);
    if (!name || name->trimmed().isEmpty() || !params.IsDefined()) {
        reader.error(entry, path, u"expected guardrail_name and litellm_params (with `guardrail` and `mode`)"_s);
        return std::nullopt;
    }
    GuardrailSpec g;
    g.name = name->trimmed();
    g.line = entry.Mark().line + 1;
    g.column = entry.Mark().column + 1;
    const QString p = path + u".litellm_params"_s;
    const auto typeName = reader.string(params, "guardrail", p);
    const std::optional<QString> type = typeName ? canonicalType(*typeName) : std::nullopt;
    if (!type) {
        if (!typeName || typeName->trimmed().isEmpty()) {
            reader.error(params, p + u".guardrail"_s, u"expected the guardrail's type"_s);
            return std::nullopt;
        }
        // A vendor's guardrail (aporia, bedrock, lakera, …) in a LiteLLM file: the file still loads,
        // and says plainly that this check does not run.
        reader.warning(
            params,
            p + u".guardrail"_s,
            u"guardrail \"%1\" is not supported, so \"%2\" is NOT applied; Switchyard has "
            u"banned_substrings, regex, secrets (hide-secrets), pii (presidio), token_limit, malicious_urls, "
            u"no_code, llm_guard and webhook (generic_guardrail_api)"_s.arg(*typeName, g.name));
        return std::nullopt;
    }
    g.type = *type;
    if (typeName->trimmed().toLower() == u"presidio")
        reader.warning(params["guardrail"],
                       p + u".guardrail"_s,
                       u"Presidio's NER models are not used: PII is found by pattern (e-mail, phone, card, IBAN)"_s);
    // LiteLLM's hide-secrets and presidio mask by default; the others block.
    if (typeName->contains(u"hide") || g.type == u"pii")
        g.action = GuardrailSpec::Action::Redact;
    g.modes = readModes(reader, params, p);
    if (auto on = reader.boolean(params, "default_on", p))
        g.defaultOn = *on;
    if (auto on = reader.boolean(entry, "default_on", path))
        g.defaultOn = *on;
    if (auto hold = reader.boolean(params, "hold_stream", p))
        g.holdStream = *hold;
    readAction(reader, params, p, g);
    readTypeParams(reader, params, p, g);
    reader.warnUnknownKeys(params, kParamKeys, p);
    reader.warnUnknownKeys(
        entry, {u"guardrail_name"_s, u"litellm_params"_s, u"guardrail_info"_s, u"default_on"_s}, path);
    return g.modes ? std::optional<GuardrailSpec>(g) : std::nullopt;
}

} // namespace

void guardrails(YamlReader& reader, const YAML::Node& list, const QString& path, GatewayConfig& config)
{
    if (!list.IsDefined() || list.IsNull())
        return;
    if (!list.IsSequence()) {
        reader.error(list, path, u"expected a list of {guardrail_name, litellm_params}"_s);
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString itemPath = path + u"[%1]"_s.arg(i);
        std::optional<GuardrailSpec> g = readGuardrail(reader, list[i], itemPath);
        if (!g)
            continue;
        if (config.guardrails.find(g->name)) {
            reader.error(list[i], itemPath, u"guardrail_name \"%1\" is used twice"_s.arg(g->name));
            continue;
        }
        config.guardrails.guardrails.append(*g);
    }
}

} // namespace sy::SectionParsers
