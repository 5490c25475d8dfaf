#pragma once

#include <QByteArray>

#include <memory>

namespace sy::testing {

/**
 * Streaming gzip compressor. compress() with a sync flush emits a byte-aligned block after every
 * call, so an SSE event is decodable as soon as it arrives: that is what forces a client's decoder
 * to be incremental rather than buffer-then-gunzip.
 */
class GzipEncoder
{
public:
    GzipEncoder();
    ~GzipEncoder();
    GzipEncoder(const GzipEncoder&) = delete;
    GzipEncoder& operator=(const GzipEncoder&) = delete;

    // Compresses `data`; `finish` writes the gzip trailer, otherwise a Z_SYNC_FLUSH block ends the output.
    QByteArray compress(const QByteArray& data, bool finish);

    // One-shot gzip of a whole body.
    static QByteArray gzip(const QByteArray& data);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
};

} // namespace sy::testing
