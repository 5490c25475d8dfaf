#pragma once

#include "tests/ui/support/FakeKeyManager.h"
#include "tests/ui/support/FakeServerControl.h"
#include "tests/ui/support/ScriptedGateway.h"

namespace sy::testing {

/**
 * A plausible setup for screenshots and load tests: LM Studio and Ollama on this machine, a
 * vLLM box on the LAN that is down, OpenRouter for a big model; four keys with limits and
 * budgets; two managed servers.
 */
void addDemoBackends(ScriptedGateway& gateway);
void addDemoKeys(ScriptedGateway& gateway, FakeKeyManager& keys);
void addDemoServers(FakeServerControl& servers);
/** Requests per second for second @p s of a quarter hour: a daily-ish wave, a burst at 10 min. */
int demoTraffic(int s);

} // namespace sy::testing
