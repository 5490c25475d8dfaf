#include "FuzzInput.h"
#include "gateway/upstream/HttpResponseParser.h"

#include <cstdlib>

// The parser of backends' responses: a backend (or whatever answers at its address) controls
// every byte.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    sy::fuzz::FuzzInput input(data, size);
    const uint8_t flags = input.choice();
    const uint8_t split = input.choice();
    sy::HttpResponseParser parser;
    parser.reset(flags & 1);
    bool over = false;
    qint64 bodyBytes = 0;
    sy::fuzz::FuzzInput::inPieces(input.rest(), split, [&](QByteArrayView piece) {
        QByteArrayView in = piece;
        while (!over) {
            QByteArrayView body;
            const qsizetype before = in.size();
            switch (parser.parse(in, body)) {
            case sy::HttpResponseParser::Event::NeedMore:
                if (!in.isEmpty())
                    std::abort(); // NeedMore means all of it was taken
                return;
            case sy::HttpResponseParser::Event::Body:
                bodyBytes += body.size();
                if (body.isEmpty() && in.size() == before)
                    std::abort(); // no progress
                break;
            case sy::HttpResponseParser::Event::Head:
                if (parser.status() < 100 || parser.status() > 999)
                    std::abort();
                break;
            case sy::HttpResponseParser::Event::Complete:
            case sy::HttpResponseParser::Event::Error:
                over = true;
                return;
            }
        }
    });
    if (!over && (flags & 2))
        parser.finish(); // the connection closed
    if (bodyBytes < 0)
        std::abort();
    return 0;
}
