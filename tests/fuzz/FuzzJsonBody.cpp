#include "FuzzInput.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/TokenUsage.h"

#include <cstdlib>

// Request bodies (any client) and response bodies and stream chunks (any backend): the strict
// one-pass validator, member access, the in-place rewrites and the usage reader.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QString error;
    const std::optional<sy::JsonBody> body = sy::JsonBody::parse(bytes, &error);
    if (!body)
        return 0;
    for (const char* key : {"model", "stream", "stream_options", "usage", "messages", "max_tokens"}) {
        if (const auto span = body->member(key); span && (span->begin < 0 || span->end > bytes.size()))
            std::abort();
        body->string(key);
        body->boolean(key);
        body->integer(key);
        body->raw(key);
        if (const auto inner = body->object(key))
            inner->integer("prompt_tokens");
    }
    if (const auto usage = sy::TokenUsage::fromResponse(*body)) {
        if (usage->promptTokens < 0 || usage->completionTokens < 0 || usage->totalTokens() < 0)
            std::abort(); // validated counts are never negative
    }
    // The gateway's rewrites must keep the body valid JSON.
    const QByteArray renamed = body->withMember("model", sy::JsonBody::quoted(QStringLiteral("backend/model")));
    const QByteArray withDefaults = body->withMissingMembers({{"temperature", "0.5"}, {"stream_options", "{}"}});
    if (!sy::JsonBody::parse(renamed, nullptr) || !sy::JsonBody::parse(withDefaults, nullptr))
        std::abort();
    return 0;
}
