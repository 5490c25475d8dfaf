#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

struct z_stream_s;

namespace sy {

/**
 * Incremental decoder for the gzip and deflate content codings. Input may arrive in pieces of
 * any size, down to one byte; output is produced as soon as zlib can, so a compressed SSE stream
 * still flows event by event. "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2) but
 * servers often send raw deflate, so a stream that fails the header check is retried as raw.
 */
class ContentDecoder
{
public:
    enum class Result
    {
        Ok,
        Corrupt,
        TooLarge,
    };

    /** True for the codings this class decodes: gzip, x-gzip, deflate (case-insensitive). */
    static bool supports(QByteArrayView contentEncoding);

    /** @p maxOutputPerCall bounds one decode() call's output, a guard against decompression bombs. */
    explicit ContentDecoder(qint64 maxOutputPerCall = qint64(256) * 1024 * 1024);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder&) = delete;
    ContentDecoder& operator=(const ContentDecoder&) = delete;

    /** Decodes @p input and appends the result to @p out. */
    Result decode(QByteArrayView input, QByteArray& out);
    /** The body ended: Corrupt when the compressed stream was cut short. */
    Result finish();
    QString errorString() const { return m_error; }

private:
    Result inflateSome(QByteArrayView input, QByteArray& out);
    bool restartAsRawDeflate();
    Result failWith(Result result, const char* what);

    std::unique_ptr<z_stream_s> m_stream;
    qint64 m_maxOutput;
    bool m_valid = false;
    bool m_raw = false;
    bool m_streamEnded = false;
    bool m_sawInput = false;
    /** Input kept until the first output byte, so it can be replayed as raw deflate. */
    QByteArray m_probe;
    bool m_probing = true;
    QString m_error;
};

} // namespace sy
