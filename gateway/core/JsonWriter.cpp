#include "gateway/core/JsonWriter.h"

#include <QString>

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

void JsonWriter::separate()
{
    if (takeComma())
        m_out += ',';
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_first.append(true);
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    m_out += '}';
    m_first.removeLast();
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_first.append(true);
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    m_out += ']';
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
    char digits[24];
    const char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_out.append(digits, end - digits);
    return *this;
}

JsonWriter& JsonWriter::number(double value)
{
    separate();
    // JSON has no NaN or infinity.
    m_out += qIsFinite(value) ? QByteArray::number(value, 'g', 17) : QByteArrayLiteral("null");
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value)
{
    separate();
    m_out += value ? QByteArrayView("true") : QByteArrayView("false");
    return *this;
}

JsonWriter& JsonWriter::null()
{
    separate();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out += json;
    return *this;
}

namespace {

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// How many bytes from the start of @p text need no escaping: eight at a time while a word holds
// no '"', '\\' or control character (bytes of 0x80 and above pass: UTF-8 goes out as it is).
qsizetype plainPrefix(QByteArrayView text)
{
    constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto zeroBytes = [](quint64 v) { return (v - ones) & ~v & highs; };
    qsizetype i = 0;
    for (; text.size() - i >= 8; i += 8) {
        quint64 word;
        std::memcpy(&word, text.data() + i, sizeof word);
        const quint64 control = (word - ones * 0x20) & ~word & highs;
        if (control | zeroBytes(word ^ (ones * '"')) | zeroBytes(word ^ (ones * '\\')))
            break;
    }
    while (i < text.size() && !needsEscape(static_cast<unsigned char>(text[i])))
        ++i;
    return i;
}

// @p n more bytes at the end of @p out, for the caller to fill; grown geometrically (an exact
// reserve per call would copy the whole output every time).
char* appendSpace(QByteArray& out, qsizetype n)
{
    const qsizetype at = out.size();
    if (out.capacity() < at + n)
        out.reserve(qMax(at + n, 2 * out.capacity()));
    out.resize(at + n);
    return out.data() + at;
}

} // namespace

void JsonWriter::quotedItem(QByteArrayView utf8, bool asKey)
{
    const bool comma = takeComma();
    if (plainPrefix(utf8) < utf8.size()) {
        if (comma)
            m_out += ',';
        appendQuoted(m_out, utf8);
        if (asKey)
            m_out += ':';
        return;
    }
    // Keys and most values: the separator, the quotes and the text in one write, where each
    // piece was a library call of its own (a key cost ~300 instructions).
    char* p = appendSpace(m_out, comma + utf8.size() + 2 + asKey);
    if (comma)
        *p++ = ',';
    *p++ = '"';
    if (!utf8.isEmpty())
        std::memcpy(p, utf8.data(), size_t(utf8.size()));
    p += utf8.size();
    *p++ = '"';
    if (asKey)
        *p = ':';
}

void JsonWriter::appendQuoted(QByteArray& out, QByteArrayView utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const qsizetype plain = plainPrefix(utf8);
    if (plain == utf8.size()) {
        // The usual case (ids, most text): written in place, where appending piece by piece
        // cost a library call per quote and per run of plain bytes.
        char* p = appendSpace(out, utf8.size() + 2);
        *p++ = '"';
        if (!utf8.isEmpty())
            std::memcpy(p, utf8.data(), size_t(utf8.size()));
        p[utf8.size()] = '"';
        return;
    }
    out += '"';
    qsizetype run = 0; // start of bytes that need no escaping, copied in one go
    for (qsizetype i = plain; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (!needsEscape(c))
            continue;
        out += utf8.sliced(run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
            break;
        }
    }
    out += utf8.sliced(run);
    out += '"';
}

} // namespace sy
