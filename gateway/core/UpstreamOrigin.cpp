#include "gateway/core/UpstreamOrigin.h"

#include <QHashFunctions>

using namespace Qt::StringLiterals;

namespace sy {

QString UpstreamOrigin::toString() const
{
    // IPv6 literals are bracketed, as in a URL, so the port separator stays unambiguous.
    const QString hostPart = host.contains(u':') ? u'[' + host + u']' : host;
    return (tls ? u"https://"_s : u"http://"_s) + hostPart + u':' + QString::number(port);
}

size_t qHash(const UpstreamOrigin& origin, size_t seed) noexcept
{
    return qHashMulti(seed, origin.tls, origin.host, origin.port);
}

} // namespace sy
