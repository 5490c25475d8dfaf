#include "gateway/core/Dialect.h"

namespace sy {

QByteArray dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::OpenAi:
        return QByteArrayLiteral("openai");
    case Dialect::Anthropic:
        return QByteArrayLiteral("anthropic");
    case Dialect::Responses:
        return QByteArrayLiteral("responses");
    case Dialect::Ollama:
        return QByteArrayLiteral("ollama");
    }
    return QByteArrayLiteral("openai");
}

bool dialectFromName(QByteArrayView name, Dialect* out)
{
    const QByteArray lower = name.toByteArray().trimmed().toLower();
    if (lower == "openai" || lower == "chat")
        *out = Dialect::OpenAi;
    else if (lower == "anthropic" || lower == "messages")
        *out = Dialect::Anthropic;
    else if (lower == "responses")
        *out = Dialect::Responses;
    else if (lower == "ollama")
        *out = Dialect::Ollama;
    else
        return false;
    return true;
}

} // namespace sy
