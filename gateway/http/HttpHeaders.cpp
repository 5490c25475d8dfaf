#include "gateway/http/HttpHeaders.h"

#include "gateway/core/InPlaceWrite.h"
#include "gateway/http/HeaderNames.h"

#include <array>
#include <cstring>
#include <string_view>

namespace sy {

namespace {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

// A stored (lower-case) name against any-case @p name: inline, as lookups run a dozen times a
// request and Qt's case-insensitive compare is a library call with locale-free tables.
bool isName(const QByteArray& stored, QByteArrayView name)
{
    if (stored.size() != name.size())
        return false;
    const char* s = stored.constData();
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (s[i] != lowerAscii(name[i]))
            return false;
    }
    return true;
}

// Eight bytes at a time: addShared gets a dozen names a request, many of them 20-30 bytes long.
bool isLowerCase(QByteArrayView name)
{
    constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const char* p = name.data();
    qsizetype n = name.size();
    for (; n >= 8; p += 8, n -= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        // Per byte, below 0x80: the high bit of (b + 0x80 - 'A') says b >= 'A', of
        // (b + 0x80 - 'Z' - 1) says b > 'Z'. Bytes from 0x80 up are never upper-case ASCII.
        const quint64 low7 = word & ~highs;
        const quint64 atLeastA = low7 + ones * (0x80 - 'A');
        const quint64 aboveZ = low7 + ones * (0x80 - 'Z' - 1);
        if (atLeastA & ~aboveZ & ~word & highs)
            return false;
    }
    for (; n > 0; ++p, --n) {
        if (*p >= 'A' && *p <= 'Z')
            return false;
    }
    return true;
}

// Names nearly every request and answer carries: stored as the shared constant, not a new array.
const QByteArray kHost = QByteArrayLiteral("host");
const QByteArray kXApiKey = QByteArrayLiteral("x-api-key");
const QByteArray* const kCommonNames[] = {
    &kHost,
    &kXApiKey,
    &Headers::kAccept,
    &Headers::kAuthorization,
    &Headers::kConnection,
    &Headers::kContentLength,
    &Headers::kContentType,
    &Headers::kTransferEncoding,
    &Headers::kUserAgent,
};

QByteArray lowerCaseName(QByteArrayView name)
{
    for (const QByteArray* common : kCommonNames) {
        if (isName(*common, name))
            return *common;
    }
    QByteArray lower(name.size(), Qt::Uninitialized);
    char* out = lower.data();
    for (qsizetype i = 0; i < name.size(); ++i)
        out[i] = lowerAscii(name[i]);
    return lower;
}

} // namespace

void HttpHeaders::add(QByteArrayView name, QByteArrayView value)
{
    m_fields.append({lowerCaseName(name), value.toByteArray()});
}

void HttpHeaders::addShared(const QByteArray& name, const QByteArray& value)
{
    m_fields.append({isLowerCase(name) ? name : name.toLower(), value});
}

void HttpHeaders::set(QByteArrayView name, QByteArrayView value)
{
    remove(name);
    add(name, value);
}

void HttpHeaders::remove(QByteArrayView name)
{
    m_fields.removeIf([name](const Field& f) { return isName(f.first, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    for (const auto& f : m_fields) {
        if (isName(f.first, name))
            return true;
    }
    return false;
}

QByteArray HttpHeaders::value(QByteArrayView name) const
{
    for (const auto& f : m_fields) {
        if (isName(f.first, name))
            return f.second;
    }
    return {};
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const
{
    QByteArray out;
    for (const auto& f : m_fields) {
        if (!isName(f.first, name))
            continue;
        if (!out.isEmpty())
            out += ", ";
        out += f.second;
    }
    return out;
}

bool HttpHeaders::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto& f : m_fields) {
        if (isName(f.first, name)
            && !forEachListItem(f.second, [token](QByteArrayView item) { return !equalsIgnoreCase(item, token); }))
            return true;
    }
    return false;
}

qsizetype HttpHeaders::wireSize() const
{
    qsizetype size = 0;
    for (const auto& f : m_fields)
        size += f.first.size() + 2 + f.second.size() + 2;
    return size;
}

char* HttpHeaders::writeTo(char* at) const
{
    for (const auto& f : m_fields) {
        at = InPlace::put(at, f.first);
        at = InPlace::put(at, ": ");
        at = InPlace::put(at, f.second);
        at = InPlace::put(at, "\r\n");
    }
    return at;
}

QByteArrayView HttpHeaders::trimmedOws(QByteArrayView value)
{
    while (!value.isEmpty() && (value.front() == ' ' || value.front() == '\t'))
        value = value.sliced(1);
    while (!value.isEmpty() && (value.back() == ' ' || value.back() == '\t'))
        value.chop(1);
    return value;
}

bool HttpHeaders::isValidName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    // RFC 9110 tchar, as a table: every header of every request and response comes through here.
    static constexpr auto kTchar = [] {
        std::array<bool, 256> table{};
        for (int c = '0'; c <= '9'; ++c)
            table[c] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            table[c] = table[c - 'a' + 'A'] = true;
        for (char c : std::string_view("!#$%&'*+-.^_`|~"))
            table[static_cast<unsigned char>(c)] = true;
        return table;
    }();
    for (char c : name) {
        if (!kTchar[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

bool HttpHeaders::isValidValue(QByteArrayView value)
{
    for (char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

} // namespace sy
