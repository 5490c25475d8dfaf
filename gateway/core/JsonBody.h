#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace sy {

/**
 * A validated JSON request body with the byte spans of its top-level members, so the gateway
 * can read `model`, `stream` and `stream_options` and rewrite only those bytes: everything
 * else is forwarded exactly as the client sent it (key order, whitespace, number spelling).
 * Validation is strict RFC 8259 and runs in one pass without building a DOM, which matters for
 * 32 MiB bodies on the gateway thread.
 */
class JsonBody
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    };

    struct Span
    {
        qsizetype begin = 0; ///< first byte of the value
        qsizetype end = 0; ///< one past its last byte
        Type type = Type::Null;
    };

    /** Parses @p body; on failure returns nullopt and sets @p error (with a byte offset). */
    static std::optional<JsonBody> parse(const QByteArray& body, QString* error);
    /** Whether @p body is a JSON object, checked as parse() does without keeping anything. */
    static bool isValid(const QByteArray& body);

    bool has(QByteArrayView key) const { return find(key) != nullptr; }
    std::optional<Span> member(QByteArrayView key) const;
    /** The decoded string value of top-level member @p key, if it is a string. */
    std::optional<QString> string(QByteArrayView key) const;
    std::optional<bool> boolean(QByteArrayView key) const;
    /** The value of @p key if it is a JSON number without fraction or exponent. */
    std::optional<qint64> integer(QByteArrayView key) const;
    /** The raw JSON text of @p key's value. */
    QByteArrayView raw(QByteArrayView key) const;
    /** Parses the object value of @p key (e.g. stream_options) as a JsonBody of its own. */
    std::optional<JsonBody> object(QByteArrayView key) const;
    /** The value of @p key if it is a number, integral or not. */
    std::optional<double> number(QByteArrayView key) const;

    // Nested values, read without building a DOM: stream translators use these on every chunk.
    /** The element spans of the array value of @p key; empty when it is absent or not an array. */
    QList<Span> elements(QByteArrayView key) const;
    /** The elements of the array at @p span (a span into bytes(), e.g. from member()). */
    QList<Span> elementsAt(const Span& span) const;
    /** The object at @p span, parsed as a JsonBody of its own; nullopt unless an object. */
    std::optional<JsonBody> objectAt(const Span& span) const;
    /** The decoded string at @p span; empty unless a string. */
    QString stringAt(const Span& span) const;
    /** The raw JSON text at @p span. */
    QByteArrayView rawAt(const Span& span) const;

    const QByteArray& bytes() const { return m_bytes; }
    /** The span of the whole top-level object, braces included. */
    Span self() const { return m_self; }

    /**
     * Returns the body with @p key's value replaced by @p json, or the member appended at the
     * end of the object when absent. @p json must be valid JSON.
     */
    QByteArray withMember(QByteArrayView key, QByteArrayView json) const;
    /** Returns the body with each of @p members the object lacks appended; present keys are kept. */
    QByteArray withMissingMembers(const QList<QPair<QByteArray, QByteArray>>& members) const;
    /** Returns the body without the top-level members named in @p keys (every occurrence); the
        rest stays byte for byte. */
    QByteArray withoutMembers(const QList<QByteArrayView>& keys) const;
    /**
     * Both at once, in one copy: each of @p set replaces its member's value (or is appended), and
     * each of @p defaults the object lacks (and @p set does not name) is appended. Values are
     * valid JSON text. The rest of the body is kept byte for byte.
     */
    QByteArray withMembers(const QList<QPair<QByteArray, QByteArray>>& set,
                           const QList<QPair<QByteArray, QByteArray>>& defaults = {}) const;

    static QByteArray quoted(const QString& text);
    /** The type of the (valid) JSON value whose first byte is @p first. */
    static Type typeOf(char first);
    /** Decodes the inside of a valid JSON string (without its quotes). */
    static QString decodeString(QByteArrayView raw);

    struct Member
    {
        /** The decoded name: a view of the body's own bytes (or, for a name written with escapes,
            of a decoded copy the body keeps), valid as long as the body or a copy of it lives. */
        QByteArrayView key;
        Span value;
    };
    using Members = QVarLengthArray<Member, 12>;
    /** The top-level members in document order. */
    const Members& members() const { return m_members; }

private:
    const Member* find(QByteArrayView key) const;

    // Never modified after parse(): members' keys point into it.
    QByteArray m_bytes;
    Span m_self;
    // Request bodies have a handful of top-level members: a linear scan beats hashing them.
    Members m_members;
    QList<QByteArray> m_escapedKeys; ///< decoded names that were written with escapes (rare)
};

} // namespace sy
