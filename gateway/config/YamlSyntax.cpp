#include "gateway/config/YamlSyntax.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace sy::YamlSyntax {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/**
 * Follows YAML's brackets and quotes (not its structure) far enough to know which are open at
 * a given point. A quote or bracket opens a node only where a value may start: at a line's
 * start, after "- ", ": ", "? ", '[', '{' or a ',' in brackets; inside a plain scalar such as
 * `rock 'n roll` it is text. Comments and block scalars (| and >) are skipped.
 */
class Scanner
{
public:
    explicit Scanner(const QByteArray& text)
        : m_text(text)
    { }

    std::optional<Opening> run(int stopLine, int stopColumn)
    {
        while (m_pos < m_text.size() && !reached(stopLine, stopColumn))
            m_quote ? quoted() : plain();
        if (m_quote)
            return m_quote;
        return m_flow.isEmpty() ? std::nullopt : std::optional(m_flow.last());
    }

private:
    char at(qsizetype offset = 0) const { return m_pos + offset < m_text.size() ? m_text.at(m_pos + offset) : '\n'; }

    bool reached(int line, int column) const
    {
        return line > 0 && (m_line > line || (m_line == line && m_column >= column));
    }

    void advance()
    {
        if (m_text.at(m_pos++) == '\n') {
            ++m_line;
            m_column = 1;
            m_valueStart = true;
            m_indent = 0;
            while (m_pos + m_indent < m_text.size() && m_text.at(m_pos + m_indent) == ' ')
                ++m_indent;
        } else {
            ++m_column;
        }
    }

    void quoted()
    {
        const char c = at();
        if (m_quote->kind == '"' && c == '\\') {
            advance(); // the escaped character goes with it
        } else if (c == m_quote->kind) {
            if (c == '\'' && at(1) == '\'') {
                advance(); // '' is a quote inside a single-quoted string
            } else {
                m_quote.reset();
                m_valueStart = false;
            }
        }
        if (m_pos < m_text.size())
            advance();
    }

    // An indicator is followed by a blank (or, in brackets, by a flow indicator).
    bool indicator() const
    {
        const char next = at(1);
        return isBlank(next) || (!m_flow.isEmpty() && (next == ',' || next == ']' || next == '}'));
    }

    void plain()
    {
        const char c = at();
        const bool startsToken = m_pos == 0 || isBlank(m_text.at(m_pos - 1));
        if (isBlank(c)) {
            advance();
        } else if (c == '#' && startsToken) {
            skipLine();
        } else if (m_valueStart && (c == '"' || c == '\'')) {
            m_quote = Opening{c, m_line, m_column};
            advance();
        } else if (m_valueStart && (c == '[' || c == '{')) {
            m_flow.append(Opening{c, m_line, m_column});
            advance();
        } else if (!m_flow.isEmpty() && (c == ']' || c == '}' || c == ',')) {
            if (c != ',')
                m_flow.removeLast();
            advance();
            m_valueStart = c == ',';
        } else if (m_flow.isEmpty() && m_valueStart && (c == '|' || c == '>')) {
            skipBlockScalar();
        } else {
            const bool opensValue = (c == ':' || ((c == '-' || c == '?') && m_valueStart)) && indicator();
            advance();
            m_valueStart = opensValue;
        }
    }

    void skipLine()
    {
        while (m_pos < m_text.size() && at() != '\n')
            advance();
    }

    // The header's line, then every line indented deeper than it (or blank).
    void skipBlockScalar()
    {
        const int headerIndent = m_indent;
        skipLine();
        while (m_pos < m_text.size()) {
            const qsizetype start = m_pos + 1;
            const qsizetype found = m_text.indexOf('\n', start);
            const QByteArray next = m_text.mid(start, (found < 0 ? m_text.size() : found) - start);
            int indent = 0;
            while (indent < next.size() && next.at(indent) == ' ')
                ++indent;
            if (!next.trimmed().isEmpty() && indent <= headerIndent)
                break;
            advance(); // the newline
            skipLine();
        }
    }

    const QByteArray& m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    int m_indent = 0; ///< spaces that open the current line
    bool m_valueStart = true;
    QList<Opening> m_flow;
    std::optional<Opening> m_quote;
};

// What the parser found where it gave up, for "but got …".
QString tokenAt(const QByteArray& text, int line, int column)
{
    qsizetype pos = 0;
    for (int l = 1; l < line && pos >= 0; ++l)
        pos = text.indexOf('\n', pos) < 0 ? -1 : text.indexOf('\n', pos) + 1;
    pos = pos < 0 ? text.size() : pos + column - 1;
    while (pos < text.size() && isBlank(text.at(pos)))
        ++pos;
    if (pos >= text.size())
        return u"the end of the file"_s;
    qsizetype end = pos + 1;
    while (end < text.size() && end - pos < 30 && !isBlank(text.at(end))
           && !QByteArray(",[]{}:#").contains(text.at(end)))
        ++end;
    return u"\"%1\""_s.arg(QString::fromUtf8(text.mid(pos, end - pos)));
}

} // namespace

std::optional<Opening> openAt(const QByteArray& text, int line, int column)
{
    return Scanner(text).run(line, column);
}

QString explain(const QByteArray& text, int line, int column, const QString& message)
{
    const std::optional<Opening> open = openAt(text, line, column);
    if (!open)
        return message;
    const QString where = u"line %1, column %2"_s.arg(open->line).arg(open->column);
    const QString got = u"%1 at line %2, column %3"_s.arg(tokenAt(text, line, column)).arg(line).arg(column);
    if (open->kind == '[')
        return u"while parsing a flow sequence that starts at %1: expected ',' or ']', but got %2"_s.arg(where, got);
    if (open->kind == '{')
        return u"while parsing a flow mapping that starts at %1: expected ',' or '}', but got %2"_s.arg(where, got);
    return u"while scanning a quoted string that starts at %1: no closing %2 before %3"_s.arg(
        where, QString(QChar::fromLatin1(open->kind)), got);
}

std::optional<Opening> unclosedQuote(const QByteArray& text)
{
    const std::optional<Opening> open = openAt(text);
    return open && (open->kind == '"' || open->kind == '\'') ? open : std::nullopt;
}

} // namespace sy::YamlSyntax
