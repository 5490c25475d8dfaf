#include "gateway/core/JsonWriter.h"

#include "gateway/core/InPlaceWrite.h"

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

// Appends [@p before] '"' @p plain '"' [@p after] in one write (0: no such byte); @p plain needs
// no escaping. Keys and most values go this way, where each piece was a library call of its own;
// forced inline, as a call per key measured 1.6k instructions more per Responses answer.
Q_ALWAYS_INLINE void appendPlainQuoted(QByteArray& out, QByteArrayView plain, char before = 0, char after = 0)
{
    char* p = InPlace::grow(out, (before != 0) + plain.size() + 2 + (after != 0));
    if (before != 0)
        *p++ = before;
    *p++ = '"';
    p = InPlace::put(p, plain);
    *p++ = '"';
    if (after != 0)
        *p = after;
}

} // namespace

void JsonWriter::quotedItem(QByteArrayView utf8, bool asKey)
{
    const char comma = takeComma() ? ',' : 0;
    const char colon = asKey ? ':' : 0;
    const qsizetype plain = plainPrefix(utf8);
    if (plain == utf8.size()) {
        appendPlainQuoted(m_out, utf8, comma, colon);
        return;
    }
    if (comma != 0)
        m_out += comma;
    appendEscaped(m_out, utf8, plain);
    if (colon != 0)
        m_out += colon;
}

void JsonWriter::appendQuoted(QByteArray& out, QByteArrayView utf8)
{
    const qsizetype plain = plainPrefix(utf8);
    if (plain == utf8.size())
        appendPlainQuoted(out, utf8);
    else
        appendEscaped(out, utf8, plain);
}

void JsonWriter::appendEscaped(QByteArray& out, QByteArrayView utf8, qsizetype plain)
{
    static constexpr char kHex[] = "0123456789abcdef";
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
