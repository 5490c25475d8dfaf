#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace sy {

/** One file of the web UI, ready to send. */
struct WebAsset
{
    QByteArray body;
    QByteArray gzipped; ///< empty when gzip would not make it smaller
    QByteArray contentType;
    QByteArray etag; ///< quoted, from the content
};

/**
 * The web UI's files (resources/web, compiled into the binary as Qt resources), read and
 * gzipped once when the gateway starts: serving one is a hash lookup, no disk and no work on
 * the gateway thread.
 */
class WebAssets
{
public:
    /** Reads every file under @p root (a resource path such as ":/web"). */
    explicit WebAssets(const QString& root = QStringLiteral(":/web"));

    /** The file at @p path relative to the root ("index.html", "vendor/uPlot.min.css"), or null. */
    const WebAsset* find(const QString& path) const;
    qsizetype size() const { return m_files.size(); }

    static QByteArray contentTypeOf(const QString& name);
    static QByteArray gzip(const QByteArray& data);

private:
    QHash<QString, WebAsset> m_files;
};

} // namespace sy
