#include "gateway/http/HttpFrontServer.h"

#include "gateway/http/GuardedTcpServer.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFront, "switchyard.http.front", QtInfoMsg)

namespace sy {

HttpFrontServer::HttpFrontServer(IRequestHandler* handler, QObject* parent)
    : QObject(parent)
    , m_handler(handler)
{ }

HttpFrontServer::~HttpFrontServer() = default;

quint16 HttpFrontServer::listen(const QList<QHostAddress>& addresses,
                                quint16 port,
                                const FrontSettings& settings,
                                QString* error)
{
    QStringList failures;
    QList<GuardedTcpServer*> opened;
    quint16 bound = port;
    for (const QHostAddress& address : addresses) {
        auto* server = new GuardedTcpServer(settings, m_handler, this);
        if (!server->listen(address, bound)) {
            failures.append(u"%1 port %2: %3"_s.arg(address.toString()).arg(bound).arg(server->errorString()));
            delete server;
            continue;
        }
        bound = server->serverPort();
        opened.append(server);
    }
    if (opened.isEmpty()) {
        if (error)
            *error = u"cannot listen on %1"_s.arg(failures.join(u"; "_s));
        return 0;
    }
    for (GuardedTcpServer* server : std::as_const(opened)) {
        m_listeners.append(server);
        // A listener retired by relisten() goes once its last connection has.
        connect(
            server, &GuardedTcpServer::connectionClosed, this, &HttpFrontServer::dropIdleRetired, Qt::QueuedConnection);
    }
    for (const QString& failure : failures)
        qCWarning(lcFront) << "not listening on" << failure;
    return bound;
}

quint16 HttpFrontServer::relisten(const QList<QHostAddress>& addresses,
                                  quint16 port,
                                  const FrontSettings& settings,
                                  QString* error)
{
    // The old listeners may hold the address we want: close them first, and reopen them if the
    // new ones cannot listen. Their open connections go on either way.
    QList<QPair<GuardedTcpServer*, QPair<QHostAddress, quint16>>> old;
    for (GuardedTcpServer* server : std::as_const(m_listeners)) {
        if (server->isListening()) {
            old.append({server, {server->serverAddress(), server->serverPort()}});
            server->close();
        }
    }
    const quint16 bound = listen(addresses, port, settings, error);
    if (bound == 0) {
        for (const auto& [server, where] : old)
            server->listen(where.first, where.second);
        return 0;
    }
    dropIdleRetired();
    return bound;
}

void HttpFrontServer::dropIdleRetired()
{
    const QList<GuardedTcpServer*> all = m_listeners;
    for (GuardedTcpServer* server : all) {
        if (!server->isListening() && server->connectionCount() == 0) {
            m_listeners.removeOne(server);
            server->deleteLater();
        }
    }
}

void HttpFrontServer::stopListening()
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->close();
}

void HttpFrontServer::shutdownConnections()
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->shutdownConnections();
}

void HttpFrontServer::setSettings(const FrontSettings& settings)
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->setSettings(settings);
    dropIdleRetired();
}

int HttpFrontServer::connectionCount() const
{
    int count = 0;
    for (const GuardedTcpServer* server : m_listeners)
        count += server->connectionCount();
    return count;
}

} // namespace sy
