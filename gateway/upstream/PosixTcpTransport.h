#pragma once

#include "gateway/upstream/UpstreamTransport.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

class QHostInfo;

namespace sy {

template <typename Owner>
class DescriptorNotifier;

/**
 * Plain TCP on a bare non-blocking socket (Linux). A relayed stream event costs one read() and
 * no more: no FIONREAD, no ring buffer, no signal emission, as Qt's socket layer would add.
 * Names are looked up with QHostInfo (asynchronously); the addresses are tried in order.
 */
class PosixTcpTransport : public QObject, public UpstreamTransport
{
    Q_OBJECT

public:
    explicit PosixTcpTransport(Events& events, QObject* parent = nullptr);
    ~PosixTcpTransport() override;

    void open(const QString& host, quint16 port) override;
    void abort() override;
    bool isOpen() const override { return m_state == State::Connected && !m_sendFailed; }
    void write(const QByteArray& data) override;
    qint64 bytesToWrite() const override { return m_out.size() - m_outSent; }
    QByteArray readAll() override;
    qint64 bytesAvailable() const override { return m_in.size(); }
    void setReadPaused(bool paused) override;

private:
    enum class State
    {
        Idle,
        LookingUp,
        Connecting,
        Connected,
        Closed,
    };

    void hostFound(const QHostInfo& info);
    void connectNext();
    void connectFinished();
    void readReady();
    void writeReady();
    bool flushOut();
    void updateReading();
    void closeDescriptor();
    void fail(int errorNumber);
    void failLater(int errorNumber);
    void reportClosed(QAbstractSocket::SocketError error, const QString& message);

    Events& m_events;
    State m_state = State::Idle;
    int m_fd = -1;
    int m_lookupId = -1;
    quint16 m_port = 0;
    QList<QHostAddress> m_addresses;
    qsizetype m_nextAddress = 0;
    int m_connectError = 0; ///< why the last address failed
    DescriptorNotifier<PosixTcpTransport>* m_readNotifier = nullptr;
    DescriptorNotifier<PosixTcpTransport>* m_writeNotifier = nullptr;
    QByteArray m_in;
    QByteArray m_out;
    qsizetype m_outSent = 0;
    bool m_paused = false;
    bool m_sendFailed = false;
};

} // namespace sy
