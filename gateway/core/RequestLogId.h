#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringView>

namespace sy {

namespace detail {

inline QChar toQChar(QChar c)
{
    return c;
}

inline QChar toQChar(char c)
{
    return QLatin1Char(c);
}

template <class Chars>
QString requestLogId(const Chars& instance, quint64 requestId)
{
    constexpr int kDigits = 10;
    char digits[20]; // quint64 has at most 20
    int n = 0;
    do {
        digits[n++] = char('0' + requestId % 10);
        requestId /= 10;
    } while (requestId);
    const int width = qMax(kDigits, n);
    // One allocation, filled in place: this runs for every request.
    QString id(instance.size() + 1 + width, Qt::Uninitialized);
    QChar* out = id.data();
    for (const auto c : instance)
        *out++ = toQChar(c);
    *out++ = u'-';
    for (int pad = width - n; pad > 0; --pad)
        *out++ = u'0';
    while (n > 0)
        *out++ = QLatin1Char(digits[--n]);
    return id;
}

} // namespace detail

/**
 * The usage log's request_id of request @p requestId (the instance's counter from 1) made by
 * instance @p instance: "<instance>-<counter>", the counter zero-padded to ten digits. Padded, one
 * instance's ids sort in the order the requests were made; the log's primary key is this text,
 * so each row then lands on the last page of its index instead of on any page of it (a large log
 * no longer reads and writes back pages all over the index; bench/README.md, "Fourteenth pass").
 */
inline QString requestLogId(QStringView instance, quint64 requestId)
{
    return detail::requestLogId(instance, requestId);
}

inline QString requestLogId(QLatin1StringView instance, quint64 requestId)
{
    return detail::requestLogId(instance, requestId);
}

} // namespace sy
