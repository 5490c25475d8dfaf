#include "tests/support/GzipEncoder.h"

#include <zlib.h>

namespace sy::testing {

struct GzipEncoder::Stream
{
    z_stream z{};
    bool finished = false;
};

GzipEncoder::GzipEncoder()
    : m_stream(std::make_unique<Stream>())
{
    // windowBits 15 + 16 selects the gzip wrapper; memLevel 8 is zlib's default.
    deflateInit2(&m_stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

GzipEncoder::~GzipEncoder()
{
    deflateEnd(&m_stream->z);
}

QByteArray GzipEncoder::compress(const QByteArray& data, bool finish)
{
    if (m_stream->finished)
        return {};
    z_stream& z = m_stream->z;
    QByteArray out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = static_cast<uInt>(data.size());
    const int flush = finish ? Z_FINISH : Z_SYNC_FLUSH;
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof(buffer);
        rc = deflate(&z, flush);
        out.append(buffer, static_cast<qsizetype>(sizeof(buffer) - z.avail_out));
    } while (z.avail_out == 0 || (finish && rc == Z_OK));
    m_stream->finished = finish;
    return out;
}

QByteArray GzipEncoder::gzip(const QByteArray& data)
{
    GzipEncoder encoder;
    return encoder.compress(data, true);
}

} // namespace sy::testing
