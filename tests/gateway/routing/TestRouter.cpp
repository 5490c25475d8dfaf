#include "gateway/core/GatewayConfig.h"
#include "gateway/routing/Router.h"

#include <QTest>

using namespace sy;

class TestRouter : public QObject
{
    Q_OBJECT

private:
    static GatewayConfig config()
    {
        GatewayConfig c;
        for (const char* id : {"a", "b", "c"}) {
            Deployment d;
            d.id = QString::fromLatin1(id);
            d.group = "chat";
            c.deployments.append(d);
        }
        Deployment other;
        other.id = "x";
        other.group = "embed";
        c.deployments.append(other);
        return c;
    }

private slots:
    void roundRobinRotates()
    {
        Router router;
        const GatewayConfig c = config();
        QStringList picked;
        for (int i = 0; i < 6; ++i)
            picked << router.choose(c, "chat", {}).deployment->id;
        QCOMPARE(picked, (QStringList{"a", "b", "c", "a", "b", "c"}));
    }

    void unknownGroupIs404()
    {
        Router router;
        const auto choice = router.choose(config(), "gpt-9", {});
        QVERIFY(!choice.deployment);
        QCOMPARE(choice.error->status, 404);
        QCOMPARE(choice.error->code, QByteArray("model_not_found"));
        QVERIFY(choice.error->message.contains("chat, embed"));
    }

    void unsupportedProviderGroupSaysWhy()
    {
        Router router;
        GatewayConfig c = config();
        c.unsupportedGroups.insert("claude", "provider \"anthropic\" is not supported yet");
        const auto choice = router.choose(c, "claude", {});
        QVERIFY(!choice.deployment);
        QCOMPARE(choice.error->status, 400);
        QCOMPARE(choice.error->code, QByteArray("provider_not_supported"));
        QVERIFY(choice.error->message.contains("anthropic"));
    }

    void excludedDeploymentsAreSkipped()
    {
        Router router;
        const GatewayConfig c = config();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(router.choose(c, "chat", {"a", "c"}).deployment->id, QString("b"));
        QCOMPARE(router.choose(c, "chat", {"a", "b", "c"}).error->status, 429);
    }

    void saturatedDeploymentsAreSkippedThen429()
    {
        GatewayConfig c = config();
        for (Deployment& d : c.deployments)
            d.maxParallelRequests = 1;
        Router router;
        router.acquire(c.deployments[0]);
        router.acquire(c.deployments[1]);
        QCOMPARE(router.choose(c, "chat", {}).deployment->id, QString("c"));
        router.acquire(c.deployments[2]);
        const auto full = router.choose(c, "chat", {});
        QVERIFY(!full.deployment);
        QCOMPARE(full.error->status, 429);
        QCOMPARE(full.error->retryAfterSeconds, 1);
        router.release(c.deployments[1]);
        QCOMPARE(router.choose(c, "chat", {}).deployment->id, QString("b"));
        QCOMPARE(router.inFlight("a"), 1);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "TestRouter.moc"
