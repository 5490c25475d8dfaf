#include "gateway/admin/KeyAdminApi.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/RequestContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

using namespace AdminSupport;

// Reads a list of strings member; nullopt with @p error set when it is not one.
std::optional<QStringList> stringList(const QJsonObject& body, const QString& name, ApiError* error)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined() || v.isNull())
        return QStringList();
    if (!v.isArray()) {
        *error = ApiError::badRequest(u"'%1' must be a list of strings."_s.arg(name), "invalid_request", name.toUtf8());
        return std::nullopt;
    }
    QStringList out;
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString()) {
            *error = ApiError::badRequest(
                u"'%1' must be a list of strings."_s.arg(name), "invalid_request", name.toUtf8());
            return std::nullopt;
        }
        out.append(item.toString());
    }
    return out;
}

std::optional<int> positive(const QUrlQuery& query, const QString& name, int fallback, int max, ApiError* error)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const int value = query.queryItemValue(name, QUrl::FullyDecoded).toInt(&ok);
    if (!ok || value < 1 || value > max) {
        *error = ApiError::badRequest(
            u"'%1' must be a whole number from 1 to %2."_s.arg(name).arg(max), "invalid_request", name.toUtf8());
        return std::nullopt;
    }
    return value;
}

bool flag(const QUrlQuery& query, const QString& name)
{
    const QString v = query.queryItemValue(name, QUrl::FullyDecoded).toLower();
    return v == u"true" || v == u"1" || v == u"yes";
}

} // namespace

KeyAdminApi::KeyAdminApi(KeyManager& keys)
    : m_keys(keys)
{ }

bool KeyAdminApi::handles(QByteArrayView path) const
{
    return normalizedPath(path).startsWith("/key/");
}

void KeyAdminApi::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const QByteArrayView path = normalizedPath(ctx.http.path);
    const bool get = ctx.http.method == "GET";
    const bool post = ctx.http.method == "POST";
    if (path == "/key/info") {
        if (!get)
            channel->sendError(methodNotAllowed(ctx, "GET"));
        else
            info(ctx, *channel);
        return;
    }
    const bool known = path == "/key/generate" || path == "/key/update" || path == "/key/delete" || path == "/key/list"
        || path == "/key/block" || path == "/key/unblock";
    if (!known) {
        channel->sendError(ApiError::notFound(
            u"Unknown path %1. Key management: /key/generate, /key/update, /key/delete, /key/info, /key/list, "
            u"/key/block, /key/unblock."_s.arg(QString::fromUtf8(path)),
            "not_found"));
        return;
    }
    if (!isAdmin(ctx)) {
        channel->sendError(adminOnly(path));
        return;
    }
    if (path == "/key/list") {
        if (!get)
            channel->sendError(methodNotAllowed(ctx, "GET"));
        else
            list(ctx, *channel);
        return;
    }
    // LiteLLM's clients delete with POST; DELETE is accepted as well.
    if (!post && !(path == "/key/delete" && ctx.http.method == "DELETE")) {
        channel->sendError(methodNotAllowed(ctx, "POST"));
        return;
    }
    if (path == "/key/generate")
        generate(ctx, std::move(channel));
    else if (path == "/key/update")
        update(ctx, std::move(channel));
    else if (path == "/key/delete")
        remove(ctx, std::move(channel));
    else
        setBlocked(ctx, std::move(channel), path == "/key/block");
}

void KeyAdminApi::generate(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    ApiError error;
    const std::optional<QJsonObject> body = bodyObject(ctx, &error);
    if (!body) {
        channel->sendError(error);
        return;
    }
    QString message;
    const std::optional<KeyChanges> changes = KeyChanges::fromJson(*body, false, &message, nullptr);
    if (!changes) {
        channel->sendError(ApiError::badRequest(message));
        return;
    }
    const QJsonValue duration = body->value(u"duration"_s);
    m_keys.create(*changes,
                  [this, duration, out = share(std::move(channel))](
                      std::optional<ApiError> failure, const QString& plaintext, const VirtualKey& key) {
                      if (failure) {
                          (*out)->sendError(*failure);
                          return;
                      }
                      QJsonObject json = key.toJson();
                      json[u"key"_s] = plaintext; // the only time it is ever shown
                      json[u"token_id"_s] = key.token;
                      json[u"duration"_s] = duration.isUndefined() ? QJsonValue() : duration;
                      if (const std::shared_ptr<KeyEntry> entry = m_keys.cache().findToken(key.token))
                          json[u"budget_remaining"_s] = m_keys.jsonOf(*entry).value(u"budget_remaining"_s);
                      sendJson(**out, json);
                  });
}

void KeyAdminApi::update(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    ApiError error;
    const std::optional<QJsonObject> body = bodyObject(ctx, &error);
    if (!body) {
        channel->sendError(error);
        return;
    }
    QString message;
    QString key;
    const std::optional<KeyChanges> changes = KeyChanges::fromJson(*body, true, &message, &key);
    if (!changes) {
        channel->sendError(ApiError::badRequest(message));
        return;
    }
    m_keys.update(
        key,
        *changes,
        [this, key, out = share(std::move(channel))](std::optional<ApiError> failure, const VirtualKey& updated) {
            if (failure) {
                (*out)->sendError(*failure);
                return;
            }
            const std::shared_ptr<KeyEntry> entry = m_keys.cache().findToken(updated.token);
            QJsonObject json = entry ? m_keys.jsonOf(*entry) : updated.toJson();
            json[u"key"_s] = key;
            sendJson(**out, json);
        });
}

void KeyAdminApi::setBlocked(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel, bool blocked)
{
    ApiError error;
    const std::optional<QJsonObject> body = bodyObject(ctx, &error);
    if (!body) {
        channel->sendError(error);
        return;
    }
    const QString key = body->value(u"key"_s).toString().trimmed();
    if (key.isEmpty()) {
        channel->sendError(
            ApiError::badRequest(u"'key' is required: the key (sk-…) or its token."_s, "invalid_request", "key"));
        return;
    }
    KeyChanges changes;
    changes.blocked = blocked;
    m_keys.update(key,
                  changes,
                  [this, out = share(std::move(channel))](std::optional<ApiError> failure, const VirtualKey& updated) {
                      if (failure) {
                          (*out)->sendError(*failure);
                          return;
                      }
                      const std::shared_ptr<KeyEntry> entry = m_keys.cache().findToken(updated.token);
                      sendJson(**out, entry ? m_keys.jsonOf(*entry) : updated.toJson());
                  });
}

void KeyAdminApi::remove(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    ApiError error;
    const std::optional<QJsonObject> body = bodyObject(ctx, &error);
    if (!body) {
        channel->sendError(error);
        return;
    }
    const std::optional<QStringList> keys = stringList(*body, u"keys"_s, &error);
    const std::optional<QStringList> aliases = keys ? stringList(*body, u"key_aliases"_s, &error) : std::nullopt;
    if (!keys || !aliases) {
        channel->sendError(error);
        return;
    }
    if (keys->isEmpty() && aliases->isEmpty()) {
        channel->sendError(ApiError::badRequest(
            u"Give 'keys' (keys or their tokens) or 'key_aliases' to delete."_s, "invalid_request", "keys"));
        return;
    }
    m_keys.remove(*keys,
                  *aliases,
                  [given = *keys + *aliases, out = share(std::move(channel))](std::optional<ApiError> failure,
                                                                              const QStringList&) {
                      if (failure) {
                          (*out)->sendError(*failure);
                          return;
                      }
                      sendJson(**out, QJsonObject{{u"deleted_keys"_s, QJsonArray::fromStringList(given)}});
                  });
}

void KeyAdminApi::info(RequestContext& ctx, ResponseChannel& channel)
{
    const QUrlQuery query = queryOf(ctx);
    QString key = query.queryItemValue(u"key"_s, QUrl::FullyDecoded).trimmed();
    std::shared_ptr<KeyEntry> entry;
    if (ctx.principal.kind == Principal::Kind::VirtualKey) {
        // A virtual key may look at itself: its limits, spend and budget left.
        entry = ctx.principal.key;
        if (!key.isEmpty() && m_keys.resolve(key) != entry) {
            channel.sendError(adminOnly("/key/info for another key"));
            return;
        }
        if (key.isEmpty())
            key = entry->key.token;
    } else if (!isAdmin(ctx)) {
        channel.sendError(adminOnly("/key/info"));
        return;
    } else if (key.isEmpty()) {
        channel.sendError(ApiError::badRequest(u"Give ?key= the key (sk-…) or its token."_s, "invalid_request", "key"));
        return;
    } else {
        entry = m_keys.resolve(key);
    }
    if (!entry) {
        channel.sendError(ApiError::notFound(u"Key not found."_s, "key_not_found"));
        return;
    }
    sendJson(channel, QJsonObject{{u"key"_s, key}, {u"info"_s, m_keys.jsonOf(*entry)}});
}

void KeyAdminApi::list(RequestContext& ctx, ResponseChannel& channel)
{
    const QUrlQuery query = queryOf(ctx);
    ApiError error;
    const std::optional<int> page = positive(query, u"page"_s, 1, 1'000'000, &error);
    const std::optional<int> size = page ? positive(query, u"size"_s, 10, 100, &error) : std::nullopt;
    if (!page || !size) {
        channel.sendError(error);
        return;
    }
    const QString alias = query.queryItemValue(u"key_alias"_s, QUrl::FullyDecoded);
    const QString hash = query.queryItemValue(u"key_hash"_s, QUrl::FullyDecoded).toLower();
    const QString user = query.queryItemValue(u"user_id"_s, QUrl::FullyDecoded);
    const QString team = query.queryItemValue(u"team_id"_s, QUrl::FullyDecoded);
    QList<std::shared_ptr<KeyEntry>> matching;
    for (const std::shared_ptr<KeyEntry>& entry : m_keys.cache().entries()) {
        const VirtualKey& k = entry->key;
        if ((!alias.isEmpty() && k.alias != alias) || (!hash.isEmpty() && k.token != hash)
            || (!user.isEmpty() && k.userId != user) || (!team.isEmpty() && k.teamId != team))
            continue;
        matching.append(entry);
    }
    const bool full = flag(query, u"return_full_object"_s);
    QJsonArray keys;
    const qsizetype first = qsizetype(*page - 1) * *size;
    for (qsizetype i = first; i < matching.size() && i < first + *size; ++i) {
        if (full)
            keys.append(m_keys.jsonOf(*matching.at(i)));
        else
            keys.append(matching.at(i)->key.token);
    }
    const qsizetype total = matching.size();
    sendJson(channel,
             QJsonObject{{u"keys"_s, keys},
                         {u"total_count"_s, double(total)},
                         {u"current_page"_s, *page},
                         {u"total_pages"_s, double((total + *size - 1) / *size)}});
}

} // namespace sy
