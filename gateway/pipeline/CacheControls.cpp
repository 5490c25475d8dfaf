#include "gateway/pipeline/CacheControls.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

std::optional<std::chrono::milliseconds> secondsOf(const QJsonValue& v, bool* ok)
{
    double s = -1;
    if (v.isString())
        s = v.toString().toDouble(ok);
    else if (v.isDouble())
        s = v.toDouble();
    *ok = *ok && s >= 0;
    if (!*ok)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(s * 1000));
}

bool truthy(const QJsonValue& v)
{
    return v.isBool() ? v.toBool() : (v.isString() && v.toString().compare(u"true", Qt::CaseInsensitive) == 0);
}

} // namespace

bool CacheControls::applyJson(const QJsonObject& cache, QString* why)
{
    for (auto it = cache.begin(); it != cache.end(); ++it) {
        const QString name = it.key();
        bool ok = true;
        if (name == u"no-cache")
            noCache = truthy(*it);
        else if (name == u"no-store")
            noStore = truthy(*it);
        else if (name == u"use-cache")
            useCache = truthy(*it);
        else if (name == u"ttl")
            ttl = secondsOf(*it, &ok);
        else if (name == u"s-maxage")
            maxAge = secondsOf(*it, &ok);
        else if (name == u"namespace")
            ns = it->toString().trimmed();
        else {
            *why = u"unknown cache control '%1'; expected no-cache, no-store, ttl, s-maxage, namespace or use-cache"_s
                       .arg(name);
            return false;
        }
        if (!ok) {
            *why = u"cache control '%1' must be a number of seconds"_s.arg(name);
            return false;
        }
    }
    return true;
}

void CacheControls::applyHeaders(const HttpHeaders& headers)
{
    for (const auto& [name, value] : headers.fields()) {
        if (name.compare("cache-control", Qt::CaseInsensitive) == 0) {
            for (const QByteArray& raw : value.split(',')) {
                const QByteArray token = raw.trimmed().toLower();
                if (token == "no-cache")
                    noCache = true;
                else if (token == "no-store")
                    noStore = true;
                else if (token.startsWith("s-maxage=") || token.startsWith("max-age="))
                    maxAge = std::chrono::milliseconds(token.mid(token.indexOf('=') + 1).toLongLong() * 1000);
            }
        } else if (name.size() > 16 && name.first(16).compare("x-litellm-cache-", Qt::CaseInsensitive) == 0) {
            QString ignored;
            const QString control = QString::fromLatin1(name.mid(16)).toLower();
            const QString text = QString::fromUtf8(value).trimmed();
            const QJsonValue v = control == u"namespace" || control == u"ttl" || control == u"s-maxage"
                ? QJsonValue(text)
                : QJsonValue(text.compare(u"true", Qt::CaseInsensitive) == 0 || text == u"1");
            applyJson(QJsonObject{{control, v}}, &ignored);
        }
    }
}

std::optional<CacheControls>
CacheControls::from(const JsonBody& body, const HttpHeaders& headers, const QJsonObject* keyMetadata, ApiError* error)
{
    CacheControls c;
    c.applyHeaders(headers);
    if (const std::optional<JsonBody::Span> span = body.member("cache"); span && span->type != JsonBody::Type::Null) {
        QString why = u"`cache` must be an object of cache controls"_s;
        const QJsonDocument doc = QJsonDocument::fromJson(body.rawAt(*span).toByteArray());
        if (!doc.isObject() || !c.applyJson(doc.object(), &why)) {
            *error = ApiError::badRequest(why, "invalid_cache_controls", "cache");
            return std::nullopt;
        }
    }
    if (keyMetadata && keyMetadata->value(u"cache"_s).isObject()) {
        QString ignored; // checked when the key was made
        c.applyJson(keyMetadata->value(u"cache"_s).toObject(), &ignored);
    }
    return c;
}

} // namespace sy
