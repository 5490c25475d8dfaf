#include "tests/support/RequestBodyScanner.h"

namespace sy::testing {

namespace {
constexpr int MaxDepth = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
} // namespace

RequestBodyScanner::RequestBodyScanner(QByteArrayView text)
    : m_text(text)
{ }

bool RequestBodyScanner::scan(RequestBodyInfo* info)
{
    skipSpace();
    if (!peekIs('{'))
        return fail("request body must be a JSON object");
    if (!forEachMember(0, [&](QByteArrayView key) { return scanTopLevelField(key, info); }))
        return false;
    skipSpace();
    if (m_pos != m_text.size())
        return fail("unexpected characters after the JSON object");
    return true;
}

int RequestBodyScanner::countWords(QByteArrayView raw)
{
    int words = 0;
    bool inWord = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        bool space = isSpace(raw[i]);
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            const char escaped = raw[++i];
            // \uXXXX counts as a word character: cheap, and deterministic, which is all usage needs.
            space = escaped == 'n' || escaped == 't' || escaped == 'r' || escaped == 'f';
        }
        if (space)
            inWord = false;
        else if (!inWord) {
            inWord = true;
            ++words;
        }
    }
    return words;
}

template <typename F>
bool RequestBodyScanner::forEachMember(int depth, F&& onMember)
{
    if (depth > MaxDepth)
        return fail("JSON nested too deeply");
    if (!expect('{'))
        return false;
    skipSpace();
    if (peekIs('}')) {
        ++m_pos;
        return true;
    }
    for (;;) {
        skipSpace();
        QByteArrayView key;
        if (!readString(&key) || !expect(':'))
            return false;
        skipSpace();
        if (!onMember(key))
            return false;
        skipSpace();
        if (!peekIs(','))
            return expect('}');
        ++m_pos;
    }
}

template <typename F>
bool RequestBodyScanner::forEachElement(int depth, F&& onElement)
{
    if (depth > MaxDepth)
        return fail("JSON nested too deeply");
    if (!expect('['))
        return false;
    skipSpace();
    if (peekIs(']')) {
        ++m_pos;
        return true;
    }
    for (;;) {
        skipSpace();
        if (!onElement())
            return false;
        skipSpace();
        if (!peekIs(','))
            return expect(']');
        ++m_pos;
    }
}

bool RequestBodyScanner::scanTopLevelField(QByteArrayView key, RequestBodyInfo* info)
{
    const qsizetype start = m_pos;
    if (key == "model" && peekIs('"')) {
        QByteArrayView raw;
        if (!readString(&raw))
            return false;
        info->model = m_text.sliced(start, m_pos - start).toByteArray();
        return true;
    }
    if (key == "stream" && (peekIs('t') || peekIs('f'))) {
        info->streamGiven = true;
        return readBool(&info->stream);
    }
    if (key == "stream_options" && peekIs('{'))
        return scanStreamOptions(info);
    if (key == "mock") {
        if (!skipValue(1))
            return false;
        info->mock = m_text.sliced(start, m_pos - start).toByteArray();
        return true;
    }
    if (key == "messages" && peekIs('['))
        return scanMessages(info);
    if (key == "prompt" || key == "input")
        return scanInput(info, true); // Ollama's /api/embeddings embeds its prompt
    if (key == "encoding_format" && peekIs('"')) {
        QByteArrayView raw;
        if (!readString(&raw))
            return false;
        info->base64Embeddings = raw == "base64";
        return true;
    }
    return skipValue(1);
}

bool RequestBodyScanner::scanStreamOptions(RequestBodyInfo* info)
{
    return forEachMember(1, [&](QByteArrayView key) {
        if (key == "include_usage" && (peekIs('t') || peekIs('f')))
            return readBool(&info->includeUsage);
        return skipValue(2);
    });
}

bool RequestBodyScanner::scanMessages(RequestBodyInfo* info)
{
    return forEachElement(1, [&]() {
        if (!peekIs('{'))
            return skipValue(2);
        return forEachMember(2,
                             [&](QByteArrayView key) { return key == "content" ? scanContent(info) : skipValue(3); });
    });
}

bool RequestBodyScanner::scanContent(RequestBodyInfo* info)
{
    QByteArrayView raw;
    if (peekIs('"')) {
        if (!readString(&raw))
            return false;
        info->promptWords += countWords(raw);
        return true;
    }
    if (!peekIs('['))
        return skipValue(3);
    // Multimodal content: [{"type":"text","text":"..."}, {"type":"image_url",...}]
    return forEachElement(3, [&]() {
        if (!peekIs('{'))
            return skipValue(4);
        return forEachMember(4, [&](QByteArrayView key) {
            if (key != "text" || !peekIs('"'))
                return skipValue(5);
            if (!readString(&raw))
                return false;
            info->promptWords += countWords(raw);
            return true;
        });
    });
}

bool RequestBodyScanner::scanInput(RequestBodyInfo* info, bool collectInputs)
{
    QByteArrayView raw;
    if (peekIs('"')) {
        if (!readString(&raw))
            return false;
        info->promptWords += countWords(raw);
        if (collectInputs)
            info->inputs.append(raw.toByteArray());
        return true;
    }
    if (!peekIs('['))
        return skipValue(1);
    // A string, a list of strings, a token list, or a list of token lists (OpenAI accepts all four).
    const qsizetype start = m_pos;
    bool tokenList = false;
    const bool ok = forEachElement(1, [&]() {
        const qsizetype elementStart = m_pos;
        if (peekIs('"')) {
            if (!readString(&raw))
                return false;
            info->promptWords += countWords(raw);
        } else if (peekIs('[')) {
            const auto countToken = [&]() {
                ++info->promptWords;
                return skipValue(3);
            };
            if (!forEachElement(2, countToken))
                return false;
            raw = m_text.sliced(elementStart, m_pos - elementStart);
        } else {
            tokenList = true;
            ++info->promptWords;
            return skipValue(2);
        }
        if (collectInputs)
            info->inputs.append(raw.toByteArray());
        return true;
    });
    if (ok && tokenList && collectInputs)
        info->inputs = {m_text.sliced(start, m_pos - start).toByteArray()};
    return ok;
}

bool RequestBodyScanner::skipValue(int depth)
{
    skipSpace();
    if (m_pos >= m_text.size())
        return fail("unexpected end of JSON");
    QByteArrayView raw;
    switch (m_text[m_pos]) {
    case '{':
        return forEachMember(depth + 1, [&](QByteArrayView) { return skipValue(depth + 1); });
    case '[':
        return forEachElement(depth + 1, [&]() { return skipValue(depth + 1); });
    case '"':
        return readString(&raw);
    case 't':
        return readLiteral("true");
    case 'f':
        return readLiteral("false");
    case 'n':
        return readLiteral("null");
    default:
        return skipNumber();
    }
}

bool RequestBodyScanner::readString(QByteArrayView* raw)
{
    if (!peekIs('"'))
        return fail("expected a string");
    const qsizetype start = ++m_pos;
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '"') {
            *raw = m_text.sliced(start, m_pos - start);
            ++m_pos;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            return fail("control character in string");
        if (c == '\\') {
            if (m_pos + 1 >= m_text.size())
                break;
            const char e = m_text[m_pos + 1];
            if (e == 'u') {
                if (m_pos + 6 > m_text.size())
                    break;
                for (qsizetype i = m_pos + 2; i < m_pos + 6; ++i) {
                    if (!isxdigit(static_cast<unsigned char>(m_text[i])))
                        return fail("invalid \\u escape");
                }
                m_pos += 4;
            } else if (!QByteArrayView("\"\\/bfnrt").contains(e)) {
                return fail("invalid escape in string");
            }
            ++m_pos;
        }
        ++m_pos;
    }
    return fail("unterminated string");
}

bool RequestBodyScanner::readLiteral(QByteArrayView literal)
{
    if (!m_text.sliced(m_pos).startsWith(literal))
        return fail("invalid literal");
    m_pos += literal.size();
    return true;
}

bool RequestBodyScanner::readBool(bool* value)
{
    *value = peekIs('t');
    return readLiteral(*value ? "true" : "false");
}

bool RequestBodyScanner::skipNumber()
{
    const qsizetype start = m_pos;
    if (peekIs('-'))
        ++m_pos;
    const auto digits = [&]() {
        const qsizetype from = m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
            ++m_pos;
        return m_pos > from;
    };
    if (!digits())
        return fail(m_pos == start ? "unexpected character" : "invalid number");
    if (peekIs('.') && (++m_pos, !digits()))
        return fail("invalid number");
    if (peekIs('e') || peekIs('E')) {
        ++m_pos;
        if (peekIs('+') || peekIs('-'))
            ++m_pos;
        if (!digits())
            return fail("invalid number");
    }
    return true;
}

bool RequestBodyScanner::expect(char c)
{
    skipSpace();
    if (peekIs(c)) {
        ++m_pos;
        return true;
    }
    return fail(c == ':'       ? "expected ':'"
                    : c == '}' ? "expected ',' or '}'"
                    : c == ']' ? "expected ',' or ']'"
                               : "unexpected character");
}

bool RequestBodyScanner::peekIs(char c)
{
    return m_pos < m_text.size() && m_text[m_pos] == c;
}

void RequestBodyScanner::skipSpace()
{
    while (m_pos < m_text.size() && isSpace(m_text[m_pos]))
        ++m_pos;
}

bool RequestBodyScanner::fail(const char* message)
{
    if (m_error.isEmpty())
        m_error = QByteArray(message) + " at offset " + QByteArray::number(m_pos);
    return false;
}

} // namespace sy::testing
