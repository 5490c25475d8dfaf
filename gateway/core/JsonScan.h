#pragma once

#include "gateway/core/JsonBody.h"

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>
#include <optional>

namespace sy {

/**
 * Quick looks into JSON text that is known to be valid (a backend's stream event that the
 * relay forwards), without validating or parsing it whole: the cheapest way to read or replace
 * one member of every event of a stream. For anything else, use JsonBody.
 */
namespace JsonScan {

/** The value of top-level member @p key of the object @p json; nullopt when absent. */
std::optional<JsonBody::Span> topLevel(QByteArrayView json, QByteArrayView key);

/** @p json with the value of its top-level member @p key replaced by @p value (JSON text);
    unchanged when the member is absent. */
QByteArray replaceTopLevel(const QByteArray& json, QByteArrayView key, QByteArrayView value);

/**
 * Characters in the string values of every member named @p key, at any depth (e.g. "content"
 * in a chat chunk's delta). Counts code points, with escapes as one. Keys inside string values
 * are never matched: there their quotes are escaped.
 */
qint64 stringValueChars(QByteArrayView json, QByteArrayView key);
/** The same for several keys, summed, in one pass. */
qint64 stringValueChars(QByteArrayView json, std::initializer_list<QByteArrayView> keys);

} // namespace JsonScan

} // namespace sy
