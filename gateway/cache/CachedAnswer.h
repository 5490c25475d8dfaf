#pragma once

#include "gateway/dialects/ChatDelta.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * What the cache keeps of one answer, in the common vocabulary so that a hit replays in any
 * client dialect: a chat answer as a ChatCompletion (text, reasoning, tool calls, finish
 * reason, usage), anything else (embeddings, legacy completions) as OpenAI's JSON body, which
 * each dialect translates with fromOpenAiWhole. Stored as compact JSON, the same bytes in
 * memory and in Redis.
 */
struct CachedAnswer
{
    enum class Kind
    {
        Chat,
        OpenAiBody,
    };

    Kind kind = Kind::Chat;
    ChatCompletion chat;
    QByteArray body; ///< OpenAiBody: the backend's answer in OpenAI's API
    qint64 storedAtMs = 0; ///< wall clock (ms since the epoch) when it was stored, for s-maxage

    QByteArray serialize() const;
    /** nullopt for bytes that are not a stored answer (another version, a foreign key). */
    static std::optional<CachedAnswer> parse(const QByteArray& bytes);
};

} // namespace sy
