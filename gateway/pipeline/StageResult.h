#pragma once

#include "gateway/core/ApiError.h"

#include <optional>

namespace sy {

/**
 * What a pipeline stage decided: go on to the next stage, or answer the client now with an
 * error. Stages return verdicts instead of throwing, so the flow stays visible in one place.
 */
class StageResult
{
public:
    static StageResult next() { return StageResult(); }
    static StageResult reject(ApiError error) { return StageResult(std::move(error)); }

    bool isNext() const { return !m_error; }
    const ApiError& error() const { return *m_error; }

private:
    StageResult() = default;
    explicit StageResult(ApiError error)
        : m_error(std::move(error))
    { }

    std::optional<ApiError> m_error;
};

} // namespace sy
