#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace sy::InPlace {

/**
 * Helpers for text sized first and then written straight into its buffer: one allocation and a
 * memcpy per piece, where QByteArray::append goes through its generic insert (aliasing, detach,
 * growth) for every piece. Used for response heads, upstream requests and JSON.
 */

/** Copies @p bytes to @p at, which has room; returns the end. */
inline char* put(char* at, QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return at; // a null array's view has no pointer, which memcpy must not get
    std::memcpy(at, bytes.data(), size_t(bytes.size()));
    return at + bytes.size();
}

/** Makes @p n more bytes at the end of @p out for the caller to fill, and returns where they
    start. Grows geometrically: an exact reserve per call would copy the whole text every time. */
inline char* grow(QByteArray& out, qsizetype n)
{
    const qsizetype at = out.size();
    if (out.capacity() < at + n)
        out.reserve(qMax(at + n, 2 * out.capacity()));
    out.resize(at + n);
    return out.data() + at;
}

} // namespace sy::InPlace
