#include "tests/support/GzipDecoder.h"

#include <zlib.h>

namespace sy::testing {

struct GzipDecoder::Stream
{
    z_stream z{};
    bool finished = false;
    bool error = false;
};

GzipDecoder::GzipDecoder()
    : m_stream(std::make_unique<Stream>())
{
    // windowBits 15 + 32: accept both gzip and zlib headers.
    inflateInit2(&m_stream->z, 15 + 32);
}

GzipDecoder::~GzipDecoder()
{
    inflateEnd(&m_stream->z);
}

QByteArray GzipDecoder::decode(const QByteArray& data, bool* ok)
{
    z_stream& z = m_stream->z;
    QByteArray out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = static_cast<uInt>(data.size());
    while (!m_stream->finished && !m_stream->error && (z.avail_in > 0 || z.avail_out == 0)) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof(buffer);
        const int rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, static_cast<qsizetype>(sizeof(buffer) - z.avail_out));
        if (rc == Z_STREAM_END)
            m_stream->finished = true;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            m_stream->error = true;
        else if (rc == Z_BUF_ERROR)
            break;
    }
    if (ok)
        *ok = !m_stream->error;
    return out;
}

bool GzipDecoder::isFinished() const
{
    return m_stream->finished;
}

bool GzipDecoder::hasError() const
{
    return m_stream->error;
}

QByteArray GzipDecoder::gunzip(const QByteArray& data, bool* ok)
{
    GzipDecoder decoder;
    bool good = false;
    QByteArray out = decoder.decode(data, &good);
    if (ok)
        *ok = good && decoder.isFinished();
    return out;
}

} // namespace sy::testing
