#pragma once

#include "gateway/routing/MinuteWindow.h"

#include <QHash>
#include <QHostAddress>

namespace sy {

class IClock;

/**
 * Slows down guessing keys online (issue #15). An address with more than the limit of failed
 * authentications (a wrong key; a missing one guesses nothing) within a minute is refused with
 * 429 and Retry-After, without its key even being looked at, for a while that doubles with every
 * request it sends while refused (1 s, 2 s, 4 s, … up to an hour), and again with every new
 * lockout. A client that waits as told is let in again after the first pause. The lockout is
 * logged once, when it starts.
 *
 * Every address counts, loopback included: a guess from a local process is a guess too, and
 * the limit is high enough that a working client never meets it. IPv6 addresses count per /64,
 * the block one host usually owns. At most kMaxAddresses are tracked; quiet ones go first.
 */
class AuthThrottle
{
public:
    static constexpr int kMaxAddresses = 4096;

    explicit AuthThrottle(const IClock& clock);

    /** Failed authentications allowed per address and minute; 0 turns the throttle off. */
    void setLimit(int failuresPerMinute) { m_limit = failuresPerMinute; }

    /**
     * Seconds @p peer must wait before it may try again, or 0. A request refused this way lengthens
     * the wait: it is one more try.
     */
    int admit(const QHostAddress& peer);
    /** @p peer failed to authenticate. */
    void noteFailure(const QHostAddress& peer);

    int trackedAddresses() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        MinuteWindow failures;
        qint64 lockedUntilMs = 0;
        qint64 lastSeenMs = 0;
        int strikes = 0; ///< lockouts and refused tries: each doubles the next pause
    };

    static QHostAddress keyOf(const QHostAddress& peer);
    qint64 lock(Entry& entry, qint64 nowMs);
    Entry& entryFor(const QHostAddress& key, qint64 nowMs);
    void evict(qint64 nowMs);

    const IClock* m_clock; ///< a pointer, so AuthStage stays assignable
    int m_limit = 10;
    QHash<QHostAddress, Entry> m_entries;
};

} // namespace sy
