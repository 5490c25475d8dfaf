#include "gateway/http/ListenPlan.h"

#include <QNetworkInterface>

using namespace Qt::StringLiterals;

namespace sy {

ListenPlan ListenPlan::forHost(const QString& host)
{
    ListenPlan plan;
    if (host.isEmpty() || host == u"localhost") {
        plan.addresses = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    } else if (host == u"0.0.0.0" || host == u"::" || host == u"*") {
        plan.addresses = {QHostAddress(QHostAddress::Any)};
        plan.loopbackOnly = false;
    } else {
        const QHostAddress address(host);
        plan.addresses = {address};
        plan.loopbackOnly = address.isLoopback();
    }
    return plan;
}

QStringList ListenPlan::baseUrls(quint16 port) const
{
    QStringList urls;
    auto add = [&urls, port](const QHostAddress& a) {
        const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
        urls.append(u"http://%1:%2/v1"_s.arg(host).arg(port));
    };
    for (const QHostAddress& a : addresses) {
        if (a != QHostAddress(QHostAddress::Any)) {
            add(a);
            continue;
        }
        add(QHostAddress(QHostAddress::LocalHost));
        for (const QHostAddress& local : QNetworkInterface::allAddresses()) {
            if (!local.isLoopback() && local.protocol() == QAbstractSocket::IPv4Protocol)
                add(local);
        }
    }
    return urls;
}

} // namespace sy
