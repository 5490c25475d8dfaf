#include "gateway/http/HttpHeaders.h"

#include "gateway/core/InPlaceWrite.h"

#include <array>
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

bool isLowerCase(QByteArrayView name)
{
    for (char c : name) {
        if (c >= 'A' && c <= 'Z')
            return false;
    }
    return true;
}

} // namespace

void HttpHeaders::add(QByteArrayView name, QByteArrayView value)
{
    QByteArray lower(name.size(), Qt::Uninitialized);
    char* out = lower.data();
    for (qsizetype i = 0; i < name.size(); ++i)
        out[i] = lowerAscii(name[i]);
    m_fields.append({std::move(lower), value.toByteArray()});
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
    const QByteArray all = combinedValue(name);
    for (const QByteArray& part : all.split(',')) {
        if (equalsIgnoreCase(part.trimmed(), token))
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
