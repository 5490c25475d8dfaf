#pragma once

#include "gateway/core/JsonBody.h"

#include <QByteArray>
#include <QList>

namespace sy {

/**
 * One spelling for every JSON text that means the same: object members sorted by key (the last
 * of duplicates wins, as JsonBody reads them), no whitespace, strings re-escaped the one way
 * JsonWriter writes them. Numbers keep their spelling, so `1` and `1.0` differ: a cache key may
 * miss where it could hit, never the other way round.
 */
namespace CanonicalJson {

/** @p object canonically, leaving out its top-level members named in @p skip. */
QByteArray of(const JsonBody& object, const QList<QByteArrayView>& skip = {});

} // namespace CanonicalJson

} // namespace sy
