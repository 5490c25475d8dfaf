#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>

#include <deque>
#include <map>

namespace sy {

/** Label name/value pairs of one series, in declaration order. */
using MetricLabels = QList<QPair<QByteArrayView, QByteArrayView>>;

/**
 * Counters, gauges and histograms, rendered in the Prometheus text exposition format (0.0.4).
 * Single-threaded by design: it lives on the gateway thread, like everything it counts.
 */
class MetricsRegistry
{
public:
    enum class Kind
    {
        Counter,
        Gauge,
        Histogram,
    };

    /** One histogram series; a stable handle, like the counter and gauge handles below. */
    class HistogramSeries
    {
    public:
        void observe(double value);

    private:
        friend class MetricsRegistry;
        const QList<double>* m_buckets = nullptr;
        QList<quint64> m_counts; ///< per bucket, not cumulative; the last is +Inf
        double m_sum = 0;
        quint64 m_count = 0;
    };

    /** Declares a family. @p buckets are the histogram's upper bounds, ascending (+Inf is implied). */
    int declare(QByteArray name, QByteArray help, Kind kind, QList<double> buckets = {});

    void add(int family, const MetricLabels& labels, double amount = 1.0);
    void set(int family, const MetricLabels& labels, double value);
    void observe(int family, const MetricLabels& labels, double value);
    /** Drops every series of @p family: only for families written with set(), never through handles. */
    void clear(int family);

    /**
     * Stable handles to one series, created on first use. Hot paths keep them, so counting a
     * request is an addition instead of rendering label strings every time.
     */
    double* series(int family, const MetricLabels& labels);
    HistogramSeries* histogram(int family, const MetricLabels& labels);

    /** Value of one counter or gauge series, 0 when absent (for snapshots and tests). */
    double value(int family, const MetricLabels& labels) const;
    /** Sum of every series of a counter or gauge family, whatever their labels (for the dashboards). */
    double total(int family) const;

    QByteArray exposition() const;

    static QByteArray renderLabels(const MetricLabels& labels);

private:
    struct Family
    {
        QByteArray name;
        QByteArray help;
        Kind kind;
        QList<double> buckets;
        std::map<QByteArray, double> values; ///< rendered labels → value; ordered for stable output
        std::map<QByteArray, HistogramSeries> histograms;
    };

    std::deque<Family> m_families; ///< a deque: series handles point into families, which must not move
};

} // namespace sy
