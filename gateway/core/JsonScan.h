#pragma once

#include "gateway/core/JsonBody.h"

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>
#include <optional>
#include <type_traits>

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

/** One member found by forEachMember(). */
struct Member
{
    int key; ///< index into the keys asked for
    int depth; ///< 1 for a member of the outermost object; each enclosing object or array adds one
    qsizetype valueAt; ///< index of the value's first byte
};

namespace detail {
using MemberCallback = void (*)(void* context, const Member& member);

/** Calls the callable at @p context: how the templates below reach the compiled walks. */
template <typename F>
void callWithMember(void* context, const Member& member)
{
    (*static_cast<F*>(context))(member);
}

void forEachMember(
    QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, MemberCallback onMember, void* context);
// Defined in JsonBody.cpp, beside the validator it runs.
bool forEachMemberIfValid(
    QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, MemberCallback onMember, void* context);
} // namespace detail

/**
 * Calls @p onMember(const Member&) for every member whose name is one of @p keys, at any depth,
 * in one pass over @p json: what a relay needs from each stream event (its usage, its model,
 * how much text it carries) for about the cost of finding its quotes. Keys inside string
 * values are never matched.
 */
template <typename OnMember>
void forEachMember(QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, OnMember&& onMember)
{
    detail::forEachMember(json, keys, keyCount, &detail::callWithMember<std::remove_reference_t<OnMember>>, &onMember);
}

/** The same with the keys written out at the call (no allocation: it runs per stream event). */
template <typename OnMember>
void forEachMember(QByteArrayView json, std::initializer_list<QByteArrayView> keys, OnMember&& onMember)
{
    forEachMember(json, keys.begin(), qsizetype(keys.size()), std::forward<OnMember>(onMember));
}

/**
 * forEachMember() and JsonBody::isValid() in one pass, for a whole answer that is checked before
 * it is relayed: validates @p json as a JSON object and reports the members named in @p keys as
 * it goes. Returns false for invalid input, after reporting the members before the fault.
 */
template <typename OnMember>
bool forEachMemberIfValid(QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, OnMember&& onMember)
{
    return detail::forEachMemberIfValid(
        json, keys, keyCount, &detail::callWithMember<std::remove_reference_t<OnMember>>, &onMember);
}

/** The value that starts at @p at; nullopt when the input ends inside it. */
std::optional<JsonBody::Span> valueSpan(QByteArrayView json, qsizetype at);

/** Characters (code points, an escape as one) in the string value that starts at @p at; 0 when
    no string starts there. */
qint64 stringChars(QByteArrayView json, qsizetype at);

} // namespace JsonScan

} // namespace sy
