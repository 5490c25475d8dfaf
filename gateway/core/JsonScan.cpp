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
        if (match)
            return valueSpan(json, i);
        const qsizetype valueEnd = skipValue(json, i);
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
    qint64 chars = 0;
    forEachMember(json, keys, [&](const Member& m) { chars += stringChars(json, m.valueAt); });
    return chars;
}

std::optional<JsonBody::Span> valueSpan(QByteArrayView json, qsizetype at)
{
    if (at < 0 || at >= json.size())
        return std::nullopt;
    const qsizetype end = skipValue(json, at);
    if (!complete(json, at, end))
        return std::nullopt;
    return JsonBody::Span{at, end, JsonBody::typeOf(json[at])};
}

qint64 stringChars(QByteArrayView json, qsizetype at)
{
    if (at < 0 || at >= json.size() || json[at] != '"')
        return 0;
    const char* const data = json.data();
    const qsizetype end = skipString(json, at) - 1; // the closing quote, or the input's end
    qint64 chars = 0;
    for (qsizetype j = at + 1; j < end; ++j) {
        const auto c = static_cast<unsigned char>(data[j]);
        if (c == '\\') {
            j += j + 1 < end && data[j + 1] == 'u' ? 5 : 1;
            ++chars;
        } else if ((c & 0xc0) != 0x80) {
            ++chars; // a code point's first byte
        }
    }
    return chars;
}

void detail::forEachMember(
    QByteArrayView json, const QByteArrayView* keys, qsizetype keyCount, MemberCallback onMember, void* context)
{
    // Outside strings, valid JSON has no quotes: from the start, quotes open and close strings
    // in turn. So the walk jumps from quote to quote (memchr), keeps the depth from the few
    // bytes between strings, and calls a string a member name when a colon follows it.
    const char* const data = json.data();
    const qsizetype size = json.size();
    if (size == 0)
        return;
    int depth = 0;
    qsizetype at = 0;
    for (;;) {
        const auto* quote = static_cast<const char*>(std::memchr(data + at, '"', size_t(size - at)));
        const qsizetype open = quote ? quote - data : size;
        for (; at < open; ++at) {
            const char c = data[at];
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']')
                --depth;
        }
        if (!quote)
            return;
        qsizetype close = open + 1;
        for (;;) {
            const auto* end = static_cast<const char*>(std::memchr(data + close, '"', size_t(size - close)));
            if (!end)
                return; // the input ends inside a string
            close = end - data;
            qsizetype slashes = 0;
            while (data[close - 1 - slashes] == '\\')
                ++slashes;
            if (slashes % 2 == 0)
                break;
            ++close; // an escaped quote
        }
        at = close + 1;
        const qsizetype colon = skipSpace(json, at);
        if (colon >= size || data[colon] != ':')
            continue;
        const char* const name = data + open + 1;
        const qsizetype nameSize = close - open - 1;
        for (int index = 0; index < keyCount; ++index) {
            const QByteArrayView key = keys[index];
            if (key.size() == nameSize && std::memcmp(key.data(), name, size_t(nameSize)) == 0) {
                onMember(context, Member{index, depth, skipSpace(json, colon + 1)});
                break;
            }
        }
    }
}

} // namespace sy::JsonScan
