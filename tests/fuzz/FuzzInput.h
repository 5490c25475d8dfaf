#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

namespace sy::fuzz {

/**
 * The fuzzer's bytes, with a few of them spent on choices (how to split the rest into reads,
 * flags): one input then reaches a parser in pieces, as a socket delivers it.
 */
class FuzzInput
{
public:
    FuzzInput(const uint8_t* data, size_t size)
        : m_data(reinterpret_cast<const char*>(data), qsizetype(size))
    { }

    /** One byte of choice (0 when the input is used up). */
    uint8_t choice()
    {
        if (m_data.isEmpty())
            return 0;
        const auto c = static_cast<uint8_t>(m_data.front());
        m_data = m_data.sliced(1);
        return c;
    }
    /** The rest of the input. */
    QByteArray rest() const { return m_data.toByteArray(); }

    /** Cuts @p all into reads of 1 to 256 bytes, sizes taken from @p seed's bits. */
    template <typename F>
    static void inPieces(QByteArrayView all, uint8_t seed, F feed)
    {
        qsizetype step = seed == 0 ? all.size() : qsizetype(seed);
        while (!all.isEmpty()) {
            const qsizetype n = qMin(qMax<qsizetype>(1, step), all.size());
            feed(all.first(n));
            all = all.sliced(n);
            step = (step * 7 + 3) % 257; // varied, deterministic sizes
        }
    }

private:
    QByteArrayView m_data;
};

} // namespace sy::fuzz
