#include "tests/support/FakeLlmGuard.h"

#include "tests/support/MockRequestParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {

bool flagged(const QString& text)
{
    const QString t = text.toLower();
    return t.contains(u"ignore previous instructions") || t.contains(u"you idiot");
}

QByteArray analyze(bool invalid, const QByteArray& path, const QJsonObject& request)
{
    const bool output = path.endsWith("/output");
    const QString text = request.value(output ? u"output"_s : u"prompt"_s).toString();
    const bool bad = invalid || flagged(text);
    QJsonObject scanners{{u"PromptInjection"_s, bad && !output ? 1.0 : 0.0},
                         {u"Toxicity"_s, bad && output ? 0.9 : 0.0},
                         {u"Secrets"_s, 0.0}};
    QJsonObject answer{{u"is_valid"_s, !bad}, {u"scanners"_s, scanners}};
    answer.insert(output ? u"sanitized_output"_s : u"sanitized_prompt"_s, text);
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

QByteArray webhook(FakeLlmGuard::Mode mode, const QJsonObject& request)
{
    const QJsonArray texts = request.value(u"texts"_s).toArray();
    bool bad = mode == FakeLlmGuard::Mode::Invalid;
    QJsonArray upper;
    for (const QJsonValue& t : texts) {
        bad = bad || flagged(t.toString());
        upper.append(t.toString().toUpper());
    }
    QJsonObject answer{{u"action"_s, bad ? u"BLOCKED"_s : u"NONE"_s}};
    if (bad)
        answer.insert(u"blocked_reason"_s, u"the fake found an attack"_s);
    if (!bad && mode == FakeLlmGuard::Mode::Intervene) {
        answer.insert(u"action"_s, u"GUARDRAIL_INTERVENED"_s);
        answer.insert(u"texts"_s, upper);
    }
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

} // namespace

/** The listening side, on the fake's thread. */
class FakeLlmGuardServer : public QObject
{
public:
    explicit FakeLlmGuardServer(FakeLlmGuard& owner)
        : m_owner(owner)
        , m_server(new QTcpServer(this))
    {
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server->nextPendingConnection())
                serve(socket);
        });
    }

    quint16 listen() { return m_server->listen(QHostAddress::LocalHost, 0) ? m_server->serverPort() : 0; }
    void close() { m_server->close(); }

private:
    void serve(QTcpSocket* socket)
    {
        auto parser = std::make_shared<MockRequestParser>();
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, parser, buffer] {
            *buffer += socket->readAll();
            MockHttpRequest request;
            while (parser->next(*buffer, request) == MockRequestParser::Result::Complete)
                respond(socket, request);
        });
    }

    void respond(QTcpSocket* socket, const MockHttpRequest& request)
    {
        m_owner.record({request.path, request.header("authorization"), request.body});
        int delayMs = 0;
        const FakeLlmGuard::Mode mode = m_owner.mode(&delayMs);
        int status = 200;
        const QByteArray body = FakeLlmGuard::answer(mode, request.path, request.body, &status);
        const QByteArray bytes = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        QPointer<QTcpSocket> target = socket;
        QTimer::singleShot(mode == FakeLlmGuard::Mode::Slow ? delayMs : 0, this, [target, bytes] {
            if (target)
                target->write(bytes);
        });
    }

    FakeLlmGuard& m_owner;
    QTcpServer* m_server;
};

FakeLlmGuard::FakeLlmGuard()
{
    m_thread.setObjectName(u"fake-llm-guard"_s);
    m_thread.start();
}

FakeLlmGuard::~FakeLlmGuard()
{
    QObject* server = m_server;
    if (server)
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 FakeLlmGuard::start()
{
    if (!m_server) {
        auto* server = new FakeLlmGuardServer(*this);
        server->moveToThread(&m_thread);
        m_server = server;
    }
    auto* server = static_cast<FakeLlmGuardServer*>(m_server);
    QMetaObject::invokeMethod(
        server, [&] { m_port = server->listen(); }, Qt::BlockingQueuedConnection);
    return m_port;
}

void FakeLlmGuard::stop()
{
    if (auto* server = static_cast<FakeLlmGuardServer*>(m_server))
        QMetaObject::invokeMethod(
            server, [server] { server->close(); }, Qt::BlockingQueuedConnection);
}

void FakeLlmGuard::setMode(Mode mode, int delayMs)
{
    QMutexLocker lock(&m_mutex);
    m_mode = mode;
    m_delayMs = delayMs;
}

FakeLlmGuard::Mode FakeLlmGuard::mode(int* delayMs) const
{
    QMutexLocker lock(&m_mutex);
    *delayMs = m_delayMs;
    return m_mode;
}

void FakeLlmGuard::record(const Call& call)
{
    QMutexLocker lock(&m_mutex);
    m_calls.append(call);
}

QList<FakeLlmGuard::Call> FakeLlmGuard::calls() const
{
    QMutexLocker lock(&m_mutex);
    return m_calls;
}

void FakeLlmGuard::clearCalls()
{
    QMutexLocker lock(&m_mutex);
    m_calls.clear();
}

QByteArray FakeLlmGuard::answer(Mode mode, const QByteArray& path, const QByteArray& body, int* status)
{
    *status = 200;
    if (mode == Mode::ServerError) {
        *status = 500;
        return R"({"detail":"internal error"})";
    }
    if (mode == Mode::Malformed)
        return "this is not JSON";
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    if (path.startsWith("/analyze/"))
        return analyze(mode == Mode::Invalid, path, request);
    if (path == "/beta/litellm_basic_guardrail_api")
        return webhook(mode, request);
    *status = 404;
    return R"({"detail":"Not Found"})";
}

} // namespace sy::testing
