#include "gateway/keys/KeyLimiter.h"

#include "gateway/core/Clock.h"
#include "gateway/keys/KeyCache.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qint64 kWindowMs = 60'000;

} // namespace

KeyLimiter::KeyLimiter(const IClock& clock)
    : m_clock(clock)
{ }

QString KeyLimiter::nameOf(const KeyEntry& entry)
{
    return entry.key.alias.isEmpty() ? entry.key.keyName : entry.key.alias;
}

qint64 KeyLimiter::currentWindow() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch() / kWindowMs;
}

int KeyLimiter::secondsToNextWindow() const
{
    const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
    const qint64 left = kWindowMs - now % kWindowMs;
    return int(qMax<qint64>(1, (left + 999) / 1000));
}

std::optional<ApiError>
KeyLimiter::checkPolicy(const KeyEntry& entry, const QString& model, const QString& aliasTarget) const
{
    const VirtualKey& key = entry.key;
    if (!key.allowsModel(model) && (aliasTarget.isEmpty() || !key.allowsModel(aliasTarget))) {
        return ApiError{
            401,
            u"This key is not allowed to call model '%1'. It can call: %2."_s.arg(model, key.models.join(u", "_s)),
            "key_model_access_denied",
            "key_model_access_denied",
            "model",
            std::nullopt};
    }
    if (key.maxBudget) {
        const QDateTime now = m_clock.nowUtc();
        const double spend = entry.spend(now);
        if (spend >= *key.maxBudget) {
            QString message = u"Budget has been exceeded! Key=%1 Current cost: %2, Max budget: %3."_s.arg(
                nameOf(entry), QString::number(spend, 'g', 10), QString::number(*key.maxBudget, 'g', 10));
            if (key.budgetResetAt.isValid())
                message += u" The budget resets at %1."_s.arg(key.budgetResetAt.toString(Qt::ISODate));
            return ApiError{400, message, "budget_exceeded", "budget_exceeded", {}, std::nullopt};
        }
    }
    return std::nullopt;
}

ApiError KeyLimiter::rpmExceeded(const KeyEntry& entry, int retryAfter)
{
    return ApiError::tooManyRequests(
        u"Rate limit reached for key %1: %2 requests per minute (rpm_limit). Retry in %3 s."_s.arg(nameOf(entry))
            .arg(*entry.key.rpmLimit)
            .arg(retryAfter),
        retryAfter,
        "rpm_limit_exceeded");
}

ApiError KeyLimiter::tpmExceeded(const KeyEntry& entry, int retryAfter)
{
    return ApiError::tooManyRequests(
        u"Rate limit reached for key %1: %2 tokens per minute (tpm_limit). Retry in %3 s."_s.arg(nameOf(entry))
            .arg(*entry.key.tpmLimit)
            .arg(retryAfter),
        retryAfter,
        "tpm_limit_exceeded");
}

ApiError KeyLimiter::parallelExceeded(const KeyEntry& entry)
{
    return ApiError::tooManyRequests(u"Key %1 already has %2 requests under way (max_parallel_requests); retry when "
                                     u"one finishes."_s.arg(nameOf(entry))
                                         .arg(*entry.key.maxParallelRequests),
                                     1,
                                     "max_parallel_requests_exceeded");
}

std::optional<ApiError> KeyLimiter::admit(KeyEntry& entry)
{
    const VirtualKey& key = entry.key;
    entry.enterWindow(currentWindow());
    if (key.rpmLimit && entry.windowRequests >= *key.rpmLimit)
        return rpmExceeded(entry, secondsToNextWindow());
    if (key.tpmLimit && entry.windowTokens >= *key.tpmLimit)
        return tpmExceeded(entry, secondsToNextWindow());
    if (key.maxParallelRequests && entry.inFlight >= *key.maxParallelRequests)
        return parallelExceeded(entry);
    ++entry.windowRequests;
    ++entry.inFlight;
    return std::nullopt;
}

void KeyLimiter::release(KeyEntry& entry)
{
    Q_ASSERT(entry.inFlight > 0);
    --entry.inFlight;
}

void KeyLimiter::unadmit(KeyEntry& entry)
{
    release(entry);
    if (entry.window == currentWindow() && entry.windowRequests > 0)
        --entry.windowRequests;
}

void KeyLimiter::recordTokens(KeyEntry& entry, qint64 tokens)
{
    entry.enterWindow(currentWindow());
    entry.windowTokens += tokens;
}

} // namespace sy
