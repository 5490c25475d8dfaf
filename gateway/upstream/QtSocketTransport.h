#pragma once

#include "gateway/upstream/UpstreamTransport.h"

#include <QObject>

namespace sy {

/** UpstreamTransport on QTcpSocket, or QSslSocket for TLS. */
class QtSocketTransport : public QObject, public UpstreamTransport
{
    Q_OBJECT

public:
    QtSocketTransport(Events& events, bool tls, bool verifyTls, QObject* parent = nullptr);
    ~QtSocketTransport() override;

    void open(const QString& host, quint16 port) override;
    void abort() override;
    bool isOpen() const override;
    void write(const QByteArray& data) override;
    qint64 bytesToWrite() const override { return m_socket->bytesToWrite(); }
    QByteArray readAll() override { return m_socket->readAll(); }
    qint64 bytesAvailable() const override { return m_socket->bytesAvailable(); }
    void setReadPaused(bool paused) override;

private:
    void onConnected();
    void onClosed(QAbstractSocket::SocketError error);

    Events& m_events;
    QAbstractSocket* m_socket = nullptr;
    bool m_tls = false;
    bool m_closed = false;
    QString m_tlsErrors;
};

} // namespace sy
