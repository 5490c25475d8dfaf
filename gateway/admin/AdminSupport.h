#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace sy {

class ResponseChannel;
struct RequestContext;

/** Small pieces the admin handlers share: paths, methods, who may call, JSON in and out. */
namespace AdminSupport {

/** @p path without a trailing slash. */
QByteArrayView normalizedPath(QByteArrayView path);
/** The decoded query parameters. */
QUrlQuery queryOf(const RequestContext& ctx);
/** The JSON object in the request body, or the 400 to answer. */
std::optional<QJsonObject> bodyObject(const RequestContext& ctx, ApiError* error);

/** True for the master key (or a UI session). */
bool isAdmin(const RequestContext& ctx);
ApiError adminOnly(QByteArrayView path);
ApiError methodNotAllowed(const RequestContext& ctx, QByteArrayView allowed);

void sendJson(ResponseChannel& channel, const QJsonValue& json, int status = 200);

/** A channel that may answer later, from a callback (std::function wants copyable captures). */
using SharedChannel = std::shared_ptr<std::unique_ptr<ResponseChannel>>;
SharedChannel share(std::unique_ptr<ResponseChannel> channel);

} // namespace AdminSupport

} // namespace sy
