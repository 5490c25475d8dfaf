#pragma once

#include <QByteArray>

#include <memory>

namespace sy::testing {

/** Streaming gzip/zlib decompressor (format auto-detected); feed it bytes as they arrive. */
class GzipDecoder
{
public:
    GzipDecoder();
    ~GzipDecoder();
    GzipDecoder(const GzipDecoder&) = delete;
    GzipDecoder& operator=(const GzipDecoder&) = delete;

    // Returns the bytes decodable so far; sets `ok` to false on corrupt input.
    QByteArray decode(const QByteArray& data, bool* ok = nullptr);
    bool isFinished() const;
    bool hasError() const;

    // One-shot decode of a whole body; `ok` is false when the input is corrupt or truncated.
    static QByteArray gunzip(const QByteArray& data, bool* ok = nullptr);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
};

} // namespace sy::testing
