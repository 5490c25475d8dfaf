#pragma once

#include "gateway/core/GatewayConfig.h"

namespace sy::testing {

/** A deployment for routing tests: only what routing reads. */
inline Deployment deployment(const QString& id, const QString& group, int order = 0)
{
    Deployment d;
    d.id = id;
    d.idBytes = id.toUtf8();
    d.group = group;
    d.order = order;
    return d;
}

} // namespace sy::testing
