#include "FuzzDialect.h"

// The translators of Anthropic Messages: its backends' streams and answers, its clients'
// requests (FuzzDialect.h).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static sy::fuzz::DialectFuzzer fuzzer(sy::Dialect::Anthropic,
                                          {sy::Endpoint::Messages, sy::Endpoint::MessagesCountTokens});
    return fuzzer.run(data, size);
}
