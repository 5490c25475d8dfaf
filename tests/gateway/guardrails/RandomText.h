#pragma once

#include <QRandomGenerator>
#include <QString>

namespace sy::testing {

/** Up to @p maxLength pieces drawn from @p alphabet (characters, or strings such as surrogate
    pairs), joined: the random texts the guardrail tests compare two implementations on. */
template <class Alphabet>
QString randomString(QRandomGenerator& random, int maxLength, const Alphabet& alphabet)
{
    QString s;
    const int length = int(random.bounded(maxLength + 1));
    for (int i = 0; i < length; ++i)
        s += alphabet[random.bounded(alphabet.size())];
    return s;
}

} // namespace sy::testing
