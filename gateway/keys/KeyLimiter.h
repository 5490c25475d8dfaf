#pragma once

#include "gateway/core/ApiError.h"

#include <QString>

#include <optional>

namespace sy {

class IClock;
struct KeyEntry;

/**
 * A virtual key's rules, decided on the gateway thread from what this instance knows:
 * allowed models, budget, and its RPM, TPM and parallel-request counters. RPM and TPM count in
 * fixed one-minute windows on the wall clock (as LiteLLM does, and as instances sharing
 * counters through Redis agree on); TPM counts prompt plus completion tokens as responses
 * report them, so a request is admitted while the minute's tokens are below the limit.
 *
 * Each error is what the client gets: LiteLLM's types and statuses, OpenAI's shape.
 */
class KeyLimiter
{
public:
    explicit KeyLimiter(const IClock& clock);

    /** Model access, then budget. */
    std::optional<ApiError> checkPolicy(const KeyEntry& entry, const QString& model, const QString& aliasTarget) const;
    /** Checks RPM, TPM and parallel requests, and counts the request if all allow it. */
    std::optional<ApiError> admit(KeyEntry& entry);
    /** Undoes admit(): the request ended (or a shared limit refused it after all). */
    void release(KeyEntry& entry);
    /** Undoes admit()'s count of the request in the RPM window too. */
    void unadmit(KeyEntry& entry);
    /** Counts a finished request's tokens in the current window. */
    void recordTokens(KeyEntry& entry, qint64 tokens);

    /** The current one-minute window: minutes since the epoch. */
    qint64 currentWindow() const;
    /** Seconds until the current window ends, at least 1: the Retry-After of an RPM or TPM 429. */
    int secondsToNextWindow() const;

    static ApiError rpmExceeded(const KeyEntry& entry, int retryAfter);
    static ApiError tpmExceeded(const KeyEntry& entry, int retryAfter);
    static ApiError parallelExceeded(const KeyEntry& entry);
    /** How a key is named in messages: its alias, else its abbreviation. */
    static QString nameOf(const KeyEntry& entry);

private:
    const IClock& m_clock;
};

} // namespace sy
