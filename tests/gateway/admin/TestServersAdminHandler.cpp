// The managed servers' admin endpoints through the pipeline: what they show, what they pass on
// to the supervisor, and who may call them.
#include "AdminTestSupport.h"
#include "gateway/admin/ServersAdminHandler.h"

#include <QFile>
#include <QTemporaryDir>

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

class TestServersAdminHandler : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PipelineHarness> h;
    std::unique_ptr<ServersAdminHandler> m_handler;
    QList<QPair<QString, ServerCommand>> m_commands;

    static ServerStatus status(const QString& name, ServerState state)
    {
        ServerStatus s;
        s.name = name;
        s.kind = ServerKind::LlamaCpp;
        s.state = state;
        s.apiBase = u"http://127.0.0.1:8081/v1"_s;
        s.models = {u"qwen"_s};
        s.pid = state == ServerState::Ready ? 4242 : 0;
        s.lastError = state == ServerState::Failed ? u"gave up after 5 restarts"_s : QString();
        return s;
    }

private slots:
    void init()
    {
        h = std::make_unique<PipelineHarness>();
        QVERIFY(h->load(adminConfig()));
        m_commands.clear();
        m_handler = std::make_unique<ServersAdminHandler>([this](const QString& name, ServerCommand command) {
            m_commands.append({name, command});
        });
        m_handler->setStatuses({status(u"small"_s, ServerState::Ready), status(u"big one"_s, ServerState::Failed)});
        h->pipeline.addAdminHandler(m_handler.get());
    }

    void cleanup()
    {
        h.reset();
        m_handler.reset();
    }

    void listsEveryServer()
    {
        const auto log = call(*h, "GET", "/servers");
        QCOMPARE(log->status, 200);
        const QJsonArray data = jsonOf(*log).value(u"data").toArray();
        QCOMPARE(data.size(), 2);
        const QJsonObject small = data[0].toObject();
        QCOMPARE(small[u"name"].toString(), u"small"_s);
        QCOMPARE(small[u"state"].toString(), u"ready"_s);
        QCOMPARE(small[u"pid"].toInt(), 4242);
        QCOMPARE(small[u"models"].toArray(), QJsonArray{"qwen"});
        QVERIFY(small[u"last_error"].isNull());
        QCOMPARE(data[1][u"last_error"].toString(), u"gave up after 5 restarts"_s);
        QVERIFY(data[1][u"pid"].isNull());
    }

    void showsOneByItsName()
    {
        const auto log = call(*h, "GET", "/servers/big%20one");
        QCOMPARE(log->status, 200);
        QCOMPARE(jsonOf(*log).value(u"state").toString(), u"failed"_s);
        const auto missing = call(*h, "GET", "/servers/nope");
        QCOMPARE(missing->status, 404);
        QCOMPARE(errorOf(*missing).value(u"code").toString(), u"server_not_found"_s);
    }

    void commandsGoToTheSupervisor()
    {
        const auto log = call(*h, "POST", "/servers/small/restart");
        QCOMPARE(log->status, 202);
        QCOMPARE(jsonOf(*log).value(u"accepted").toString(), u"restart"_s);
        QCOMPARE(call(*h, "POST", "/servers/big%20one/start")->status, 202);
        QCOMPARE(call(*h, "POST", "/servers/small/stop")->status, 202);
        QCOMPARE(m_commands,
                 (QList<QPair<QString, ServerCommand>>{{u"small"_s, ServerCommand::Restart},
                                                       {u"big one"_s, ServerCommand::Start},
                                                       {u"small"_s, ServerCommand::Stop}}));
    }

    void wrongCallsAreRefusedAndNothingIsDone()
    {
        QCOMPARE(call(*h, "GET", "/servers/small/start")->status, 405);
        QCOMPARE(call(*h, "POST", "/servers")->status, 405);
        QCOMPARE(call(*h, "POST", "/servers/small/explode")->status, 404);
        QCOMPARE(call(*h, "POST", "/servers/small/start/now")->status, 404);
        QCOMPARE(call(*h, "POST", "/servers/small/start", {}, {})->status, 401);
        QCOMPARE(call(*h, "POST", "/servers/small/start", {}, "sk-wrong")->status, 401);
        QVERIFY(m_commands.isEmpty());
    }

    void tailsTheLogOffTheGatewayThread()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"small.log"_s);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 1; i <= 300; ++i)
            f.write("line " + QByteArray::number(i) + '\n');
        f.close();
        ServerStatus small = status(u"small"_s, ServerState::Ready);
        small.logFile = file;
        m_handler->setStatuses({small});
        const auto log = call(*h, "GET", "/servers/small/log?lines=3");
        QCOMPARE(log->status, 200);
        QCOMPARE(jsonOf(*log).value(u"text").toString(), u"line 298\nline 299\nline 300\n"_s);
        QCOMPARE(jsonOf(*call(*h, "GET", "/servers/small/log")).value(u"text").toString().count(u'\n'), 200);
        QCOMPARE(call(*h, "POST", "/servers/small/log")->status, 405);
        QCOMPARE(call(*h, "GET", "/servers/small/log", {}, "sk-other")->status, 401);
    }
};

QTEST_GUILESS_MAIN(TestServersAdminHandler)
#include "TestServersAdminHandler.moc"
