#include "FuzzInput.h"
#include "gateway/http/RequestFramer.h"

#include <cstdlib>

// The client-facing HTTP/1.x framer: every byte a client sends passes through it first.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    sy::fuzz::FuzzInput input(data, size);
    const uint8_t split = input.choice();
    sy::RequestFramer framer(sy::RequestFramer::Limits{4096, 64 * 1024});
    bool failed = false;
    sy::fuzz::FuzzInput::inPieces(input.rest(), split, [&](QByteArrayView piece) {
        const char* p = piece.data();
        qsizetype left = piece.size();
        while (!failed) {
            const sy::RequestFramer::Step step = framer.feed(p, left);
            if (step.consumed < 0 || step.consumed > left)
                std::abort(); // it must never claim bytes it was not given
            p += step.consumed;
            left -= step.consumed;
            if (step.event == sy::RequestFramer::Event::Failed)
                failed = true;
            else if (step.event == sy::RequestFramer::Event::NeedMore)
                break;
            else if (step.event == sy::RequestFramer::Event::HeadComplete && framer.head().contentLength < 0)
                std::abort();
        }
    });
    if (failed && sy::RequestFramer::statusFor(framer.error()) < 400)
        std::abort();
    return 0;
}
