#include "gateway/upstream/ContentDecoder.h"

#define ZLIB_CONST
#include <zlib.h>

#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kOutputStep = 16 * 1024;
// A gzip header with a long file name is the most we may need to see before any output.
constexpr qsizetype kMaxProbe = 64 * 1024;

} // namespace

bool ContentDecoder::supports(QByteArrayView contentEncoding)
{
    return contentEncoding.compare("gzip", Qt::CaseInsensitive) == 0
        || contentEncoding.compare("x-gzip", Qt::CaseInsensitive) == 0
        || contentEncoding.compare("deflate", Qt::CaseInsensitive) == 0;
}

ContentDecoder::ContentDecoder(qint64 maxOutputPerCall)
    : m_stream(std::make_unique<z_stream_s>())
    , m_maxOutput(maxOutputPerCall)
{
    // 15 + 32: maximum window, and let zlib detect a gzip or zlib header by itself.
    m_valid = inflateInit2(m_stream.get(), 15 + 32) == Z_OK;
    if (!m_valid)
        m_error = u"zlib initialisation failed"_s;
}

ContentDecoder::~ContentDecoder()
{
    if (m_valid)
        inflateEnd(m_stream.get());
}

ContentDecoder::Result ContentDecoder::decode(QByteArrayView input, QByteArray& out)
{
    if (!m_valid)
        return Result::Corrupt;
    if (input.isEmpty())
        return Result::Ok;
    m_sawInput = true;
    if (m_probing) {
        m_probe.append(input);
        m_probing = m_probe.size() <= kMaxProbe;
        if (!m_probing)
            m_probe.clear();
    }
    const qsizetype before = out.size();
    Result result = inflateSome(input, out);
    if (result == Result::Corrupt && m_probing && !m_raw && out.size() == before) {
        // Nothing decoded yet, so replay everything seen so far as raw deflate.
        if (!restartAsRawDeflate())
            return Result::Corrupt;
        m_probing = false;
        const QByteArray replay = std::exchange(m_probe, {});
        result = inflateSome(replay, out);
    }
    if (out.size() > before) {
        m_probing = false;
        m_probe.clear();
    }
    return result;
}

ContentDecoder::Result ContentDecoder::inflateSome(QByteArrayView input, QByteArray& out)
{
    z_stream_s& z = *m_stream;
    const qsizetype start = out.size();
    while (!input.isEmpty()) {
        if (m_streamEnded) {
            // More data after the end: another gzip member (RFC 1952 allows several).
            inflateReset(&z);
            m_streamEnded = false;
        }
        const auto step = static_cast<uInt>(qMin<qsizetype>(input.size(), std::numeric_limits<uInt>::max()));
        z.next_in = reinterpret_cast<const Bytef*>(input.data());
        z.avail_in = step;
        int rc = Z_OK;
        do {
            const qsizetype used = out.size();
            out.resize(used + kOutputStep);
            z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
            z.avail_out = kOutputStep;
            rc = inflate(&z, Z_NO_FLUSH);
            out.resize(out.size() - z.avail_out);
            if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR)
                return failWith(Result::Corrupt, z.msg ? z.msg : "invalid compressed data");
            if (out.size() - start > m_maxOutput)
                return failWith(Result::TooLarge, "decoded body exceeds the size limit");
        } while (rc == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
        m_streamEnded = rc == Z_STREAM_END;
        const qsizetype consumed = step - z.avail_in;
        if (consumed == 0 && !m_streamEnded)
            return failWith(Result::Corrupt, "decoder made no progress");
        input = input.sliced(consumed);
    }
    return Result::Ok;
}

bool ContentDecoder::restartAsRawDeflate()
{
    inflateEnd(m_stream.get());
    *m_stream = z_stream_s{};
    m_valid = inflateInit2(m_stream.get(), -15) == Z_OK;
    m_raw = true;
    m_error.clear();
    return m_valid;
}

ContentDecoder::Result ContentDecoder::finish()
{
    if (!m_valid)
        return Result::Corrupt;
    if (m_sawInput && !m_streamEnded)
        return failWith(Result::Corrupt, "compressed body ends before the end of the stream");
    return Result::Ok;
}

ContentDecoder::Result ContentDecoder::failWith(Result result, const char* what)
{
    m_error = u"cannot decode upstream body: "_s + QString::fromLatin1(what);
    return result;
}

} // namespace sy
