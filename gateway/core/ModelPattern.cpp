#include "gateway/core/ModelPattern.h"

namespace sy::ModelPattern {

namespace {

// Matches @p rest against the pieces from @p piece on, each preceded by a star, collecting what
// each star covers. A star stands for at least one character ("openai/" asks for no model) and
// takes as little as it can; a miss further on backtracks.
bool matchStars(const QStringList& pieces, qsizetype piece, QStringView rest, QStringList& parts)
{
    const QString& literal = pieces.at(piece);
    if (piece == pieces.size() - 1) {
        if (rest.size() <= literal.size() || !rest.endsWith(literal))
            return false;
        parts.append(rest.left(rest.size() - literal.size()).toString());
        return true;
    }
    for (qsizetype take = 1; take + literal.size() <= rest.size(); ++take) {
        if (!rest.mid(take).startsWith(literal))
            continue;
        parts.append(rest.left(take).toString());
        if (matchStars(pieces, piece + 1, rest.mid(take + literal.size()), parts))
            return true;
        parts.removeLast();
    }
    return false;
}

} // namespace

bool isPattern(const QString& text)
{
    return text.contains(u'*');
}

std::optional<QStringList> match(const QString& pattern, const QString& name)
{
    // "a*b*c" → pieces "a", "b", "c": the first must lead, the last must end, stars between.
    const QStringList pieces = pattern.split(u'*');
    if (!name.startsWith(pieces.first()))
        return std::nullopt;
    QStringList parts;
    if (pieces.size() == 1)
        return name == pattern ? std::optional(parts) : std::nullopt;
    if (!matchStars(pieces, 1, QStringView(name).mid(pieces.first().size()), parts))
        return std::nullopt;
    return parts;
}

QString fill(const QString& model, const QStringList& parts)
{
    QString out;
    qsizetype next = 0;
    for (const QChar c : model) {
        if (c == u'*')
            out += parts.value(next++);
        else
            out += c;
    }
    return out;
}

qsizetype specificity(const QString& pattern)
{
    return pattern.size() - pattern.count(u'*');
}

} // namespace sy::ModelPattern
