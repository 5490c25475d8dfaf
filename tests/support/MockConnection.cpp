#include "tests/support/MockConnection.h"

#include "tests/support/MockExchange.h"
#include "tests/support/MockState.h"

#include <sys/socket.h>

namespace sy::testing {

MockConnection::MockConnection(QTcpSocket* socket, MockState* state, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_state(state)
{
    socket->setParent(this);
    // Without TCP_NODELAY, Nagle would hold back small SSE events and distort the latency figures.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &MockConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &MockConnection::onDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, [this]() {
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    m_state->connectionOpened();
}

MockConnection::~MockConnection()
{
    if (m_socket)
        m_socket->disconnect(this);
    if (m_exchange)
        m_exchange->cancel();
    if (!m_closed)
        m_state->connectionClosed();
}

bool MockConnection::write(const QByteArray& bytes)
{
    if (m_closed || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    // Straight to the kernel while nothing is queued: QTcpSocket::write() toggles the write notifier,
    // which under the glib dispatcher costs two extra wake-up syscalls per response. Whatever the
    // kernel does not take (or an error, which Qt then reports as a disconnect) goes through Qt.
    qsizetype sent = 0;
    if (m_socket->bytesToWrite() == 0) {
        const ssize_t n
            = ::send(static_cast<int>(m_socket->socketDescriptor()), bytes.constData(), bytes.size(), MSG_NOSIGNAL);
        sent = n > 0 ? n : 0;
    }
    if (sent < bytes.size()) {
        m_socket->write(bytes.constData() + sent, bytes.size() - sent);
        m_socket->flush();
    }
    return true;
}

void MockConnection::exchangeFinished(MockExchange* exchange, bool keepAlive)
{
    if (!keepAlive) {
        m_closing = true;
        m_queue.clear();
        if (m_socket)
            m_socket->disconnectFromHost(); // sends what is buffered first, then FIN
    }
    if (m_dispatching || exchange != m_exchange)
        return; // finished synchronously inside startNext(), which cleans up
    m_exchange = nullptr;
    exchange->deleteLater();
    startNext();
}

void MockConnection::onReadyRead()
{
    if (!m_socket)
        return;
    if (m_closing) {
        m_socket->readAll(); // keep draining so a peer close is still noticed
        return;
    }
    m_input.append(m_socket->readAll());
    parseInput();
    startNext();
}

void MockConnection::parseInput()
{
    for (;;) {
        MockHttpRequest request;
        const auto result = m_parser.next(m_input, request);
        if (result == MockRequestParser::Result::Complete) {
            m_queue.append(std::move(request));
            continue;
        }
        if (result == MockRequestParser::Result::Error) {
            request.parseError = m_parser.errorString();
            m_queue.append(std::move(request));
            m_input.clear();
            m_closing = true; // after a framing error the byte stream cannot be trusted
        } else if (m_parser.takeContinueRequest() && !m_exchange && m_queue.isEmpty()) {
            write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
    }
}

void MockConnection::startNext()
{
    if (m_dispatching)
        return;
    m_dispatching = true;
    // A loop rather than recursion: a burst of pipelined requests answered synchronously must not
    // grow the stack.
    while (!m_exchange && !m_closed && !m_queue.isEmpty()) {
        auto* exchange = new MockExchange(m_queue.takeFirst(), this, m_state);
        m_exchange = exchange;
        exchange->start();
        if (exchange->isFinished()) {
            m_exchange = nullptr;
            delete exchange;
        }
    }
    m_dispatching = false;
}

void MockConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_closing = true;
    m_queue.clear();
    if (m_exchange) {
        m_exchange->cancel(); // counts as cancelled unless the response was already complete
        if (!m_dispatching) {
            m_exchange->deleteLater();
            m_exchange = nullptr;
        }
    }
    m_state->connectionClosed();
    deleteLater();
}

} // namespace sy::testing
