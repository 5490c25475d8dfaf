#pragma once

#include <QRegularExpression>
#include <QString>
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

/**
 * A text as the regex guardrails match it. Qt runs PCRE2 in UTF-16 mode, where a single lone
 * surrogate anywhere in the subject makes every match fail: one JSON escape of a lone surrogate in a prompt
 * would otherwise walk past every regex guardrail. Lone surrogates become U+FFFD, one code
 * unit for one, so offsets stay those of the original text; a valid text is not copied.
 */
class RegexSubject
{
public:
    explicit RegexSubject(QStringView text)
        : m_view(text)
    {
        if (!hasSurrogate(text))
            return;
        m_copy = text.toString();
        const qsizetype n = m_copy.size();
        char16_t* d = reinterpret_cast<char16_t*>(m_copy.data());
        for (qsizetype i = 0; i < n; ++i) {
            if (QChar::isHighSurrogate(d[i]) && i + 1 < n && QChar::isLowSurrogate(d[i + 1]))
                ++i; // a pair: one character
            else if (QChar::isSurrogate(d[i]))
                d[i] = QChar::ReplacementCharacter;
        }
        m_view = m_copy;
    }
    Q_DISABLE_COPY_MOVE(RegexSubject) // the view may point into the copy

    QStringView view() const { return m_view; }

private:
    // No early exit, so the compiler can test many units at a time: this runs on every text.
    static bool hasSurrogate(QStringView text)
    {
        char16_t any = 0;
        for (const QChar c : text)
            any |= char16_t((c.unicode() & 0xf800) == 0xd800);
        return any != 0;
    }

    QString m_copy;
    QStringView m_view;
};

} // namespace sy
