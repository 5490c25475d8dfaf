#pragma once

#include "gateway/upstream/UpstreamRequest.h"

#include <QByteArray>

namespace sy::test {

/** A POST /v1/chat/completions with a JSON content type. */
UpstreamRequest makeRequest(const UpstreamOrigin& origin, const QByteArray& body = "{}");
/** One-shot gzip of @p data. */
QByteArray gzip(const QByteArray& data);
/** @p data framed as one HTTP chunk. */
QByteArray chunk(const QByteArray& data);
/** A 200 head announcing a chunked event stream. */
QByteArray chunkedHead();

} // namespace sy::test
