#include "gateway/core/JsonBody.h"

#include "gateway/core/JsonScan.h"
#include "gateway/core/JsonWriter.h"

#include <QtEndian>

#include <algorithm>
#include <cctype>
#include <cstring>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kMaxDepth = 256;

} // namespace

JsonBody::Type JsonBody::typeOf(char first)
{
    switch (first) {
    case '{':
        return Type::Object;
    case '[':
        return Type::Array;
    case '"':
        return Type::String;
    case 't':
    case 'f':
        return Type::Bool;
    case 'n':
        return Type::Null;
    default:
        return Type::Number;
    }
}

QString JsonBody::decodeString(QByteArrayView raw)
{
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    QString out;
    out.reserve(raw.size());
    QByteArray run;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            run += raw[i];
            continue;
        }
        out += QString::fromUtf8(std::exchange(run, {}));
        const char c = raw[++i];
        switch (c) {
        case 'b':
            out += u'\b';
            break;
        case 'f':
            out += u'\f';
            break;
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u':
            out += QChar(char16_t(raw.sliced(i + 1, 4).toByteArray().toUShort(nullptr, 16)));
            i += 4;
            break;
        default:
            out += QLatin1Char(c);
            break;
        }
    }
    out += QString::fromUtf8(run);
    return out;
}

namespace {

/** @p raw as a member's decoded name: itself, unless it has escapes (then a decoded copy kept in
    @p escapedKeys). */
QByteArrayView memberName(QByteArrayView raw, QList<QByteArray>* escapedKeys)
{
    if (!memchr(raw.data(), '\\', size_t(raw.size())))
        return raw;
    escapedKeys->append(JsonBody::decodeString(raw).toUtf8());
    return escapedKeys->constLast();
}

/**
 * The structure of text that parse() has already validated, found without checking it again:
 * what reading a nested object or array needs. Outside strings valid JSON has no quotes, so
 * strings are skipped quote to quote (memchr) and containers by the brackets between them.
 */
class ValidatedText
{
public:
    explicit ValidatedText(QByteArrayView text)
        : m_data(text.data())
        , m_size(text.size())
    { }

    /** Calls @p onItem(nameBegin, nameEnd, valueSpan) for each member of the object at @p span
        (or, with @p isArray, each element, with an empty name). */
    template <typename OnItem>
    void forEachItem(const JsonBody::Span& span, bool isArray, OnItem&& onItem) const
    {
        qsizetype i = skipSpace(span.begin + 1);
        const char close = isArray ? ']' : '}';
        while (i < span.end && m_data[i] != close) {
            qsizetype nameBegin = i, nameEnd = i;
            if (!isArray) {
                nameEnd = stringEnd(i);
                nameBegin = i + 1;
                i = skipSpace(skipSpace(nameEnd) + 1); // past ':'
                --nameEnd; // the closing quote
            }
            const qsizetype end = valueEnd(i);
            onItem(nameBegin, nameEnd, JsonBody::Span{i, end, JsonBody::typeOf(m_data[i])});
            i = skipSpace(end);
            if (i < span.end && m_data[i] == ',')
                i = skipSpace(i + 1);
        }
    }

private:
    static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    qsizetype skipSpace(qsizetype i) const
    {
        while (i < m_size && isSpace(m_data[i]))
            ++i;
        return i;
    }

    // Just past the string whose opening quote is at @p i: the first quote after it that an
    // even number of backslashes precedes.
    qsizetype stringEnd(qsizetype i) const
    {
        for (;;) {
            const auto* quote = static_cast<const char*>(memchr(m_data + i + 1, '"', size_t(m_size - i - 1)));
            if (!quote)
                return m_size;
            const qsizetype at = quote - m_data;
            qsizetype escapes = 0;
            while (m_data[at - 1 - escapes] == '\\')
                ++escapes;
            if (escapes % 2 == 0)
                return at + 1;
            i = at;
        }
    }

    qsizetype valueEnd(qsizetype i) const
    {
        if (m_data[i] == '"')
            return stringEnd(i);
        if (m_data[i] != '{' && m_data[i] != '[') {
            while (i < m_size && m_data[i] != ',' && m_data[i] != '}' && m_data[i] != ']' && !isSpace(m_data[i]))
                ++i;
            return i;
        }
        int depth = 0;
        for (;;) {
            const auto* quote = static_cast<const char*>(memchr(m_data + i, '"', size_t(m_size - i)));
            const qsizetype stop = quote ? quote - m_data : m_size;
            for (; i < stop; ++i) {
                const char c = m_data[i];
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    return i + 1;
            }
            if (!quote)
                return m_size;
            i = stringEnd(stop);
        }
    }

    const char* m_data;
    qsizetype m_size;
};

/** Members a Scanner reports as it validates, by raw name at any depth (see JsonScan). */
struct MemberWatch
{
    const QByteArrayView* keys = nullptr;
    qsizetype keyCount = 0;
    JsonScan::detail::MemberCallback onMember = nullptr;
    void* context = nullptr;
};

// A strict single-pass JSON validator that records the members of the outermost object.
class Scanner
{
public:
    Scanner(QByteArrayView bytes,
            JsonBody::Members* members,
            QList<QByteArray>* escapedKeys = nullptr,
            const MemberWatch* watch = nullptr)
        : m_begin(bytes.data())
        , m_p(m_begin)
        , m_end(m_begin + bytes.size())
        , m_members(members)
        , m_escapedKeys(escapedKeys)
        , m_watch(watch)
    { }

    bool document(JsonBody::Span& self)
    {
        skipWhitespace();
        self.begin = m_p - m_begin;
        if (m_p == m_end || *m_p != '{')
            return fail("expected a JSON object");
        if (!object(0, true))
            return false;
        self.end = m_p - m_begin;
        self.type = JsonBody::Type::Object;
        skipWhitespace();
        return m_p == m_end || fail("unexpected data after the JSON object");
    }

    QString error() const { return m_error; }

private:
    bool fail(const char* what)
    {
        if (m_error.isEmpty())
            m_error = u"%1 at byte %2"_s.arg(QLatin1StringView(what)).arg(m_p - m_begin);
        return false;
    }

    void skipWhitespace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool value(int depth, JsonBody::Type& type)
    {
        if (m_p == m_end)
            return fail("unexpected end of input");
        switch (*m_p) {
        case '{':
            type = JsonBody::Type::Object;
            return object(depth + 1, false);
        case '[':
            type = JsonBody::Type::Array;
            return array(depth + 1);
        case '"':
            type = JsonBody::Type::String;
            return string();
        case 't':
            type = JsonBody::Type::Bool;
            return literal("true");
        case 'f':
            type = JsonBody::Type::Bool;
            return literal("false");
        case 'n':
            type = JsonBody::Type::Null;
            return literal("null");
        default:
            type = JsonBody::Type::Number;
            return number();
        }
    }

    bool object(int depth, bool top)
    {
        if (depth > kMaxDepth)
            return fail("nesting too deep");
        ++m_p; // '{'
        skipWhitespace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (m_p == m_end || *m_p != '"')
                return fail("expected a member name");
            const char* keyStart = m_p + 1;
            if (!string())
                return false;
            const QByteArrayView key(keyStart, m_p - 1 - keyStart);
            skipWhitespace();
            if (m_p == m_end || *m_p != ':')
                return fail("expected ':'");
            ++m_p;
            skipWhitespace();
            JsonBody::Span span;
            span.begin = m_p - m_begin;
            if (m_watch)
                report(key, depth, span.begin);
            if (!value(depth, span.type))
                return false;
            span.end = m_p - m_begin;
            if (top && m_members)
                m_members->append({memberName(key, m_escapedKeys), span});
            skipWhitespace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == '}') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    // JsonScan counts depth from 1 for the outermost object's members.
    void report(QByteArrayView key, int depth, qsizetype valueAt) const
    {
        // Lengths and first bytes first: Qt's compare is a call, and most names differ there.
        for (int index = 0; index < m_watch->keyCount; ++index) {
            const QByteArrayView watched = m_watch->keys[index];
            if (watched.size() == key.size()
                && (key.isEmpty()
                    || (watched.front() == key.front()
                        && std::memcmp(watched.data(), key.data(), size_t(key.size())) == 0))) {
                m_watch->onMember(m_watch->context, JsonScan::Member{index, depth + 1, valueAt});
                return;
            }
        }
    }

    bool array(int depth)
    {
        if (depth > kMaxDepth)
            return fail("nesting too deep");
        ++m_p; // '['
        skipWhitespace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        for (;;) {
            skipWhitespace();
            JsonBody::Span span;
            span.begin = m_p - m_begin;
            if (!value(depth, span.type))
                return false;
            span.end = m_p - m_begin;
            skipWhitespace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == ']') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    /** The bytes of @p word (little-endian) that a string needs to look at: '"', '\\', control
        characters and non-ASCII; any flagged below the first such byte are true ones. */
    static quint64 specialBytes(quint64 word)
    {
        constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        const auto zeroBytes = [](quint64 v) { return (v - ones) & ~v & highs; };
        const quint64 control = (word - ones * 0x20) & ~word & highs;
        return (word & highs) | zeroBytes(word ^ (ones * '"')) | zeroBytes(word ^ (ones * '\\')) | control;
    }

    // Most of a prompt is printable ASCII other than '"' and '\\', which needs no check: it is
    // passed eight bytes at a time, up to the first byte that needs one.
    void skipPlainBytes()
    {
        while (m_end - m_p >= 8) {
            if (const quint64 special = specialBytes(qFromLittleEndian<quint64>(m_p))) {
                m_p += qCountTrailingZeroBits(special) / 8;
                return;
            }
            m_p += 8;
        }
    }

    bool string()
    {
        ++m_p; // '"'
        while (m_p < m_end) {
            skipPlainBytes();
            if (m_p == m_end)
                break;
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return fail("control character in string");
            if (c == '\\') {
                if (!escape())
                    return false;
            } else if (c >= 0x80) {
                if (!utf8())
                    return false;
            } else {
                ++m_p;
            }
        }
        return fail("unterminated string");
    }

    bool escape()
    {
        ++m_p; // '\'
        if (m_p == m_end)
            return fail("unterminated escape");
        const char c = *m_p++;
        if (c == 'u') {
            for (int i = 0; i < 4; ++i, ++m_p) {
                if (m_p == m_end || !std::isxdigit(static_cast<unsigned char>(*m_p)))
                    return fail("invalid \\u escape");
            }
            return true;
        }
        return QByteArrayView("\"\\/bfnrt").contains(c) || fail("invalid escape");
    }

    bool utf8()
    {
        const auto lead = static_cast<unsigned char>(*m_p);
        int extra = 0;
        char32_t cp = 0;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            cp = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            cp = lead & 0x0f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            cp = lead & 0x07;
        } else {
            return fail("invalid UTF-8");
        }
        if (m_end - m_p <= extra)
            return fail("truncated UTF-8");
        for (int i = 1; i <= extra; ++i) {
            const auto b = static_cast<unsigned char>(m_p[i]);
            if ((b & 0xc0) != 0x80)
                return fail("invalid UTF-8");
            cp = (cp << 6) | (b & 0x3f);
        }
        const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
        if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return fail("invalid UTF-8");
        m_p += extra + 1;
        return true;
    }

    bool number()
    {
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || !std::isdigit(static_cast<unsigned char>(*m_p)))
            return fail("invalid value");
        if (*m_p == '0')
            ++m_p;
        else
            digits();
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail("invalid number");
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail("invalid number");
        }
        return true;
    }

    bool digits()
    {
        const char* start = m_p;
        while (m_p < m_end && std::isdigit(static_cast<unsigned char>(*m_p)))
            ++m_p;
        return m_p > start;
    }

    bool literal(const char* word)
    {
        const qsizetype n = qsizetype(std::strlen(word));
        if (m_end - m_p < n || std::memcmp(m_p, word, size_t(n)) != 0)
            return fail("invalid value");
        m_p += n;
        return true;
    }

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    JsonBody::Members* m_members;
    QList<QByteArray>* m_escapedKeys;
    const MemberWatch* m_watch;
    QString m_error;
};

} // namespace

std::optional<JsonBody> JsonBody::parse(const QByteArray& body, QString* error)
{
    JsonBody result;
    result.m_bytes = body;
    Scanner scanner(result.m_bytes, &result.m_members, &result.m_escapedKeys);
    if (!scanner.document(result.m_self)) {
        if (error)
            *error = scanner.error();
        return std::nullopt;
    }
    return result;
}

bool JsonBody::isValid(const QByteArray& body)
{
    Span self;
    return Scanner(body, nullptr).document(self);
}

bool JsonScan::detail::forEachMemberIfValid(
    QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, MemberCallback onMember, void* context)
{
    const MemberWatch watch{keys, keyCount, onMember, context};
    JsonBody::Span self;
    return Scanner(json, nullptr, nullptr, &watch).document(self);
}

const JsonBody::Member* JsonBody::find(QByteArrayView key) const
{
    // Searched from the end: with duplicate keys the last one wins, as in most JSON parsers.
    // Lengths first: most names differ in length, and Qt's compare is a call even for those.
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        const QByteArrayView name = m_members[i].key;
        if (name.size() == key.size() && (key.isEmpty() || memcmp(name.data(), key.data(), size_t(key.size())) == 0))
            return &m_members[i];
    }
    return nullptr;
}

std::optional<JsonBody::Span> JsonBody::member(QByteArrayView key) const
{
    const Member* m = find(key);
    return m ? std::optional<Span>(m->value) : std::nullopt;
}

std::optional<QString> JsonBody::string(QByteArrayView key) const
{
    const auto span = member(key);
    if (!span || span->type != Type::String)
        return std::nullopt;
    return decodeString(QByteArrayView(m_bytes).sliced(span->begin + 1, span->end - span->begin - 2));
}

std::optional<bool> JsonBody::boolean(QByteArrayView key) const
{
    const auto span = member(key);
    if (!span || span->type != Type::Bool)
        return std::nullopt;
    return m_bytes.at(span->begin) == 't';
}

std::optional<qint64> JsonBody::integer(QByteArrayView key) const
{
    const auto span = member(key);
    if (!span || span->type != Type::Number)
        return std::nullopt;
    bool ok = false;
    // Read in place: a copy of a few digits cost an allocation, twice a request.
    const qint64 value = QByteArrayView(m_bytes).sliced(span->begin, span->end - span->begin).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QByteArrayView JsonBody::raw(QByteArrayView key) const
{
    const auto span = member(key);
    if (!span)
        return {};
    return QByteArrayView(m_bytes).sliced(span->begin, span->end - span->begin);
}

std::optional<JsonBody> JsonBody::object(QByteArrayView key) const
{
    const auto span = member(key);
    return span ? objectAt(*span) : std::nullopt;
}

std::optional<double> JsonBody::number(QByteArrayView key) const
{
    const auto span = member(key);
    if (!span || span->type != Type::Number)
        return std::nullopt;
    bool ok = false;
    const double value = QByteArrayView(m_bytes).sliced(span->begin, span->end - span->begin).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

QList<JsonBody::Span> JsonBody::elements(QByteArrayView key) const
{
    const auto span = member(key);
    return span ? elementsAt(*span) : QList<Span>();
}

QList<JsonBody::Span> JsonBody::elementsAt(const Span& span) const
{
    QList<Span> out;
    if (span.type != Type::Array || span.end > m_bytes.size())
        return out;
    ValidatedText(m_bytes).forEachItem(
        span, true, [&out](qsizetype, qsizetype, const Span& element) { out.append(element); });
    return out;
}

std::optional<JsonBody> JsonBody::objectAt(const Span& span) const
{
    if (span.type != Type::Object || span.end > m_bytes.size())
        return std::nullopt;
    // This body was validated whole, so the nested object needs only its members found.
    JsonBody nested;
    nested.m_bytes = m_bytes.sliced(span.begin, span.end - span.begin);
    nested.m_self = {0, nested.m_bytes.size(), Type::Object};
    const char* const data = nested.m_bytes.constData();
    ValidatedText(nested.m_bytes)
        .forEachItem(nested.m_self, false, [&](qsizetype nameBegin, qsizetype nameEnd, const Span& value) {
            nested.m_members.append(
                {memberName(QByteArrayView(data + nameBegin, nameEnd - nameBegin), &nested.m_escapedKeys), value});
        });
    return nested;
}

QString JsonBody::stringAt(const Span& span) const
{
    if (span.type != Type::String)
        return {};
    return decodeString(QByteArrayView(m_bytes).sliced(span.begin + 1, span.end - span.begin - 2));
}

QByteArrayView JsonBody::rawAt(const Span& span) const
{
    return QByteArrayView(m_bytes).sliced(span.begin, span.end - span.begin);
}

QByteArray JsonBody::withMember(QByteArrayView key, QByteArrayView json) const
{
    QByteArray out = m_bytes;
    if (const auto span = member(key)) {
        out.replace(span->begin, span->end - span->begin, json.toByteArray());
        return out;
    }
    QByteArray entry = quoted(QString::fromUtf8(key));
    entry += ':';
    entry += json;
    const qsizetype closing = m_self.end - 1;
    out.insert(closing, m_members.isEmpty() ? entry : ',' + entry);
    return out;
}

QByteArray JsonBody::withMissingMembers(const QList<QPair<QByteArray, QByteArray>>& members) const
{
    QByteArray added;
    for (const auto& [key, json] : members) {
        if (has(key))
            continue;
        if (!added.isEmpty() || !m_members.isEmpty())
            added += ',';
        added += quoted(QString::fromUtf8(key));
        added += ':';
        added += json;
    }
    QByteArray out = m_bytes;
    if (!added.isEmpty())
        out.insert(m_self.end - 1, added);
    return out;
}

QByteArray JsonBody::withoutMembers(const QList<QByteArrayView>& keys) const
{
    auto skipSpace = [this](qsizetype at) {
        while (at < m_bytes.size()
               && (m_bytes[at] == ' ' || m_bytes[at] == '\t' || m_bytes[at] == '\n' || m_bytes[at] == '\r'))
            ++at;
        return at;
    };
    // A member's text runs from its key (after the '{' or the ',' before it) to its value's end.
    QByteArray kept;
    bool removed = false;
    qsizetype keyStart = skipSpace(m_self.begin + 1);
    for (const Member& m : m_members) {
        const qsizetype next = skipSpace(m.value.end); // at ',' or '}'
        if (keys.contains(QByteArrayView(m.key))) {
            removed = true;
        } else {
            if (!kept.isEmpty())
                kept += ',';
            kept += QByteArrayView(m_bytes).sliced(keyStart, m.value.end - keyStart);
        }
        keyStart = skipSpace(next + 1);
    }
    if (!removed)
        return m_bytes;
    return m_bytes.left(m_self.begin) + '{' + kept + '}' + m_bytes.mid(m_self.end);
}

QByteArray JsonBody::withMembers(const QList<QPair<QByteArray, QByteArray>>& set,
                                 const QList<QPair<QByteArray, QByteArray>>& defaults) const
{
    struct Replacement
    {
        Span span;
        QByteArrayView json;
    };
    QVarLengthArray<Replacement, 4> replaced;
    QByteArray added;
    const auto append = [&](const QByteArray& key, const QByteArray& json) {
        if (!added.isEmpty() || !m_members.isEmpty())
            added += ',';
        added += quoted(QString::fromUtf8(key));
        added += ':';
        added += json;
    };
    for (const auto& [key, json] : set) {
        if (const Member* m = find(key))
            replaced.append({m->value, json});
        else
            append(key, json);
    }
    for (const auto& member : defaults) {
        // Not a structured binding: clang before 16 (the fuzz build) cannot capture one.
        const QByteArray& key = member.first;
        const bool named = std::any_of(set.begin(), set.end(), [&key](const auto& s) { return s.first == key; });
        if (!named && !has(key))
            append(key, member.second);
    }
    std::sort(replaced.begin(), replaced.end(), [](const Replacement& a, const Replacement& b) {
        return a.span.begin < b.span.begin;
    });
    QByteArray out;
    out.reserve(m_bytes.size() + added.size() + 64);
    qsizetype at = 0;
    for (const Replacement& r : replaced) {
        out.append(QByteArrayView(m_bytes).sliced(at, r.span.begin - at));
        out.append(r.json);
        at = r.span.end;
    }
    const qsizetype closing = m_self.end - 1;
    out.append(QByteArrayView(m_bytes).sliced(at, closing - at));
    out.append(added);
    out.append(QByteArrayView(m_bytes).sliced(closing));
    return out;
}

QByteArray JsonBody::quoted(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    JsonWriter::appendQuoted(out, utf8);
    return out;
}

} // namespace sy
