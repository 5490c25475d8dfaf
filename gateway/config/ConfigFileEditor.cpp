#include "gateway/config/ConfigFileEditor.h"

#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

int indentOf(const QByteArray& line)
{
    int i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    return i;
}

bool isBlankOrComment(const QByteArray& line)
{
    const QByteArray t = line.trimmed();
    return t.isEmpty() || t.startsWith('#');
}

/**
 * When @p line is `key:` at exactly @p indent (the key plain or quoted), the offset just past
 * the colon; otherwise -1.
 */
qsizetype keyEnd(const QByteArray& line, int indent, const QByteArray& key)
{
    if (indentOf(line) != indent)
        return -1;
    const QByteArray rest = line.mid(indent);
    const QByteArray spellings[] = {key, QByteArray('"' + key + '"'), QByteArray('\'' + key + '\'')};
    for (const QByteArray& spelled : spellings) {
        if (!rest.startsWith(spelled))
            continue;
        qsizetype i = spelled.size();
        while (i < rest.size() && rest.at(i) == ' ')
            ++i;
        if (i < rest.size() && rest.at(i) == ':' && (i + 1 == rest.size() || rest.at(i + 1) == ' '))
            return indent + i + 1;
    }
    return -1;
}

/** Where a one-line scalar starting at or after @p from ends (exclusive); -1 when it does not end on this line. */
qsizetype scalarEnd(const QByteArray& line, qsizetype start)
{
    const char quote = line.at(start);
    if (quote == '"' || quote == '\'') {
        for (qsizetype i = start + 1; i < line.size(); ++i) {
            if (quote == '"' && line.at(i) == '\\') {
                ++i;
                continue;
            }
            if (line.at(i) != quote)
                continue;
            if (quote == '\'' && i + 1 < line.size() && line.at(i + 1) == '\'') {
                ++i; // '' is an escaped quote
                continue;
            }
            return i + 1;
        }
        return -1;
    }
    qsizetype end = line.indexOf(" #", start);
    if (end < 0)
        end = line.size();
    while (end > start && line.at(end - 1) == ' ')
        --end;
    return end;
}

bool isYamlSpecialWord(const QString& v)
{
    static const QRegularExpression special(
        // YAML 1.1 and 1.2 nulls, booleans and numbers (ints, floats, hex, octal, 1:20 sexagesimal).
        u"^(~|null|true|false|yes|no|on|off|y|n|[-+]?\\.(inf|nan)|[-+]?[0-9][0-9_]*|0x[0-9a-f_]+|0o[0-7_]+"
        u"|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([e][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[e][-+]?[0-9]+|[0-9]+(:[0-5]?[0-9])+)$"_s,
        QRegularExpression::CaseInsensitiveOption);
    return special.match(v).hasMatch();
}

/** @p value as a YAML string scalar: plain when that reads back the same, else quoted. */
QByteArray renderString(const QString& value, char preferredQuote)
{
    static const QRegularExpression safePlain(u"^[A-Za-z0-9_./][A-Za-z0-9_./@+=-]*$"_s);
    if (preferredQuote == '\'') {
        QString quoted = value;
        quoted.replace(u'\'', u"''"_s);
        return '\'' + quoted.toUtf8() + '\'';
    }
    if (preferredQuote != '"' && safePlain.match(value).hasMatch() && !isYamlSpecialWord(value))
        return value.toUtf8();
    QString escaped = value;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return '"' + escaped.toUtf8() + '"';
}

bool hasControlCharacters(const QString& value)
{
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

/** The indentation the file uses for nested keys (its first indented line), else two spaces. */
template <typename Lines>
QByteArray fileIndent(const Lines& lines)
{
    for (const auto& line : lines) {
        if (!isBlankOrComment(line.content) && indentOf(line.content) > 0 && !line.content.startsWith('\t'))
            return QByteArray(indentOf(line.content), ' ');
    }
    return "  "_ba;
}

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

/**
 * The value under @p key of the mapping @p map, if there is one. (yaml-cpp's const operator[]
 * returns an invalid node for a missing key, which throws on most uses.)
 */
std::optional<YAML::Node> child(const YAML::Node& map, const QByteArray& key)
{
    if (!map.IsMap())
        return std::nullopt;
    for (const auto& entry : map) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key.toStdString())
            return entry.second;
    }
    return std::nullopt;
}

/** The scalar at section.key of @p root, if it is one. */
std::optional<QString> scalarAt(const YAML::Node& root, const QByteArray& section, const QByteArray& key)
{
    const std::optional<YAML::Node> s = child(root, section);
    const std::optional<YAML::Node> v = s ? child(*s, key) : std::nullopt;
    if (!v || !v->IsScalar())
        return std::nullopt;
    return QString::fromStdString(v->Scalar());
}

/** Parses @p text; nullopt and @p error when yaml-cpp cannot. */
std::optional<YAML::Node> parse(const QByteArray& text, QString* error)
{
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception& e) {
        setError(error, QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

} // namespace

ConfigFileEditor::ConfigFileEditor(QByteArray text)
    : m_text(std::move(text))
{ }

std::optional<ConfigFileEditor> ConfigFileEditor::load(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    return ConfigFileEditor(file.readAll());
}

bool ConfigFileEditor::save(const QString& path, QString* error) const
{
    // QSaveFile writes a temporary file and renames it over the old one, keeping its
    // permissions: a crash never leaves half a config, and the watcher sees one change.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text) != m_text.size() || !file.commit()) {
        setError(error, u"cannot write %1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    return true;
}

std::optional<QString> ConfigFileEditor::value(const QByteArray& section, const QByteArray& key) const
{
    const std::optional<YAML::Node> root = parse(m_text, nullptr);
    return root ? scalarAt(*root, section, key) : std::nullopt;
}

QList<ConfigFileEditor::Line> ConfigFileEditor::lines() const
{
    QList<Line> out;
    qsizetype start = 0;
    while (start < m_text.size()) {
        qsizetype nl = m_text.indexOf('\n', start);
        if (nl < 0) {
            out.append({m_text.mid(start), {}});
            break;
        }
        const bool crlf = nl > start && m_text.at(nl - 1) == '\r';
        out.append({m_text.mid(start, nl - start - (crlf ? 1 : 0)), crlf ? "\r\n"_ba : "\n"_ba});
        start = nl + 1;
    }
    return out;
}

QByteArray ConfigFileEditor::join(const QList<Line>& lines)
{
    QByteArray text;
    for (const Line& l : lines)
        text += l.content + l.eol;
    return text;
}

bool ConfigFileEditor::expandFlowSection(QList<Line>& ls, const QByteArray& section, QString* error)
{
    for (int i = 0; i < ls.size(); ++i) {
        const QByteArray& l = ls.at(i).content;
        const qsizetype end = keyEnd(l, 0, section);
        const QByteArray after = end < 0 ? QByteArray() : l.mid(end).trimmed();
        if (!after.startsWith('{'))
            continue;
        // The mapping and a comment after it; yaml-cpp reads it, we only re-lay it out.
        const qsizetype close = after.lastIndexOf('}');
        const QByteArray comment = close < 0 ? QByteArray() : after.mid(close + 1).trimmed();
        std::optional<YAML::Node> node;
        if (close >= 0 && (comment.isEmpty() || comment.startsWith('#')))
            node = parse(after.left(close + 1), nullptr);
        if (!node || !node->IsMap()) {
            setError(error,
                     u"%1 is written on one line (%2); edit the file by hand"_s.arg(QString::fromUtf8(section),
                                                                                    QString::fromUtf8(after)));
            return false;
        }
        QList<Line> block{{section + ':' + (comment.isEmpty() ? QByteArray() : " " + comment), ls.at(i).eol}};
        const QByteArray eol = ls.at(i).eol.isEmpty() ? "\n"_ba : ls.at(i).eol;
        for (const auto& entry : *node) {
            if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
                setError(
                    error,
                    u"%1 holds nested values on one line; edit the file by hand"_s.arg(QString::fromUtf8(section)));
                return false;
            }
            const QString v = QString::fromStdString(entry.second.Scalar());
            // Plain scalars (tag "?") keep their text, so 4000 stays a number; quoted ones stay quoted.
            const QByteArray value = entry.second.Tag() == "?" ? v.toUtf8() : renderString(v, '"');
            block.append({fileIndent(ls) + QByteArray::fromStdString(entry.first.Scalar()) + ": " + value, eol});
        }
        block.last().eol = ls.at(i).eol;
        for (qsizetype b = 0; b + 1 < block.size(); ++b)
            block[b].eol = eol;
        ls.removeAt(i);
        for (qsizetype b = block.size() - 1; b >= 0; --b)
            ls.insert(i, block.at(b));
        return true;
    }
    return true;
}

std::optional<ConfigFileEditor::Location> ConfigFileEditor::locate(const QList<Line>& lines,
                                                                   const QByteArray& section,
                                                                   const QByteArray& key,
                                                                   QString* error) const
{
    Location loc;
    loc.childIndent = fileIndent(lines);
    bool sawContent = false;
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray& l = lines.at(i).content;
        if (l.startsWith("---") && sawContent) {
            setError(error, u"the file holds several YAML documents"_s);
            return std::nullopt;
        }
        if (!isBlankOrComment(l) && !l.startsWith("---") && !l.startsWith('%'))
            sawContent = true;
        const qsizetype end = keyEnd(l, 0, section);
        if (end < 0)
            continue;
        if (loc.sectionLine >= 0) {
            setError(error, u"%1 appears twice in the file"_s.arg(QString::fromUtf8(section)));
            return std::nullopt;
        }
        const QByteArray after = l.mid(end).trimmed();
        if (!after.isEmpty() && !after.startsWith('#')) {
            setError(error,
                     u"%1 is written on one line (%2); edit the file by hand"_s.arg(QString::fromUtf8(section),
                                                                                    QString::fromUtf8(after)));
            return std::nullopt;
        }
        loc.sectionLine = i;
    }
    if (loc.sectionLine < 0)
        return loc;

    loc.lastChildLine = loc.sectionLine;
    int childIndent = -1;
    for (int i = loc.sectionLine + 1; i < lines.size(); ++i) {
        const QByteArray& l = lines.at(i).content;
        if (isBlankOrComment(l))
            continue;
        if (l.startsWith('\t')) {
            setError(error, u"line %1 is indented with a tab"_s.arg(i + 1));
            return std::nullopt;
        }
        const int indent = indentOf(l);
        if (indent == 0)
            break; // the next top-level key
        loc.lastChildLine = i;
        if (childIndent < 0) {
            childIndent = indent;
            if (l.mid(indent).startsWith('-')) {
                setError(error, u"%1 is a list, not a mapping"_s.arg(QString::fromUtf8(section)));
                return std::nullopt;
            }
        }
        if (keyEnd(l, childIndent, key) < 0)
            continue;
        if (loc.keyLine >= 0) {
            setError(error,
                     u"%1.%2 appears twice in the file"_s.arg(QString::fromUtf8(section), QString::fromUtf8(key)));
            return std::nullopt;
        }
        loc.keyLine = i;
    }
    loc.childIndent = childIndent < 0 ? fileIndent(lines) : QByteArray(childIndent, ' ');
    return loc;
}

bool ConfigFileEditor::commit(QByteArray text,
                              const QByteArray& section,
                              const QByteArray& key,
                              const std::optional<QString>& expected,
                              QString* error)
{
    QString parseError;
    const std::optional<YAML::Node> root = parse(text, &parseError);
    bool ok = root && root->IsMap();
    if (ok && expected) {
        ok = scalarAt(*root, section, key) == expected;
    } else if (ok) {
        const std::optional<YAML::Node> s = child(*root, section);
        ok = !s || !child(*s, key);
    }
    if (!ok) {
        setError(error,
                 u"could not change %1.%2 safely; the file is unchanged%3"_s.arg(
                     QString::fromUtf8(section),
                     QString::fromUtf8(key),
                     parseError.isEmpty() ? QString() : u" ("_s + parseError + u')'));
        return false;
    }
    m_text = std::move(text);
    return true;
}

bool ConfigFileEditor::setValue(const QByteArray& section, const QByteArray& key, const QString& value, QString* error)
{
    if (hasControlCharacters(value)) {
        setError(error, u"the value must be one line without control characters"_s);
        return false;
    }
    return edit(
        section, key, [&value](char quote) { return renderString(value, quote); }, value, error);
}

bool ConfigFileEditor::edit(const QByteArray& section,
                            const QByteArray& key,
                            const std::function<QByteArray(char quote)>& render,
                            const QString& value,
                            QString* error)
{
    QString parseError;
    if (!parse(m_text, &parseError)) {
        setError(error, u"the config file has YAML errors; fix them first (%1)"_s.arg(parseError));
        return false;
    }
    QList<Line> ls = lines();
    if (!expandFlowSection(ls, section, error))
        return false;
    const std::optional<Location> loc = locate(ls, section, key, error);
    if (!loc)
        return false;
    const QByteArray eol = ls.isEmpty() || ls.constFirst().eol.isEmpty() ? "\n"_ba : ls.constFirst().eol;

    if (loc->sectionLine < 0) {
        // No such section: add it at the end, after a blank line.
        if (!ls.isEmpty() && ls.constLast().eol.isEmpty())
            ls.last().eol = eol;
        if (!ls.isEmpty() && !ls.constLast().content.trimmed().isEmpty())
            ls.append({{}, eol});
        ls.append({section + ':', eol});
        ls.append({loc->childIndent + key + ": " + render(0), eol});
        return commit(join(ls), section, key, value, error);
    }

    if (loc->keyLine < 0) {
        if (ls.at(loc->lastChildLine).eol.isEmpty())
            ls[loc->lastChildLine].eol = eol;
        ls.insert(loc->lastChildLine + 1, {loc->childIndent + key + ": " + render(0), eol});
        return commit(join(ls), section, key, value, error);
    }

    QByteArray& line = ls[loc->keyLine].content;
    const qsizetype colon = keyEnd(line, loc->childIndent.size(), key);
    qsizetype start = colon;
    while (start < line.size() && line.at(start) == ' ')
        ++start;
    QByteArray rendered;
    qsizetype end = start;
    if (start == line.size() || line.at(start) == '#') {
        // `key:` with no value (null): write the value after the colon, keep any comment.
        rendered = ' ' + render(0) + (start < line.size() ? " " : "");
        start = colon;
        end = colon;
        // …unless more-indented lines follow: then it is a nested block, not a scalar.
        for (int i = loc->keyLine + 1; i < ls.size(); ++i) {
            if (isBlankOrComment(ls.at(i).content))
                continue;
            if (indentOf(ls.at(i).content) > loc->childIndent.size()) {
                setError(error,
                         u"%1.%2 is not a single value; edit the file by hand"_s.arg(QString::fromUtf8(section),
                                                                                     QString::fromUtf8(key)));
                return false;
            }
            break;
        }
    } else {
        const char first = line.at(start);
        end = QByteArrayView("|>{[&*!").contains(first) ? -1 : scalarEnd(line, start);
        if (end < 0) {
            setError(error,
                     u"%1.%2 spans several lines or uses YAML features this editor leaves alone; edit the file "
                     u"by hand"_s.arg(QString::fromUtf8(section), QString::fromUtf8(key)));
            return false;
        }
        rendered = render(first == '"' || first == '\'' ? first : 0);
    }
    line = line.left(start) + rendered + line.mid(end);
    return commit(join(ls), section, key, value, error);
}

bool ConfigFileEditor::removeValue(const QByteArray& section, const QByteArray& key, QString* error)
{
    QString parseError;
    if (!parse(m_text, &parseError)) {
        setError(error, u"the config file has YAML errors; fix them first (%1)"_s.arg(parseError));
        return false;
    }
    QList<Line> ls = lines();
    if (!expandFlowSection(ls, section, error))
        return false;
    const std::optional<Location> loc = locate(ls, section, key, error);
    if (!loc)
        return false;
    if (loc->keyLine < 0)
        return true;
    ls.removeAt(loc->keyLine);
    return commit(join(ls), section, key, std::nullopt, error);
}

bool ConfigFileEditor::setGatewayPort(int port, QString* error)
{
    if (port < 0 || port > 65535) {
        setError(error, u"the port must be between 0 and 65535"_s);
        return false;
    }
    // A number, never quoted: renderString() would quote digits to keep them a string.
    const QString digits = QString::number(port);
    return edit(
        "gateway", "port", [&digits](char) { return digits.toUtf8(); }, digits, error);
}

bool ConfigFileEditor::isValidHost(const QString& host)
{
    if (host == u"localhost" || host == u"0.0.0.0" || host == u"::" || host == u"*")
        return true;
    QHostAddress address;
    return address.setAddress(host);
}

bool ConfigFileEditor::setGatewayHost(const QString& host, QString* error)
{
    if (!isValidHost(host)) {
        setError(error, u"the bind address must be localhost, 0.0.0.0, :: or an IP address"_s);
        return false;
    }
    return setValue("gateway", "host", host, error);
}

bool ConfigFileEditor::setMasterKey(const QString& key, QString* error)
{
    if (key.isEmpty())
        return removeValue("general_settings", "master_key", error);
    if (key.trimmed() != key) {
        setError(error, u"the master key must not start or end with spaces"_s);
        return false;
    }
    return setValue("general_settings", "master_key", key, error);
}

} // namespace sy
