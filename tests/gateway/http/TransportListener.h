#pragma once

// A loopback listener that hands each accepted connection to a test as a ClientTransport of the
// kind under test: Qt's socket, or (on Linux) the bare descriptor the gateway serves plain TCP on.

#include "gateway/http/QtClientTransport.h"
#ifdef Q_OS_LINUX
#include "gateway/http/PosixClientTransport.h"
#endif

#include <QList>
#include <QTcpServer>
#include <QTest>

#include <unistd.h>

namespace sy::testing {

enum class TransportKind
{
    Qt,
    Posix,
};

inline QList<TransportKind> transportKinds()
{
#ifdef Q_OS_LINUX
    return {TransportKind::Qt, TransportKind::Posix};
#else
    return {TransportKind::Qt};
#endif
}

inline const char* transportName(TransportKind kind)
{
    return kind == TransportKind::Qt ? "QtClientTransport" : "PosixClientTransport";
}

/** Runs the test class @p Test (constructed with the kind) once over each kind of transport. */
template <typename Test>
int runOverEachTransport(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int status = 0;
    for (const TransportKind kind : transportKinds()) {
        qInfo("---- over %s", transportName(kind));
        Test test(kind);
        status |= QTest::qExec(&test, argc, argv);
    }
    return status;
}

class TransportListener : public QTcpServer
{
public:
    explicit TransportListener(TransportKind kind)
        : m_kind(kind)
    { }
    ~TransportListener() override
    {
        for (const qintptr fd : std::as_const(m_accepted))
            ::close(int(fd));
    }

    /** The next accepted connection as a transport (owned by the caller), or null after @p timeoutMs. */
    ClientTransport* take(int timeoutMs)
    {
        if (!QTest::qWaitFor([&] { return !m_accepted.isEmpty(); }, timeoutMs))
            return nullptr;
        const qintptr fd = m_accepted.takeFirst();
        if (m_kind == TransportKind::Posix) {
#ifdef Q_OS_LINUX
            return new PosixClientTransport(int(fd), QHostAddress::LocalHost);
#endif
        }
        auto* socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(fd)) {
            delete socket;
            return nullptr;
        }
        return new QtClientTransport(socket);
    }

protected:
    void incomingConnection(qintptr fd) override
    {
        m_accepted.append(fd);
    }

private:
    TransportKind m_kind;
    QList<qintptr> m_accepted;
};

} // namespace sy::testing
