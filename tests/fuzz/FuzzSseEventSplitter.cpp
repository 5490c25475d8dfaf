#include "FuzzInput.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <cstdlib>

// Splits a backend's event stream into events; its input is whatever the backend streams.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    sy::fuzz::FuzzInput input(data, size);
    const uint8_t split = input.choice();
    const QByteArray all = input.rest();
    sy::SseEventSplitter splitter;
    qsizetype out = 0;
    sy::fuzz::FuzzInput::inPieces(all, split, [&](QByteArrayView piece) {
        for (const QByteArray& event : splitter.feed(piece.toByteArray()))
            out += event.size();
    });
    out += splitter.takeRemainder().size();
    if (out > all.size())
        std::abort(); // events are cut from the input, never made up
    return 0;
}
