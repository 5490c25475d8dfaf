#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/GatewayConfig.h"

using namespace Qt::StringLiterals;

namespace sy::SectionParsers {

namespace {

void readCacheRedis(
    YamlReader& reader, const YAML::Node& map, const QString& path, const char* prefix, RedisSettings& r)
{
    auto key = [prefix](const char* name) { return std::string(prefix) + name; };
    if (auto v = reader.string(map, key("host").c_str(), path))
        r.host = *v;
    if (auto v = reader.integer(map, key("port").c_str(), path, 1, 65535))
        r.port = int(*v);
    if (auto v = reader.string(map, key("password").c_str(), path))
        r.password = *v;
    if (auto v = reader.string(map, key("url").c_str(), path))
        r.url = *v;
    if (auto v = reader.integer(map, key("db").c_str(), path, 0, 1024))
        r.db = int(*v);
}

void readType(YamlReader& reader, const YAML::Node& map, const char* key, const QString& path, CacheSettings& cache)
{
    const auto type = reader.string(map, key, path);
    if (!type)
        return;
    const QString t = type->trimmed().toLower();
    if (t == u"local" || t == u"redis") {
        cache.type = t;
        return;
    }
    // LiteLLM's other caches need services Switchyard does not talk to; memory still serves.
    reader.warning(map[key],
                   YamlReader::join(path, key),
                   u"cache type \"%1\" is not supported (local and redis are); using the in-memory cache"_s.arg(t));
    cache.type = u"local"_s;
}

void readCallTypes(YamlReader& reader, const YAML::Node& params, const QString& path, CacheSettings& cache)
{
    const YAML::Node list = reader.sequence(params, "supported_call_types", path);
    if (!list.IsDefined())
        return;
    cache.chat = cache.completion = cache.embedding = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString t = QString::fromStdString(list[i].Scalar()).trimmed();
        if (t == u"completion" || t == u"acompletion")
            cache.chat = true;
        else if (t == u"text_completion" || t == u"atext_completion")
            cache.completion = true;
        else if (t == u"embedding" || t == u"aembedding")
            cache.embedding = true;
        else
            reader.warning(list[i],
                           path + u".supported_call_types"_s,
                           u"\"%1\" is not a call type Switchyard serves; ignored"_s.arg(t));
    }
}

void readKeyIncludes(YamlReader& reader, const YAML::Node& params, const QString& path, CacheSettings& cache)
{
    const YAML::Node list = reader.sequence(params, "key_includes", path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString field = QString::fromStdString(list[i].Scalar()).trimmed();
        if (field == u"user")
            cache.keyIncludesUser = true;
        else if (field == u"metadata")
            cache.keyIncludesMetadata = true;
        else
            reader.error(list[i], path + u".key_includes"_s, u"expected user or metadata"_s);
    }
}

void readParams(YamlReader& reader, const YAML::Node& params, const QString& p, CacheSettings& cache)
{
    readType(reader, params, "type", p, cache);
    if (auto ttl = reader.seconds(params, "ttl", p))
        cache.ttl = *ttl;
    if (auto ns = reader.string(params, "namespace", p))
        cache.ns = ns->trimmed();
    readCacheRedis(reader, params, p, "", cache.redis);
    readCacheRedis(reader, params, p, "redis_", cache.redis);
    // LiteLLM's in-memory cache counts items (max_size_in_memory); the bound in bytes is ours.
    if (auto n = reader.integer(params, "max_size", p, 1, 100'000'000))
        cache.maxEntries = *n;
    if (auto n = reader.integer(params, "max_size_in_memory", p, 1, 100'000'000))
        cache.maxEntries = *n;
    if (auto mb = reader.integer(params, "max_size_mb", p, 1, 1024 * 1024))
        cache.maxBytes = *mb * 1024 * 1024;
    if (auto mode = reader.string(params, "mode", p)) {
        const QString m = mode->trimmed().toLower();
        if (m == u"default_on" || m == u"default_off")
            cache.mode = m == u"default_on" ? CacheSettings::Mode::DefaultOn : CacheSettings::Mode::DefaultOff;
        else
            reader.error(params["mode"], p + u".mode"_s, u"expected default_on or default_off"_s);
    }
    readCallTypes(reader, params, p, cache);
    readKeyIncludes(reader, params, p, cache);
    reader.warnUnknownKeys(params,
                           {u"type"_s,
                            u"ttl"_s,
                            u"namespace"_s,
                            u"host"_s,
                            u"port"_s,
                            u"password"_s,
                            u"url"_s,
                            u"db"_s,
                            u"redis_host"_s,
                            u"redis_port"_s,
                            u"redis_password"_s,
                            u"redis_url"_s,
                            u"redis_db"_s,
                            u"max_size"_s,
                            u"max_size_in_memory"_s,
                            u"max_size_mb"_s,
                            u"mode"_s,
                            u"supported_call_types"_s,
                            u"key_includes"_s},
                           p);
}

} // namespace

void cacheSettings(YamlReader& reader, const YAML::Node& settings, GatewayConfig& config)
{
    const QString path = u"litellm_settings"_s;
    CacheSettings& cache = config.cache;
    if (auto on = reader.boolean(settings, "cache", path))
        cache.enabled = *on;
    if (const YAML::Node params = reader.map(settings, "cache_params", path); params.IsDefined())
        readParams(reader, params, u"litellm_settings.cache_params"_s, cache);
    // Older LiteLLM spellings, as seed 002 uses them.
    if (settings["cache_type"].IsDefined()) {
        reader.warning(settings["cache_type"],
                       u"litellm_settings.cache_type"_s,
                       u"an older LiteLLM spelling; read as cache_params.type"_s);
        readType(reader, settings, "cache_type", path, cache);
    }
    if (const YAML::Node kwargs = reader.map(settings, "cache_kwargs", path); kwargs.IsDefined()) {
        reader.warning(settings["cache_kwargs"],
                       u"litellm_settings.cache_kwargs"_s,
                       u"an older LiteLLM spelling; read as cache_params"_s);
        readParams(reader, kwargs, u"litellm_settings.cache_kwargs"_s, cache);
    }
}

void seedCache(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const YAML::Node cache = reader.map(root, "cache", {});
    if (!cache.IsDefined())
        return;
    const QString path = u"cache"_s;
    reader.warning(root["cache"], path, u"not a LiteLLM key; read as litellm_settings.cache: true with cache_params"_s);
    config.cache.enabled = true;
    readParams(reader, cache, path, config.cache);
}

void resolveCacheRedis(GatewayConfig& config)
{
    // A Redis cache without its own server uses router_settings' (seed 002), as LiteLLM falls
    // back to REDIS_HOST; with neither, Redis on this machine.
    CacheSettings& cache = config.cache;
    if (cache.type == u"redis" && !cache.redis.isConfigured() && config.routing.redis.isConfigured())
        cache.redis = config.routing.redis;
}

} // namespace sy::SectionParsers
