#include "FuzzDialect.h"

// The translators of Ollama's API (NDJSON streams): its backends' streams and answers, its clients'
// requests (FuzzDialect.h).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static sy::fuzz::DialectFuzzer fuzzer(sy::Dialect::Ollama,
                                          {sy::Endpoint::OllamaChat,
                                           sy::Endpoint::OllamaGenerate,
                                           sy::Endpoint::OllamaEmbed,
                                           sy::Endpoint::OllamaEmbeddings});
    return fuzzer.run(data, size);
}
