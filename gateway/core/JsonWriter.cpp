#include "gateway/core/JsonWriter.h"

#include <QString>

namespace sy {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.isEmpty())
        return;
    if (!m_first.back())
        m_out += ',';
    m_first.back() = false;
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
    separate();
    appendQuoted(m_out, name);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::string(QStringView text)
{
    return stringUtf8(text.toUtf8());
}

JsonWriter& JsonWriter::stringUtf8(QByteArrayView utf8)
{
    separate();
    appendQuoted(m_out, utf8);
    return *this;
}

JsonWriter& JsonWriter::number(qint64 value)
{
    separate();
    m_out += QByteArray::number(value);
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

void JsonWriter::appendQuoted(QByteArray& out, QByteArrayView utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    qsizetype run = 0; // start of bytes that need no escaping, copied in one go
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
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
