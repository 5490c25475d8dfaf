#include "FuzzInput.h"
#include "gateway/http/RequestFramer.h"

#include <cstdlib>

// The client-facing HTTP/1.x parser: every byte a client sends passes through it. Besides never
// reading out of bounds, each request it completes must be what the framing said: a body of the
// declared length, valid header fields, a path that starts the URL and holds no raw non-ASCII.
namespace {

void checkRequest(const sy::RequestFramer::Head& head, const sy::HttpRequest& request)
{
    if (!head.chunked && request.body.size() != head.contentLength)
        std::abort();
    if (request.body.size() > 64 * 1024 || request.method != head.method)
        std::abort();
    for (const auto& [name, value] : request.headers.fields()) {
        if (!sy::HttpHeaders::isValidName(name) || !sy::HttpHeaders::isValidValue(value) || name != name.toLower())
            std::abort();
    }
    for (const QByteArray* part : {&request.path, &request.query}) {
        for (char c : *part) {
            if (static_cast<unsigned char>(c) >= 0x80 || c == '#')
                std::abort();
        }
    }
    if (request.path.contains('?'))
        std::abort();
}

} // namespace

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
            else if (step.event == sy::RequestFramer::Event::MessageComplete)
                checkRequest(framer.head(), framer.takeRequest());
        }
    });
    if (failed && sy::RequestFramer::statusFor(framer.error()) < 400)
        std::abort();
    return 0;
}
