#include "gateway/core/JsonScan.h"

#include <cstring>

namespace sy::JsonScan {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Index just past the string starting at json[i] (a quote).
qsizetype skipString(QByteArrayView json, qsizetype i)
{
    for (++i; i < json.size(); ++i) {
        if (json[i] == '\\')
            ++i;
        else if (json[i] == '"')
            return i + 1;
    }
    return json.size();
}

// Index just past the value starting at json[i].
qsizetype skipValue(QByteArrayView json, qsizetype i)
{
    if (i >= json.size())
        return i;
    if (json[i] == '"')
        return skipString(json, i);
    if (json[i] != '{' && json[i] != '[') {
        while (i < json.size() && json[i] != ',' && json[i] != '}' && json[i] != ']' && !isSpace(json[i]))
            ++i;
        return i;
    }
    int depth = 0;
    for (; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            i = skipString(json, i) - 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return json.size();
}

qsizetype skipSpace(QByteArrayView json, qsizetype i)
{
    while (i < json.size() && isSpace(json[i]))
        ++i;
    return i;
}

JsonBody::Type typeAt(char c)
{
    switch (c) {
    case '{':
        return JsonBody::Type::Object;
    case '[':
        return JsonBody::Type::Array;
    case '"':
        return JsonBody::Type::String;
    case 't':
    case 'f':
        return JsonBody::Type::Bool;
    case 'n':
        return JsonBody::Type::Null;
    default:
        return JsonBody::Type::Number;
    }
}

// False for a string, object or array the input ends inside of: callers slice inside the quotes
// or brackets, which a value cut short lacks (fuzzing found the negative slice of a lone `"`).
bool complete(QByteArrayView json, qsizetype begin, qsizetype end)
{
    const char open = json[begin];
    if (open != '"' && open != '{' && open != '[')
        return true;
    const char close = open == '"' ? '"' : open == '{' ? '}' : ']';
    return end - begin >= 2 && json[end - 1] == close;
}

} // namespace

std::optional<JsonBody::Span> topLevel(QByteArrayView json, QByteArrayView key)
{
    qsizetype i = skipSpace(json, 0);
    if (i >= json.size() || json[i] != '{')
        return std::nullopt;
    ++i;
    while (i < json.size()) {
        i = skipSpace(json, i);
        if (i >= json.size() || json[i] != '"')
            return std::nullopt;
        const qsizetype keyEnd = skipString(json, i);
        if (keyEnd - i < 2 || json[keyEnd - 1] != '"')
            return std::nullopt; // the input ends inside the key (fuzzing found the negative slice)
        const bool match = json.sliced(i + 1, keyEnd - i - 2) == key;
        i = skipSpace(json, keyEnd);
        if (i >= json.size() || json[i] != ':')
            return std::nullopt;
        i = skipSpace(json, i + 1);
        const qsizetype valueEnd = skipValue(json, i);
        if (match && i < json.size())
            return complete(json, i, valueEnd) ? std::optional(JsonBody::Span{i, valueEnd, typeAt(json[i])})
                                               : std::nullopt;
        i = skipSpace(json, valueEnd);
        if (i < json.size() && json[i] == ',')
            ++i;
        else
            return std::nullopt;
    }
    return std::nullopt;
}

QByteArray replaceTopLevel(const QByteArray& json, QByteArrayView key, QByteArrayView value)
{
    const std::optional<JsonBody::Span> span = topLevel(json, key);
    if (!span)
        return json;
    QByteArray out = json;
    out.replace(span->begin, span->end - span->begin, value.toByteArray());
    return out;
}

qint64 stringValueChars(QByteArrayView json, QByteArrayView key)
{
    return stringValueChars(json, {key});
}

qint64 stringValueChars(QByteArrayView json, std::initializer_list<QByteArrayView> keys)
{
    // One pass from quote to quote for all the keys: called on every stream event, and a
    // search per key through text full of quotes cost several times that.
    const char* const data = json.data();
    const qsizetype size = json.size();
    qint64 chars = 0;
    qsizetype at = 0;
    while (at < size) {
        const auto* quote = static_cast<const char*>(std::memchr(data + at, '"', size_t(size - at)));
        if (!quote)
            break;
        at = quote - data;
        qsizetype next = at + 1;
        for (const QByteArrayView key : keys) {
            const qsizetype keyEnd = at + 1 + key.size(); // where the key's closing quote must be
            if (keyEnd >= size || data[keyEnd] != '"'
                || std::memcmp(data + at + 1, key.data(), size_t(key.size())) != 0)
                continue;
            qsizetype i = skipSpace(json, keyEnd + 1);
            if (i >= size || json[i] != ':')
                break;
            i = skipSpace(json, i + 1);
            if (i >= size || json[i] != '"')
                break;
            const qsizetype end = skipString(json, i) - 1;
            for (qsizetype j = i + 1; j < end; ++j) {
                const auto c = static_cast<unsigned char>(data[j]);
                if (c == '\\') {
                    j += j + 1 < size && data[j + 1] == 'u' ? 5 : 1;
                    ++chars;
                } else if ((c & 0xc0) != 0x80) {
                    ++chars; // a code point's first byte
                }
            }
            next = end + 1;
            break;
        }
        at = next;
    }
    return chars;
}

} // namespace sy::JsonScan
