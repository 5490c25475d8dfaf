#include "gateway/routing/SimpleShuffleStrategy.h"

#include "gateway/core/Deployment.h"

#include <QVarLengthArray>

namespace sy {

namespace {

enum class WeightBy
{
    Weight,
    Rpm,
    Tpm,
    Equal,
};

WeightBy weightBasis(const QList<const Deployment*>& candidates)
{
    const auto any = [&](auto predicate) { return std::any_of(candidates.cbegin(), candidates.cend(), predicate); };
    if (any([](const Deployment* d) { return d->weight != 1.0; }))
        return WeightBy::Weight;
    if (any([](const Deployment* d) { return d->rpm > 0; }))
        return WeightBy::Rpm;
    if (any([](const Deployment* d) { return d->tpm > 0; }))
        return WeightBy::Tpm;
    return WeightBy::Equal;
}

double weightOf(const Deployment& d, WeightBy basis)
{
    switch (basis) {
    case WeightBy::Weight:
        return d.weight;
    case WeightBy::Rpm:
        return d.rpm;
    case WeightBy::Tpm:
        return double(d.tpm);
    case WeightBy::Equal:
        break;
    }
    return 1.0;
}

} // namespace

const Deployment* SimpleShuffleStrategy::pick(const RoutingInput& input)
{
    const QList<const Deployment*>& candidates = input.candidates;
    if (candidates.size() == 1)
        return candidates.first();
    const WeightBy basis = weightBasis(candidates);
    QVarLengthArray<double, 8> cumulative;
    double total = 0;
    for (const Deployment* d : candidates) {
        total += qMax(0.0, weightOf(*d, basis));
        cumulative.append(total);
    }
    if (total <= 0) // every weight 0 (e.g. rpm unset next to rpm 0): fall back to equal chances
        return candidates.at(
            qsizetype(std::uniform_int_distribution<qsizetype>(0, candidates.size() - 1)(input.random)));
    const double point = std::uniform_real_distribution<double>(0, total)(input.random);
    for (qsizetype i = 0; i < cumulative.size(); ++i) {
        if (point < cumulative[i])
            return candidates.at(i);
    }
    return candidates.last();
}

} // namespace sy
