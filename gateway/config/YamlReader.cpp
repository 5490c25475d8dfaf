#include "gateway/config/YamlReader.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString describe(const YAML::Node& node)
{
    if (!node.IsDefined() || node.IsNull())
        return u"nothing"_s;
    if (node.IsMap())
        return u"a mapping"_s;
    if (node.IsSequence())
        return u"a list"_s;
    return u"\"%1\""_s.arg(QString::fromStdString(node.Scalar()));
}

// LiteLLM reads its file with PyYAML, i.e. YAML 1.1, where `tpm: 20_000` is the number 20000
// (LiteLLM's own example configs write it so). yaml-cpp leaves the underscores in the scalar.
QString withoutDigitSeparators(const YAML::Node& node, const QString& text)
{
    static const QRegularExpression kYaml11Number(u"^[-+]?[0-9][0-9_]*(\\.[0-9_]*)?$"_s);
    if (node.Tag() == "!" || !text.contains(u'_') || !kYaml11Number.match(text).hasMatch())
        return text;
    return QString(text).remove(u'_');
}

} // namespace

QString ConfigDiagnostic::toString() const
{
    QString where = file.isEmpty() ? u"<config>"_s : file;
    if (line > 0)
        where += u":%1:%2"_s.arg(line).arg(column);
    const QString level = severity == Severity::Error ? u"error"_s : u"warning"_s;
    return key.isEmpty() ? u"%1: %2: %3"_s.arg(where, level, message)
                         : u"%1: %2: %3: %4"_s.arg(where, level, key, message);
}

YamlReader::YamlReader(QString file, EnvLookup env, KeychainLookup keychain)
    : m_file(std::move(file))
    , m_env(std::move(env))
    , m_keychain(std::move(keychain))
{ }

QString YamlReader::resolvePath(const QString& path) const
{
    if (QDir::isAbsolutePath(path) || m_file.isEmpty())
        return path;
    return QFileInfo(m_file).dir().filePath(path);
}

QString YamlReader::join(const QString& path, const char* key)
{
    return path.isEmpty() ? QString::fromUtf8(key) : path + u'.' + QString::fromUtf8(key);
}

bool YamlReader::hasErrors() const
{
    return std::any_of(m_diagnostics.cbegin(), m_diagnostics.cend(), [](const ConfigDiagnostic& d) {
        return d.severity == ConfigDiagnostic::Severity::Error;
    });
}

void YamlReader::add(ConfigDiagnostic::Severity severity,
                     const YAML::Node& node,
                     const QString& path,
                     const QString& message)
{
    ConfigDiagnostic d;
    d.severity = severity;
    d.file = m_file;
    d.key = path;
    d.message = message;
    if (node.IsDefined() && node.Mark().line >= 0) {
        d.line = node.Mark().line + 1;
        d.column = node.Mark().column + 1;
    }
    m_diagnostics.append(d);
}

void YamlReader::error(const YAML::Node& node, const QString& path, const QString& message)
{
    add(ConfigDiagnostic::Severity::Error, node, path, message);
}

void YamlReader::warning(const YAML::Node& node, const QString& path, const QString& message)
{
    add(ConfigDiagnostic::Severity::Warning, node, path, message);
}

void YamlReader::warningAt(int line, int column, const QString& path, const QString& message)
{
    m_diagnostics.append({ConfigDiagnostic::Severity::Warning, m_file, line, column, path, message});
}

YAML::Node YamlReader::child(const YAML::Node& map, const char* key) const
{
    if (!map.IsDefined() || !map.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    return map[key];
}

YAML::Node YamlReader::map(const YAML::Node& parent, const char* key, const QString& path)
{
    YAML::Node node = child(parent, key);
    if (!node.IsDefined() || node.IsNull())
        return YAML::Node(YAML::NodeType::Undefined);
    if (!node.IsMap()) {
        error(node, join(path, key), u"expected a mapping of keys, found %1"_s.arg(describe(node)));
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
}

YAML::Node YamlReader::sequence(const YAML::Node& parent, const char* key, const QString& path)
{
    YAML::Node node = child(parent, key);
    if (!node.IsDefined() || node.IsNull())
        return YAML::Node(YAML::NodeType::Undefined);
    if (!node.IsSequence()) {
        error(node, join(path, key), u"expected a list, found %1"_s.arg(describe(node)));
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
}

std::optional<QString> YamlReader::string(const YAML::Node& parent, const char* key, const QString& path)
{
    const YAML::Node node = child(parent, key);
    if (!node.IsDefined() || node.IsNull())
        return std::nullopt;
    if (!node.IsScalar()) {
        error(node, join(path, key), u"expected a string, found %1"_s.arg(describe(node)));
        return std::nullopt;
    }
    return expand(QString::fromStdString(node.Scalar()), node, join(path, key));
}

std::optional<qint64>
YamlReader::integer(const YAML::Node& parent, const char* key, const QString& path, qint64 min, qint64 max)
{
    const std::optional<QString> text = string(parent, key, path);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const qint64 value = withoutDigitSeparators(child(parent, key), text->trimmed()).toLongLong(&ok);
    if (!ok || value < min || value > max) {
        error(child(parent, key),
              join(path, key),
              u"expected a whole number from %1 to %2, found \"%3\""_s.arg(min).arg(max).arg(*text));
        return std::nullopt;
    }
    return value;
}

std::optional<double>
YamlReader::number(const YAML::Node& parent, const char* key, const QString& path, double min, double max)
{
    const std::optional<QString> text = string(parent, key, path);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const double value = withoutDigitSeparators(child(parent, key), text->trimmed()).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max) {
        error(child(parent, key),
              join(path, key),
              u"expected a number from %1 to %2, found \"%3\""_s.arg(min).arg(max).arg(*text));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& parent, const char* key, const QString& path)
{
    const std::optional<QString> text = string(parent, key, path);
    if (!text)
        return std::nullopt;
    const QString v = text->trimmed().toLower();
    if (v == u"true" || v == u"yes" || v == u"on")
        return true;
    if (v == u"false" || v == u"no" || v == u"off")
        return false;
    error(child(parent, key), join(path, key), u"expected true or false, found \"%1\""_s.arg(*text));
    return std::nullopt;
}

std::optional<std::chrono::milliseconds>
YamlReader::seconds(const YAML::Node& parent, const char* key, const QString& path)
{
    const std::optional<double> s = number(parent, key, path, 0.001, 30.0 * 24 * 3600);
    if (!s)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(std::llround(*s * 1000.0)));
}

void YamlReader::warnUnknownKeys(const YAML::Node& map, const QStringList& known, const QString& path)
{
    if (!map.IsDefined() || !map.IsMap())
        return;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = QString::fromStdString(it->first.Scalar());
        if (!known.contains(key))
            warning(it->first, path.isEmpty() ? key : path + u'.' + key, u"unknown key, ignored"_s);
    }
}

std::optional<QString> YamlReader::expand(const QString& value, const YAML::Node& node, const QString& path)
{
    static const QString kEnvPrefix = u"os.environ/"_s;
    static const QString kKeychainPrefix = u"keychain/"_s;
    if (value.startsWith(kEnvPrefix)) {
        const QString name = value.mid(kEnvPrefix.size()).trimmed();
        const std::optional<QString> resolved = m_env(name);
        if (!resolved) {
            warning(node, path, u"environment variable %1 is not set; using an empty value"_s.arg(name));
            return QString();
        }
        return resolved;
    }
    if (value.startsWith(kKeychainPrefix)) {
        const QString name = value.mid(kKeychainPrefix.size()).trimmed();
        QString why;
        const std::optional<QString> secret = m_keychain ? m_keychain(name, &why) : std::nullopt;
        if (!secret) {
            error(node,
                  path,
                  u"cannot read \"%1\" from the keychain: %2"_s.arg(
                      name, m_keychain ? why : u"keychain support is not built in"_s));
            return std::nullopt;
        }
        return secret;
    }
    static const QRegularExpression kBraced(u"\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"_s);
    if (!value.contains(u"${"))
        return value;
    QString out;
    qsizetype last = 0;
    auto it = kBraced.globalMatch(value);
    while (it.hasNext()) {
        const auto match = it.next();
        const std::optional<QString> resolved = m_env(match.captured(1));
        if (!resolved)
            warning(node, path, u"environment variable %1 is not set; using an empty value"_s.arg(match.captured(1)));
        out += QStringView(value).mid(last, match.capturedStart() - last);
        out += resolved.value_or(QString());
        last = match.capturedEnd();
    }
    out += QStringView(value).mid(last);
    return out;
}

} // namespace sy
