#pragma once

#include <QByteArray>
#include <QList>

namespace sy::testing {

/** What the mock needs from an OpenAI request body, found without building a JSON DOM. */
struct RequestBodyInfo
{
    QByteArray model; // the raw JSON string token including quotes (still escaped), or empty
    QByteArray mock; // the raw JSON text of the "mock" object, or empty
    bool stream = false;
    bool streamGiven = false; // "stream" was in the body (Ollama streams unless told not to)
    bool includeUsage = false;
    int promptWords = 0; // whitespace-separated words in messages[].content, prompt and input
    QList<QByteArray> inputs; // embeddings: one raw (escaped) text per input (or prompt)
    bool base64Embeddings = false; // encoding_format "base64", as the openai SDKs ask by default
};

} // namespace sy::testing
