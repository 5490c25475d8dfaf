#pragma once

#include <QObject>

namespace sy::testing {

class MockState;

/** Owns the connections of one event loop. With --threads N the mock runs N workers on N threads. */
class MockWorker : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockWorker)

public:
    explicit MockWorker(MockState* state, QObject* parent = nullptr);

    // Adopts an accepted socket descriptor; must run on the worker's thread.
    void adopt(qintptr descriptor);

private:
    MockState* m_state;
};

} // namespace sy::testing
