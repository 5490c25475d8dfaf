#pragma once

#include "gateway/http/ClientTransport.h"

#include <QPointer>
#include <QTcpSocket>

namespace sy {

/** A client connection on a QTcpSocket or QSslSocket, which it takes over (TLS, and macOS). */
class QtClientTransport final : public ClientTransport
{
    Q_OBJECT

public:
    explicit QtClientTransport(QTcpSocket* socket, QObject* parent = nullptr);
    ~QtClientTransport() override;

    void setReceiver(Receiver* receiver) override;
    QHostAddress peerAddress() const override { return m_peer; }
    bool isOpen() const override;
    void write(QByteArrayView bytes) override;
    qint64 bytesToWrite() const override;
    void close() override;
    void abort(bool reset) override;

private:
    void readAvailable();
    void reportClosed();

    QPointer<QTcpSocket> m_socket;
    QHostAddress m_peer;
    Receiver* m_receiver = nullptr;
    bool m_closed = false;
};

} // namespace sy
