#pragma once

#include "gateway/core/JsonBody.h"

#include <QByteArray>
#include <QString>

namespace sy {

/**
 * The exact-match key of a request (issue #16): a SHA-256 over the operation, the model group
 * (not the deployment) and the canonical form of the request in OpenAI's API, without what
 * does not change the answer: model (the group stands for it), stream and stream_options (a
 * stored answer replays either way), the gateway's own `cache` and `guardrails`, and `user` and
 * `metadata` unless the config counts them. Key order and whitespace do not matter.
 */
class CacheKey
{
public:
    struct Options
    {
        bool includeUser = false;
        bool includeMetadata = false;
    };

    /** The key (64 hex digits) of @p openAiRequest, an operation @p operation on @p group. */
    static QByteArray
    of(QByteArrayView operation, const QString& group, const JsonBody& openAiRequest, Options options);
    /** The canonical text the key hashes (for tests and diagnostics). */
    static QByteArray
    canonical(QByteArrayView operation, const QString& group, const JsonBody& openAiRequest, Options options);
};

} // namespace sy
