#include "gateway/core/JsonWriter.h"

#include "gateway/core/InPlaceWrite.h"

#include <QString>
#include <QtEndian>

#include <charconv>
#include <cstring>

namespace sy {

bool JsonWriter::takeComma()
{
    if (m_afterKey) {
        m_afterKey = false;
        return false;
    }
    if (m_first.isEmpty())
        return false;
    const bool comma = !m_first.back();
    m_first.back() = false;
    return comma;
}

void JsonWriter::makeRoom(qsizetype n)
{
    // Geometric growth: sizing to each piece would copy the whole text every time.
    m_out.resize(qMax(m_used + n, qMax<qsizetype>(2 * m_out.size(), 128)));
    m_data = m_out.data();
}

void JsonWriter::reserve(qsizetype size)
{
    if (size > m_out.size()) {
        m_out.resize(size);
        m_data = m_out.data();
    }
}

QByteArray JsonWriter::take()
{
    m_out.truncate(m_used);
    m_data = nullptr;
    m_used = 0;
    return std::exchange(m_out, {});
}

void JsonWriter::put(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        std::memcpy(room(bytes.size()), bytes.data(), size_t(bytes.size()));
}

void JsonWriter::separate()
{
    if (takeComma())
        put(',');
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    put('{');
    m_first.append(true);
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    put('}');
    m_first.removeLast();
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    separate();
    put('[');
    m_first.append(true);
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    put(']');
    m_first.removeLast();
    return *this;
}

JsonWriter& JsonWriter::key(QByteArrayView name)
{
    quotedItem(name, true);
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::string(QStringView text)
{
    return stringUtf8(text.toUtf8());
}

JsonWriter& JsonWriter::stringUtf8(QByteArrayView utf8)
{
    quotedItem(utf8, false);
    return *this;
}

JsonWriter& JsonWriter::number(qint64 value)
{
    separate();
    char* at = room(24);
    m_used -= 24 - (std::to_chars(at, at + 24, value).ptr - at);
    return *this;
}

JsonWriter& JsonWriter::number(double value)
{
    separate();
    // JSON has no NaN or infinity.
    put(qIsFinite(value) ? QByteArray::number(value, 'g', 17) : QByteArrayLiteral("null"));
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value)
{
    separate();
    put(value ? QByteArrayView("true") : QByteArrayView("false"));
    return *this;
}

JsonWriter& JsonWriter::null()
{
    separate();
    put(QByteArrayView("null"));
    return *this;
}

JsonWriter& JsonWriter::raw(QByteArrayView json)
{
    separate();
    put(json);
    return *this;
}

namespace {

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// The bytes of @p word that need escaping ('"', '\\', control characters), flagged by their top
// bit; flags above the lowest flagged byte may be false, the lowest one is true.
quint64 escapeBytes(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto zeroBytes = [](quint64 v) { return (v - ones) & ~v & highs; };
    const quint64 control = (word - ones * 0x20) & ~word & highs;
    return control | zeroBytes(word ^ (ones * '"')) | zeroBytes(word ^ (ones * '\\'));
}

quint64 loadWord(const char* at)
{
    quint64 word;
    std::memcpy(&word, at, sizeof word);
    return qFromLittleEndian(word);
}

// How many bytes from the start of @p text need no escaping, found eight at a time (bytes of
// 0x80 and above pass: UTF-8 goes out as it is). The tail is tested as one word too: the last
// eight bytes, or a short text padded with spaces, so a key of a few bytes takes one test.
qsizetype plainPrefix(QByteArrayView text)
{
    const char* const data = text.data();
    const qsizetype size = text.size();
    qsizetype i = 0;
    for (; size - i >= 8; i += 8) {
        if (const quint64 flagged = escapeBytes(loadWord(data + i)))
            return i + qsizetype(qCountTrailingZeroBits(flagged) / 8);
    }
    if (i == size)
        return size;
    if (size >= 8) {
        // Overlaps bytes already found plain, so its first flagged byte is in the tail.
        const quint64 flagged = escapeBytes(loadWord(data + size - 8));
        return flagged ? size - 8 + qsizetype(qCountTrailingZeroBits(flagged) / 8) : size;
    }
    char padded[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    for (qsizetype k = 0; k < size; ++k)
        padded[k] = data[k];
    const quint64 flagged = escapeBytes(loadWord(padded));
    return flagged ? qsizetype(qCountTrailingZeroBits(flagged) / 8) : size;
}

bool hasShortEscape(unsigned char c)
{
    return c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t';
}

/** The length of @p utf8 quoted, when its bytes from @p plain on may need escapes. */
qsizetype quotedSize(QByteArrayView utf8, qsizetype plain)
{
    qsizetype size = utf8.size() + 2;
    for (qsizetype i = plain; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (needsEscape(c))
            size += hasShortEscape(c) ? 1 : 5;
    }
    return size;
}

/** Writes @p utf8 quoted at @p at, which has room for quotedSize(utf8, plain); returns the end. */
char* writeQuoted(char* at, QByteArrayView utf8, qsizetype plain)
{
    static constexpr char kHex[] = "0123456789abcdef";
    *at++ = '"';
    if (plain > 0) {
        std::memcpy(at, utf8.data(), size_t(plain));
        at += plain;
    }
    for (qsizetype i = plain; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (!needsEscape(c)) {
            *at++ = char(c);
            continue;
        }
        *at++ = '\\';
        switch (c) {
        case '\n':
            *at++ = 'n';
            break;
        case '\r':
            *at++ = 'r';
            break;
        case '\t':
            *at++ = 't';
            break;
        case '"':
        case '\\':
            *at++ = char(c);
            break;
        default:
            *at++ = 'u';
            *at++ = '0';
            *at++ = '0';
            *at++ = kHex[c >> 4];
            *at++ = kHex[c & 0xf];
            break;
        }
    }
    *at++ = '"';
    return at;
}

} // namespace

void JsonWriter::quotedItem(QByteArrayView utf8, bool asKey)
{
    const qsizetype plain = plainPrefix(utf8);
    if (plain == utf8.size())
        return plainItem(utf8, asKey);
    const bool comma = takeComma();
    char* at = room(comma + quotedSize(utf8, plain) + asKey);
    if (comma)
        *at++ = ',';
    at = writeQuoted(at, utf8, plain);
    if (asKey)
        *at = ':';
}

void JsonWriter::plainItem(QByteArrayView plain, bool asKey)
{
    const bool comma = takeComma();
    char* at = room(comma + plain.size() + 2 + asKey);
    if (comma)
        *at++ = ',';
    *at++ = '"';
    if (!plain.isEmpty())
        std::memcpy(at, plain.data(), size_t(plain.size()));
    at += plain.size();
    *at++ = '"';
    if (asKey)
        *at = ':';
}

void JsonWriter::appendQuoted(QByteArray& out, QByteArrayView utf8)
{
    const qsizetype plain = plainPrefix(utf8);
    const qsizetype quoted = plain == utf8.size() ? utf8.size() + 2 : quotedSize(utf8, plain);
    writeQuoted(InPlace::grow(out, quoted), utf8, plain);
}

} // namespace sy
