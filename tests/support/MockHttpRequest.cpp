#include "tests/support/MockHttpRequest.h"

namespace sy::testing {

QByteArray MockHttpRequest::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool MockHttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto& field : headers) {
        if (field.first == name)
            return true;
    }
    return false;
}

} // namespace sy::testing
