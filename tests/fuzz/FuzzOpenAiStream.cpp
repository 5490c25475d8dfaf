#include "FuzzDialect.h"

// The translators of OpenAI chat completions (and legacy completions, embeddings): its backends' streams and answers,
// its clients' requests (FuzzDialect.h).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static sy::fuzz::DialectFuzzer fuzzer(
        sy::Dialect::OpenAi, {sy::Endpoint::ChatCompletions, sy::Endpoint::Completions, sy::Endpoint::Embeddings});
    return fuzzer.run(data, size);
}
