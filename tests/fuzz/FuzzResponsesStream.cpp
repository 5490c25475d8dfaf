#include "FuzzDialect.h"

// The translators of OpenAI Responses: its backends' streams and answers, its clients'
// requests (FuzzDialect.h).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static sy::fuzz::DialectFuzzer fuzzer(sy::Dialect::Responses, {sy::Endpoint::Responses});
    return fuzzer.run(data, size);
}
