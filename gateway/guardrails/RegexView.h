#pragma once

#include <QRegularExpression>
#include <QStringView>
#include <QtGlobal>

namespace sy {

// Qt 6.5 renamed the QStringView overloads (matchView, globalMatchView) and 6.8 deprecates the
// old names; this builds on 6.4 and 6.8 alike.
inline QRegularExpressionMatch matchIn(const QRegularExpression& re, QStringView text, qsizetype from = 0)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return re.matchView(text, from);
#else
    return re.match(text, from);
#endif
}

inline QRegularExpressionMatchIterator matchAllIn(const QRegularExpression& re, QStringView text)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return re.globalMatchView(text);
#else
    return re.globalMatch(text);
#endif
}

} // namespace sy
