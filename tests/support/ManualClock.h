#pragma once

#include "gateway/core/Clock.h"

namespace sy::testing {

/** A clock that moves only when the test says so. */
class ManualClock final : public IClock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::fromString(QStringLiteral("2026-01-01T00:00:00Z"), Qt::ISODate))
        : m_wall(std::move(start))
    { }

    qint64 monotonicMs() const override { return m_monotonicMs; }
    QDateTime nowUtc() const override { return m_wall; }

    void advance(qint64 ms)
    {
        m_monotonicMs += ms;
        m_wall = m_wall.addMSecs(ms);
    }

private:
    qint64 m_monotonicMs = 1'000'000; // not 0, so "never happened" (0 or -1) stays distinct
    QDateTime m_wall;
};

} // namespace sy::testing
