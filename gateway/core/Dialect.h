#pragma once

#include <QByteArray>
#include <QFlags>

namespace sy {

/**
 * The wire APIs ("dialects") clients and backends speak. A client's request arrives in one of
 * them; a deployment speaks one or more natively (Deployment::dialects). Where the two meet the
 * request passes through byte for byte (but `model`); otherwise it is translated through OpenAI
 * chat, the gateway's common language (gateway/dialects/).
 */
enum class Dialect : quint8
{
    OpenAi = 0x1, ///< /v1/chat/completions, /v1/completions, /v1/embeddings
    Anthropic = 0x2, ///< /v1/messages
    Responses = 0x4, ///< OpenAI's /v1/responses
    Ollama = 0x8, ///< Ollama's /api/chat, /api/generate, /api/embed
};
Q_DECLARE_FLAGS(Dialects, Dialect)
Q_DECLARE_OPERATORS_FOR_FLAGS(Dialects)

/** "openai", "anthropic", "responses", "ollama": for config, records, metrics and logs. */
QByteArray dialectName(Dialect dialect);
/** The inverse of dialectName(); also accepts "messages" for Anthropic and "chat" for OpenAI. */
bool dialectFromName(QByteArrayView name, Dialect* out);

} // namespace sy
