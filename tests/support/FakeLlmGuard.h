#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QThread>

#include <memory>

class QTcpServer;

namespace sy::testing {

/**
 * A stand-in for LLM Guard's API server (and for a LiteLLM generic-guardrail webhook), on its
 * own thread, for the guardrail tests. It answers
 *   POST /analyze/prompt, /analyze/output   {"is_valid", "scanners", "sanitized_…"}
 *   POST /beta/litellm_basic_guardrail_api  {"action", "blocked_reason", "texts"}
 * In Auto mode a text with "ignore previous instructions" (a prompt injection) or "you idiot"
 * (toxicity) is invalid and everything else valid, as the real models would judge them. The
 * other modes make it misbehave: slow, answering invalid to everything, nonsense, HTTP 500;
 * stop() makes it down. Everything it was sent is kept for the test to read.
 */
class FakeLlmGuard
{
    Q_DISABLE_COPY_MOVE(FakeLlmGuard)

public:
    enum class Mode
    {
        Auto,
        Invalid, ///< is_valid false / BLOCKED for everything
        Slow, ///< answers as Auto, after delayMs
        Malformed, ///< 200 with a body that is not JSON
        ServerError, ///< 500
        Intervene, ///< webhook: GUARDRAIL_INTERVENED with every text in upper case
    };

    struct Call
    {
        QByteArray path;
        QByteArray authorization;
        QByteArray body;
    };

    FakeLlmGuard();
    ~FakeLlmGuard();

    /** Listens on a free loopback port; returns it (0 on failure). */
    quint16 start();
    void stop();
    quint16 port() const { return m_port; }

    void setMode(Mode mode, int delayMs = 0);
    QList<Call> calls() const;
    void clearCalls();

    /** The answer to one request (public for unit tests of the contract). */
    static QByteArray answer(Mode mode, const QByteArray& path, const QByteArray& body, int* status);

private:
    friend class FakeLlmGuardServer;
    void record(const Call& call);
    Mode mode(int* delayMs) const;

    QThread m_thread;
    QObject* m_server = nullptr; ///< lives on m_thread
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    Mode m_mode = Mode::Auto;
    int m_delayMs = 0;
    QList<Call> m_calls;
};

} // namespace sy::testing
