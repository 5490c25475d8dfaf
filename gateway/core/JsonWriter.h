#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QVarLengthArray>

namespace sy {

/**
 * Writes compact JSON straight into a byte array: no DOM, no key sorting. The stream
 * translators build one small event per token with it, where a QJsonObject would allocate a
 * tree and a map per event. The caller keeps begin/end balanced; keys are written as given.
 *
 *   JsonWriter w;
 *   w.beginObject().key("type").string(u"ping").endObject();
 *   QByteArray json = w.take(); // {"type":"ping"}
 */
class JsonWriter
{
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    /** The next member's name (inside an object). */
    JsonWriter& key(QByteArrayView name);

    JsonWriter& string(QStringView text);
    /** @p utf8 must be valid UTF-8. */
    JsonWriter& stringUtf8(QByteArrayView utf8);
    JsonWriter& number(qint64 value);
    JsonWriter& number(double value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    /** A value that is already JSON text (e.g. a span copied from a request). */
    JsonWriter& raw(QByteArrayView json);

    /** Room for @p size bytes, when the caller knows about how long the text gets. */
    void reserve(qsizetype size) { m_out.reserve(size); }
    const QByteArray& bytes() const { return m_out; }
    QByteArray take() { return std::exchange(m_out, {}); }

    /** Appends @p utf8 to @p out as a quoted JSON string. */
    static void appendQuoted(QByteArray& out, QByteArrayView utf8);

private:
    void separate();
    /** Whether the next value needs a ',' before it; marks the container as no longer empty. */
    bool takeComma();
    /** Writes [','] '"' @p utf8 '"' [':'] in one piece when @p utf8 needs no escaping. */
    void quotedItem(QByteArrayView utf8, bool asKey);
    /** Appends @p utf8 quoted, escaping from byte @p plain on (the bytes before need none). */
    static void appendEscaped(QByteArray& out, QByteArrayView utf8, qsizetype plain);

    QByteArray m_out;
    QVarLengthArray<bool, 16> m_first; ///< per open object or array: nothing written in it yet
    bool m_afterKey = false;
};

} // namespace sy
