#include "gateway/metrics/MetricsRegistry.h"

#include <cmath>

namespace sy {

namespace {

QByteArray formatNumber(double v)
{
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', 12);
}

// Joins a rendered label set "{a="x"}" with one more label, for histogram buckets.
QByteArray withLabel(const QByteArray& labels, const QByteArray& extra)
{
    if (labels.isEmpty())
        return '{' + extra + '}';
    QByteArray out = labels;
    out.insert(out.size() - 1, ',' + extra);
    return out;
}

} // namespace

int MetricsRegistry::declare(QByteArray name, QByteArray help, Kind kind, QList<double> buckets)
{
    m_families.push_back(Family{std::move(name), std::move(help), kind, std::move(buckets), {}, {}});
    return int(m_families.size() - 1);
}

QByteArray MetricsRegistry::renderLabels(const MetricLabels& labels)
{
    if (labels.isEmpty())
        return {};
    QByteArray out = "{";
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += labels[i].first;
        out += "=\"";
        for (char c : labels[i].second) {
            if (c == '\\' || c == '"')
                out += '\\';
            if (c == '\n')
                out += "\\n";
            else
                out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

void MetricsRegistry::add(int family, const MetricLabels& labels, double amount)
{
    m_families[family].values[renderLabels(labels)] += amount;
}

void MetricsRegistry::set(int family, const MetricLabels& labels, double value)
{
    m_families[family].values[renderLabels(labels)] = value;
}

void MetricsRegistry::observe(int family, const MetricLabels& labels, double value)
{
    histogram(family, labels)->observe(value);
}

void MetricsRegistry::clear(int family)
{
    m_families[family].values.clear();
    m_families[family].histograms.clear();
}

double* MetricsRegistry::series(int family, const MetricLabels& labels)
{
    return &m_families[family].values[renderLabels(labels)];
}

MetricsRegistry::HistogramSeries* MetricsRegistry::histogram(int family, const MetricLabels& labels)
{
    Family& f = m_families[family];
    HistogramSeries& h = f.histograms[renderLabels(labels)];
    if (!h.m_buckets) {
        h.m_buckets = &f.buckets;
        h.m_counts.resize(f.buckets.size() + 1);
    }
    return &h;
}

void MetricsRegistry::HistogramSeries::observe(double value)
{
    qsizetype bucket = 0;
    while (bucket < m_buckets->size() && value > (*m_buckets)[bucket])
        ++bucket;
    ++m_counts[bucket];
    m_sum += value;
    ++m_count;
}

double MetricsRegistry::value(int family, const MetricLabels& labels) const
{
    const Family& f = m_families[family];
    const auto it = f.values.find(renderLabels(labels));
    return it == f.values.end() ? 0.0 : it->second;
}

double MetricsRegistry::total(int family) const
{
    double sum = 0;
    for (const auto& [labels, v] : m_families[family].values)
        sum += v;
    return sum;
}

QByteArray MetricsRegistry::exposition() const
{
    QByteArray out;
    out.reserve(4096);
    for (const Family& f : m_families) {
        const char* type = f.kind == Kind::Counter ? "counter" : f.kind == Kind::Gauge ? "gauge" : "histogram";
        // Prometheus counters carry a _total suffix; LiteLLM's names do not, so add it on output.
        // HELP and TYPE name the samples (as LiteLLM's prometheus_client does): a TYPE line for
        // "x" over samples "x_total" leaves the samples untyped, and promtool rejects them.
        const QByteArray sample = f.kind == Kind::Counter && !f.name.endsWith("_total") ? f.name + "_total" : f.name;
        out += "# HELP " + sample + ' ' + f.help + '\n';
        out += "# TYPE " + sample + ' ' + type + '\n';
        for (const auto& [labels, v] : f.values)
            out += sample + labels + ' ' + formatNumber(v) + '\n';
        for (const auto& [labels, h] : f.histograms) {
            quint64 cumulative = 0;
            for (qsizetype i = 0; i < h.m_counts.size(); ++i) {
                cumulative += h.m_counts[i];
                const QByteArray le = i < f.buckets.size() ? formatNumber(f.buckets[i]) : QByteArray("+Inf");
                out += f.name + "_bucket" + withLabel(labels, "le=\"" + le + '"') + ' ' + QByteArray::number(cumulative)
                    + '\n';
            }
            out += f.name + "_sum" + labels + ' ' + formatNumber(h.m_sum) + '\n';
            out += f.name + "_count" + labels + ' ' + QByteArray::number(h.m_count) + '\n';
        }
    }
    return out;
}

} // namespace sy
