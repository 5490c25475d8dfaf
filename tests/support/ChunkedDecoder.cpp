#include "tests/support/ChunkedDecoder.h"

#include <algorithm>

namespace sy::testing {

namespace {
// A size line or trailer longer than this is an attack or a bug, not HTTP.
constexpr qsizetype MaxLineLength = 4096;
} // namespace

ChunkedDecoder::Result ChunkedDecoder::feed(QByteArrayView in, qsizetype* consumed, QByteArray* out)
{
    qsizetype pos = 0;
    Result result = Result::NeedMore;
    while (pos < in.size() && m_state != State::Done) {
        if (m_state == State::Data) {
            const qsizetype n = std::min<qint64>(m_remaining, in.size() - pos);
            out->append(in.sliced(pos, n));
            pos += n;
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            continue;
        }
        const qsizetype eol = in.indexOf('\n', pos);
        if (eol < 0) {
            if (in.size() - pos > MaxLineLength)
                result = Result::Error;
            break;
        }
        QByteArrayView line = in.sliced(pos, eol - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = eol + 1;
        if (!handleLine(line)) {
            result = Result::Error;
            break;
        }
    }
    if (m_state == State::Done)
        result = Result::Done;
    *consumed = pos;
    return result;
}

bool ChunkedDecoder::handleLine(QByteArrayView line)
{
    switch (m_state) {
    case State::Size: {
        const qsizetype semicolon = line.indexOf(';');
        const QByteArrayView digits = (semicolon < 0 ? line : line.first(semicolon)).trimmed();
        bool ok = false;
        const qint64 size = digits.toLongLong(&ok, 16);
        if (!ok || size < 0 || digits.isEmpty())
            return false;
        m_remaining = size;
        m_state = size == 0 ? State::Trailer : State::Data;
        return true;
    }
    case State::DataEnd:
        m_state = State::Size;
        return line.isEmpty();
    case State::Trailer:
        if (line.isEmpty())
            m_state = State::Done;
        return true;
    case State::Data:
    case State::Done:
        break;
    }
    return false;
}

void ChunkedDecoder::reset()
{
    m_state = State::Size;
    m_remaining = 0;
}

} // namespace sy::testing
