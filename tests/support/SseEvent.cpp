#include "tests/support/SseEvent.h"

#include <QJsonDocument>

namespace sy::testing {

QJsonObject SseEvent::json() const
{
    return QJsonDocument::fromJson(data).object();
}

} // namespace sy::testing
