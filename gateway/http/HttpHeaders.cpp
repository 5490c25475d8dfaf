#include "gateway/http/HttpHeaders.h"

namespace sy {

namespace {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
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
    m_fields.append({isLowerCase(name) ? name.toByteArray() : name.toByteArray().toLower(), value.toByteArray()});
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
    m_fields.removeIf([name](const Field& f) { return equalsIgnoreCase(f.first, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    for (const auto& f : m_fields) {
        if (equalsIgnoreCase(f.first, name))
            return true;
    }
    return false;
}

QByteArray HttpHeaders::value(QByteArrayView name) const
{
    for (const auto& f : m_fields) {
        if (equalsIgnoreCase(f.first, name))
            return f.second;
    }
    return {};
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const
{
    QByteArray out;
    for (const auto& f : m_fields) {
        if (!equalsIgnoreCase(f.first, name))
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

void HttpHeaders::serializeTo(QByteArray& out) const
{
    for (const auto& f : m_fields) {
        out += f.first;
        out += ": ";
        out += f.second;
        out += "\r\n";
    }
}

bool HttpHeaders::isValidName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        const bool tchar = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!tchar)
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
