#include "gateway/pipeline/ConversationStage.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/responses/ResponsesHistory.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/storage/ResponseRepository.h"
#include "gateway/storage/StorageService.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcConversation, "switchyard.conversation", QtInfoMsg)

namespace sy {

namespace {

constexpr qint64 kPurgeEveryMs = 3600 * 1000;

struct Recalled
{
    std::optional<StoredResponse> previous;
    QHash<QString, QByteArray> items;
    QString error; ///< the database failed; "unreachable" when it is down
};

ApiError storageUnavailable(const QString& why)
{
    return ApiError::serviceUnavailable(
        u"Stored responses are not available: %1. Send the whole conversation in `input` instead."_s.arg(why),
        "storage_unavailable",
        5);
}

Recalled lookUp(Database* db, const ResponsesHistory::Needs& needs, const QString& key, qint64 now)
{
    Recalled r;
    if (!db) {
        r.error = u"unreachable"_s;
        return r;
    }
    if (!needs.previousId.isEmpty())
        r.previous = ResponseRepository::find(*db, needs.previousId, key, now, &r.error);
    if (r.error.isEmpty() && !needs.itemRefs.isEmpty()) {
        if (auto items = ResponseRepository::findItems(*db, needs.itemRefs, key, now, &r.error))
            r.items = *items;
    }
    return r;
}

// Rewrites the request to carry the whole conversation it continues.
StageResult
applyRecalled(RequestContext& ctx, const ResponsesHistory::Needs& needs, const QByteArray& body, const Recalled& r)
{
    if (!r.error.isEmpty()) {
        qCWarning(lcConversation).noquote() << "reading a stored response failed:" << r.error;
        return StageResult::reject(storageUnavailable(u"the database failed"_s));
    }
    if (!needs.previousId.isEmpty() && !r.previous) {
        ApiError missing = ApiError::notFound(u"Previous response with id '%1' not found."_s.arg(needs.previousId),
                                              "previous_response_not_found");
        missing.param = "previous_response_id";
        return StageResult::reject(missing);
    }
    ApiError unresolved;
    const std::optional<QJsonArray> own = ResponsesHistory::ownInput(body, r.items, &unresolved);
    if (!own)
        return StageResult::reject(unresolved);
    QJsonArray conversation
        = r.previous ? ResponsesHistory::continuation(r.previous->input, r.previous->response) : QJsonArray();
    for (const QJsonValue& item : *own)
        conversation.append(item);
    ctx.body = JsonBody::parse(ResponsesHistory::withConversation(body, conversation), nullptr);
    if (ctx.keepAnswer)
        ctx.conversationInput = QJsonDocument(conversation).toJson(QJsonDocument::Compact);
    return StageResult::next();
}

} // namespace

StorageService* ConversationStage::storage() const
{
    return m_keys ? m_keys->storage() : nullptr;
}

bool ConversationStage::available() const
{
    return storage() && storage()->isReady();
}

void ConversationStage::recall(RequestContext& ctx, std::weak_ptr<bool> alive, Done done)
{
    if (ctx.dialect != Dialect::Responses || !ctx.body) {
        done(StageResult::next());
        return;
    }
    const QByteArray body = ctx.body->bytes();
    const ResponsesHistory::Needs needs = ResponsesHistory::needsOf(*ctx.body);
    ctx.keepAnswer = needs.store && ctx.config->responsesRetention.count() > 0 && available();
    if (needs.previousId.isEmpty() && needs.itemRefs.isEmpty()) {
        if (ctx.keepAnswer)
            ctx.conversationRequest = body; // its items are worked out where it is stored
        done(StageResult::next());
        return;
    }
    if (!available()) {
        done(StageResult::reject(
            storageUnavailable(storage() ? u"the database is not open"_s : u"this gateway has no database"_s)));
        return;
    }
    const QString key = ctx.principal.keyHash;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::weak_ptr<bool> self = m_alive;
    storage()->run<Recalled>([needs, key, now](Database* db) { return lookUp(db, needs, key, now); },
                             [self, alive, &ctx, needs, body, done = std::move(done)](const Recalled& r) {
                                 if (!self.expired() && !alive.expired())
                                     done(applyRecalled(ctx, needs, body, r));
                             });
}

void ConversationStage::keep(const RequestContext& ctx)
{
    if (!ctx.keepAnswer || ctx.finalAnswer.isEmpty() || !available())
        return;
    const std::optional<JsonBody> answer = JsonBody::parse(ctx.finalAnswer, nullptr);
    const std::optional<QString> id = answer ? answer->string("id") : std::nullopt;
    if (!id || id->isEmpty())
        return;
    StoredResponse stored;
    stored.id = *id;
    stored.keyToken = ctx.principal.keyHash;
    stored.createdMs = QDateTime::currentMSecsSinceEpoch();
    stored.expiresMs = stored.createdMs + ctx.config->responsesRetention.count();
    stored.model = ctx.model;
    stored.input = ctx.conversationInput;
    stored.response = ctx.finalAnswer;
    // The DOM work (the request's items, the answer's output items) happens on the storage
    // thread, not the gateway's.
    storage()->run<QString>(
        [stored, request = ctx.conversationRequest](Database* db) mutable {
            QString error;
            if (!db)
                return u"the database is unreachable"_s;
            if (stored.input.isEmpty() && !request.isEmpty()) {
                ApiError unused;
                if (const std::optional<QJsonArray> own = ResponsesHistory::ownInput(request, {}, &unused))
                    stored.input = QJsonDocument(*own).toJson(QJsonDocument::Compact);
            }
            stored.items = ResponsesHistory::outputItems(stored.response);
            ResponseRepository::insert(*db, stored, &error);
            return error;
        },
        [id = stored.id](const QString& error) {
            if (!error.isEmpty())
                qCWarning(lcConversation).noquote() << "storing response" << id << "failed:" << error;
        });
    if (stored.createdMs - m_lastPurgeMs >= kPurgeEveryMs)
        purgeNow(stored.createdMs);
}

void ConversationStage::purgeNow(qint64 nowMs)
{
    m_lastPurgeMs = nowMs;
    storage()->run<qint64>(
        [nowMs](Database* db) {
            QString error;
            return db ? ResponseRepository::purgeExpired(*db, nowMs, &error) : qint64(-1);
        },
        [](qint64 purged) {
            if (purged > 0)
                qCInfo(lcConversation) << "deleted" << purged << "stored responses past their retention";
        });
}

} // namespace sy
