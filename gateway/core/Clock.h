#pragma once

#include <QDateTime>
#include <QDeadlineTimer>

namespace sy {

/**
 * Time, injected: rate limits, budgets, cooldowns, backoff and health thresholds read it
 * through this interface, so their tests step a ManualClock (tests/support) instead of sleeping.
 */
class IClock
{
public:
    virtual ~IClock() = default;
    /** Monotonic milliseconds, for intervals and deadlines. */
    virtual qint64 monotonicMs() const = 0;
    /** Wall-clock time, for records, expiry dates and budget periods. */
    virtual QDateTime nowUtc() const = 0;
};

class SystemClock final : public IClock
{
public:
    qint64 monotonicMs() const override { return QDeadlineTimer::current().deadline(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }

    /** The process-wide instance, for components not given another clock. */
    static SystemClock& instance()
    {
        static SystemClock clock;
        return clock;
    }
};

} // namespace sy
