#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace sy {

/**
 * An ordered list of HTTP header fields. Names are stored lower-cased (HTTP field names are
 * case-insensitive), values as received. Lookups are linear: requests carry a dozen headers,
 * for which a vector beats a hash.
 */
class HttpHeaders
{
public:
    using Field = QPair<QByteArray, QByteArray>;

    void add(QByteArrayView name, QByteArrayView value);
    /** Like add(), but shares @p name and @p value instead of copying them when @p name is already
        lower-case, which is the usual case on the wire. */
    void addShared(const QByteArray& name, const QByteArray& value);
    /** Replaces every field called @p name with one field. */
    void set(QByteArrayView name, QByteArrayView value);
    void remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    /** The first value of @p name, or an empty array. */
    QByteArray value(QByteArrayView name) const;
    /** Every value of @p name joined with ", ", as RFC 9110 allows for list-valued fields. */
    QByteArray combinedValue(QByteArrayView name) const;
    /** True when the comma-separated field @p name holds @p token (case-insensitive). */
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

    const QList<Field>& fields() const { return m_fields; }
    void reserve(qsizetype n) { m_fields.reserve(n); }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }

    /** The size of the "name: value\r\n" lines written on the wire, and writing them at @p at
        (which has room); returns their end. */
    qsizetype wireSize() const;
    char* writeTo(char* at) const;

    /** Field names must be RFC 9110 tokens, values must not contain CR, LF or NUL. */
    static bool isValidName(QByteArrayView name);
    static bool isValidValue(QByteArrayView value);

    /** @p value without the optional white space (spaces and tabs) around it. */
    static QByteArrayView trimmedOws(QByteArrayView value);
    /**
     * Calls @p f with each trimmed element of the comma-separated @p list, in place (no copies);
     * stops and returns false when @p f does.
     */
    template <typename F>
    static bool forEachListItem(QByteArrayView list, F f)
    {
        for (;;) {
            const qsizetype comma = list.indexOf(',');
            if (!f(trimmedOws(comma < 0 ? list : list.first(comma))))
                return false;
            if (comma < 0)
                return true;
            list = list.sliced(comma + 1);
        }
    }

private:
    QList<Field> m_fields;
};

} // namespace sy
