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
    JsonWriter() = default;
    // A copy would share the buffer this writes into.
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    /** The next member's name (inside an object). */
    JsonWriter& key(QByteArrayView name);
    /** A name written as a literal in the code: its escape test folds away when compiled. */
    template <qsizetype N>
    JsonWriter& key(const char (&literal)[N])
    {
        literalItem(literal, N - 1, true);
        m_afterKey = true;
        return *this;
    }

    JsonWriter& string(QStringView text);
    /** @p utf8 must be valid UTF-8. */
    JsonWriter& stringUtf8(QByteArrayView utf8);
    /** A value written as a literal in the code, the same way. */
    template <qsizetype N>
    JsonWriter& stringUtf8(const char (&literal)[N])
    {
        literalItem(literal, N - 1, false);
        return *this;
    }
    JsonWriter& number(qint64 value);
    JsonWriter& number(double value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    /** A value that is already JSON text (e.g. a span copied from a request). */
    JsonWriter& raw(QByteArrayView json);

    /** Room for @p size bytes, when the caller knows about how long the text gets. */
    void reserve(qsizetype size);
    /** The text so far. */
    QByteArrayView bytes() const { return {m_out.constData(), m_used}; }
    QByteArray take();

    /** Appends @p utf8 to @p out as a quoted JSON string. */
    static void appendQuoted(QByteArray& out, QByteArrayView utf8);

private:
    /** Hands out the next @p n bytes of the buffer for the caller to fill. */
    char* room(qsizetype n)
    {
        if (m_out.size() - m_used < n)
            makeRoom(n);
        char* at = m_data + m_used;
        m_used += n;
        return at;
    }
    void makeRoom(qsizetype n);
    void put(char c) { *room(1) = c; }
    void put(QByteArrayView bytes);
    void separate();
    /** Whether the next value needs a ',' before it; marks the container as no longer empty. */
    bool takeComma();
    /** Writes [','] '"' @p utf8 '"' [':'], escaped as needed, in one piece. */
    void quotedItem(QByteArrayView utf8, bool asKey);
    /** quotedItem() for text that needs no escaping. */
    void plainItem(QByteArrayView plain, bool asKey);
    // Inline, so that for a literal the compiler can decide the test once, at build time.
    void literalItem(const char* text, qsizetype size, bool asKey)
    {
        for (qsizetype i = 0; i < size; ++i) {
            if (static_cast<unsigned char>(text[i]) < 0x20 || text[i] == '"' || text[i] == '\\')
                return quotedItem(QByteArrayView(text, size), asKey);
        }
        plainItem(QByteArrayView(text, size), asKey);
    }

    // Written through m_data, past QByteArray's append (aliasing, detach and growth checks per
    // call); m_out is sized ahead, and its bytes past m_used are not text yet.
    QByteArray m_out;
    char* m_data = nullptr;
    qsizetype m_used = 0;
    QVarLengthArray<bool, 16> m_first; ///< per open object or array: nothing written in it yet
    bool m_afterKey = false;
};

} // namespace sy
