#pragma once

#include "tests/support/MockHttpRequest.h"
#include "tests/support/MockRequestParser.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

namespace sy::testing {

class MockExchange;
class MockState;

/**
 * One accepted connection of the mock backend. Parses pipelined requests as they arrive and
 * answers them strictly in order, one MockExchange at a time; deletes itself when the peer goes.
 */
class MockConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockConnection)

public:
    MockConnection(QTcpSocket* socket, MockState* state, QObject* parent = nullptr);
    ~MockConnection() override;

    // Writes and flushes at once, so each SSE event leaves as its own segment. False once the peer is gone.
    bool write(const QByteArray& bytes);
    // Called by the current exchange when its response is complete (or abandoned on purpose).
    void exchangeFinished(MockExchange* exchange, bool keepAlive);

private:
    void onReadyRead();
    void onDisconnected();
    void parseInput();
    void startNext();

    QPointer<QTcpSocket> m_socket;
    MockState* m_state;
    MockRequestParser m_parser;
    QByteArray m_input;
    QList<MockHttpRequest> m_queue;
    MockExchange* m_exchange = nullptr;
    bool m_dispatching = false;
    bool m_closing = false; // no further requests will be answered
    bool m_closed = false; // the socket is gone
};

} // namespace sy::testing
