#pragma once

#include "gateway/routing/DeploymentStates.h"

#include <QStringList>

#include <optional>

namespace sy {

struct ApiError;
struct RoutingSettings;

/**
 * What a failed attempt means for the request: whether it is the backend's fault (and so
 * worth a retry elsewhere and counted against the deployment), whether it is a context-window
 * error (context_window_fallbacks), which groups to fall back to, and how long to wait before
 * retrying on the same deployment.
 */
namespace FailoverPolicy {

/** The backend's kind of failure, or nullopt for an answer that is the client's problem (4xx). */
std::optional<FailureKind> classify(const ApiError& error);
/** A 400 saying the prompt does not fit the model's context. */
bool isContextWindowError(const ApiError& error);
/** The groups to try after @p group failed: context_window_fallbacks for a context error,
    else `fallbacks` for the group, else default_fallbacks. */
QStringList fallbacksFor(const RoutingSettings& routing, const QString& group, bool contextWindow);
/** Pause before retry number @p retry (1-based) goes back to a deployment already tried. */
qint64 sameDeploymentDelayMs(int retry);
/** A cooldown longer than this is not waited out by a retry: the request moves on or fails. */
inline constexpr qint64 kMaxRetryWaitMs = 2'000;

} // namespace FailoverPolicy

} // namespace sy
