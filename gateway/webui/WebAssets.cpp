#include "gateway/webui/WebAssets.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace sy {

WebAssets::WebAssets(const QString& root)
{
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        WebAsset asset;
        asset.body = f.readAll();
        asset.contentType = contentTypeOf(file);
        asset.etag = '"' + QCryptographicHash::hash(asset.body, QCryptographicHash::Sha256).toHex().left(24) + '"';
        const QByteArray packed = gzip(asset.body);
        if (!packed.isEmpty() && packed.size() < asset.body.size())
            asset.gzipped = packed;
        m_files.insert(file.mid(root.size() + 1), asset);
    }
}

const WebAsset* WebAssets::find(const QString& path) const
{
    const auto it = m_files.constFind(path);
    return it == m_files.cend() ? nullptr : &*it;
}

QByteArray WebAssets::contentTypeOf(const QString& name)
{
    if (name.endsWith(u".html"))
        return "text/html; charset=utf-8";
    if (name.endsWith(u".js") || name.endsWith(u".mjs"))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(u".css"))
        return "text/css; charset=utf-8";
    if (name.endsWith(u".svg"))
        return "image/svg+xml";
    if (name.endsWith(u".png"))
        return "image/png";
    if (name.endsWith(u".json"))
        return "application/json";
    if (name.endsWith(u".txt") || name.endsWith(u"LICENSE"))
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

QByteArray WebAssets::gzip(const QByteArray& data)
{
    z_stream z{};
    // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace sy
