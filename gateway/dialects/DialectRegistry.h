#pragma once

#include "gateway/core/Deployment.h"
#include "gateway/core/Dialect.h"

namespace sy {

class DialectAdapter;

/** The adapter of each dialect, and which one a request goes out in. */
namespace DialectRegistry {

const DialectAdapter& adapter(Dialect dialect);

/**
 * The dialect a request in @p client's dialect is sent to @p deployment in: the client's own
 * where the deployment speaks it (a pass-through), else OpenAI's, else the deployment's only one
 * (Anthropic for `anthropic/`), reached through OpenAI chat.
 */
Dialect wireFor(Dialect client, const Deployment& deployment);

} // namespace DialectRegistry

} // namespace sy
