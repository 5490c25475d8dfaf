#pragma once

#include "tests/support/MockHttpRequest.h"

#include <QByteArray>

namespace sy::testing {

class MockState;

/**
 * The /mock/... control endpoints tests use to observe and steer a running mock:
 * GET /mock/stats, POST /mock/reset, GET|POST /mock/config, POST /mock/listen.
 * They are not API requests: they never count in the stats and ignore every knob.
 */
class MockControlApi
{
public:
    struct Reply
    {
        int status = 200;
        QByteArray body;
    };

    static Reply handle(const MockHttpRequest& request, MockState& state);

private:
    static Reply config(const MockHttpRequest& request, MockState& state);
    static Reply listen(const MockHttpRequest& request, MockState& state);
    static Reply error(int status, const QString& message);
};

} // namespace sy::testing
