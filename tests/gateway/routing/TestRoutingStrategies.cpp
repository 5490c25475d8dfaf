#include "gateway/routing/CostBasedStrategy.h"
#include "gateway/routing/DeploymentStates.h"
#include "gateway/routing/LatencyBasedStrategy.h"
#include "gateway/routing/LeastBusyStrategy.h"
#include "gateway/routing/RoundRobinStrategy.h"
#include "gateway/routing/SimpleShuffleStrategy.h"
#include "gateway/routing/StrategyRegistry.h"
#include "gateway/routing/UsageBasedStrategy.h"
#include "tests/gateway/routing/RoutingTestSupport.h"
#include "tests/support/ManualClock.h"

#include <QTest>

#include <cmath>

using namespace sy;
using namespace sy::testing;

// Each strategy's choices, over many picks, within statistical bounds.
class TestRoutingStrategies : public QObject
{
    Q_OBJECT

private:
    static constexpr int kPicks = 20'000;

    ManualClock m_clock;
    std::unique_ptr<DeploymentStates> m_states;
    std::mt19937_64 m_random{42};
    QList<Deployment> m_deployments;

    QList<const Deployment*> candidates() const
    {
        QList<const Deployment*> list;
        for (const Deployment& d : m_deployments)
            list.append(&d);
        return list;
    }

    QHash<QString, int> distribution(IRoutingStrategy& strategy, bool stream = false, int picks = kPicks)
    {
        const QString group = "chat";
        const QList<const Deployment*> list = candidates();
        const RoutingInput input{group, list, *m_states, stream, m_random};
        QHash<QString, int> counts;
        for (int i = 0; i < picks; ++i)
            ++counts[strategy.pick(input)->id];
        return counts;
    }

    // Whether @p count of kPicks is within 5 standard deviations of share @p p: a bound a
    // correct strategy misses about once in 3.5 million runs.
    static bool near(int count, double p, int picks = kPicks)
    {
        const double expected = picks * p;
        const double sigma = std::sqrt(picks * p * (1 - p));
        return std::abs(count - expected) <= 5 * sigma;
    }

    void setDeployments(int n)
    {
        m_deployments.clear();
        for (int i = 0; i < n; ++i)
            m_deployments.append(deployment(QString::fromLatin1("d%1").arg(i), "chat"));
    }

private slots:
    void init()
    {
        m_states = std::make_unique<DeploymentStates>(m_clock);
        setDeployments(3);
    }

    void simpleShuffleIsUniformWithoutWeights()
    {
        SimpleShuffleStrategy s;
        const auto counts = distribution(s);
        for (const QString id : {"d0", "d1", "d2"})
            QVERIFY2(near(counts.value(id), 1.0 / 3), qPrintable(id + ": " + QString::number(counts.value(id))));
    }

    void simpleShuffleFollowsWeightThenRpmThenTpm()
    {
        SimpleShuffleStrategy s;
        m_deployments[0].weight = 1;
        m_deployments[1].weight = 3;
        m_deployments[2].weight = 0; // never
        auto counts = distribution(s);
        QVERIFY(near(counts.value("d0"), 0.25));
        QVERIFY(near(counts.value("d1"), 0.75));
        QCOMPARE(counts.value("d2"), 0);

        for (Deployment& d : m_deployments)
            d.weight = 1;
        m_deployments[0].rpm = 100;
        m_deployments[1].rpm = 300;
        m_deployments[2].rpm = 600;
        counts = distribution(s);
        QVERIFY(near(counts.value("d0"), 0.1));
        QVERIFY(near(counts.value("d1"), 0.3));
        QVERIFY(near(counts.value("d2"), 0.6));

        for (Deployment& d : m_deployments)
            d.rpm = 0;
        m_deployments[0].tpm = 1000;
        m_deployments[1].tpm = 1000;
        m_deployments[2].tpm = 2000;
        counts = distribution(s);
        QVERIFY(near(counts.value("d2"), 0.5));
    }

    void roundRobinIsExactlyEven()
    {
        RoundRobinStrategy s;
        const auto counts = distribution(s, false, 3000);
        for (const QString id : {"d0", "d1", "d2"})
            QCOMPARE(counts.value(id), 1000);
    }

    void leastBusyPicksTheFewestInFlight()
    {
        LeastBusyStrategy s;
        m_states->acquire(m_deployments[0]);
        m_states->acquire(m_deployments[0]);
        m_states->acquire(m_deployments[1]);
        auto counts = distribution(s, false, 1000);
        QCOMPARE(counts.value("d2"), 1000);
        // Ties are split at random, evenly.
        m_states->acquire(m_deployments[2]);
        m_states->release(m_deployments[0]);
        counts = distribution(s);
        // d0, d1 and d2 now have one call in flight each.
        for (const QString id : {"d0", "d1", "d2"})
            QVERIFY(near(counts.value(id), 1.0 / 3));
    }

    void latencyBasedPrefersTheFastestAndStillExplores()
    {
        LatencyBasedStrategy s;
        // Unmeasured deployments are tried first.
        m_states->recordSuccess(m_deployments[0], 900, -1, 0);
        m_states->recordSuccess(m_deployments[1], 300, -1, 0);
        QHash<QString, int> counts = distribution(s, false, 1000);
        QVERIFY(counts.value("d2") > 900);
        m_states->recordSuccess(m_deployments[2], 600, -1, 0);
        counts = distribution(s);
        // The fastest gets all but the exploration share, which is spread over all three.
        const double explore = LatencyBasedStrategy::kExplore;
        QVERIFY2(near(counts.value("d1"), 1 - explore + explore / 3), qPrintable(QString::number(counts.value("d1"))));
        QVERIFY(near(counts.value("d0"), explore / 3));
        QVERIFY(near(counts.value("d2"), explore / 3));
        // Streams go by time to first token where it is known.
        m_states->recordSuccess(m_deployments[0], 900, 50, 0);
        m_states->recordSuccess(m_deployments[1], 300, 400, 0);
        counts = distribution(s, true);
        QVERIFY(near(counts.value("d0"), 1 - explore + explore / 3));
    }

    void latencyBasedFollowsARecovery()
    {
        LatencyBasedStrategy s;
        m_deployments.removeLast();
        m_states->recordSuccess(m_deployments[0], 100, -1, 0);
        m_states->recordSuccess(m_deployments[1], 5000, -1, 0);
        QVERIFY(distribution(s).value("d0") > kPicks * 0.9);
        // d1 got fast (its explored calls show it): the moving average brings traffic back.
        for (int i = 0; i < 40; ++i)
            m_states->recordSuccess(m_deployments[1], 50, -1, 0);
        QVERIFY(distribution(s).value("d1") > kPicks * 0.9);
    }

    void usageBasedPicksTheLeastUsedShare()
    {
        UsageBasedStrategy s;
        m_deployments[0].tpm = 10'000;
        m_deployments[1].tpm = 100'000;
        m_deployments[2].tpm = 50'000;
        m_states->recordSuccess(m_deployments[0], 10, -1, 1000); // 10 %
        m_states->recordSuccess(m_deployments[1], 10, -1, 20'000); // 20 %
        m_states->recordSuccess(m_deployments[2], 10, -1, 2500); // 5 %
        QCOMPARE(distribution(s, false, 500).value("d2"), 500);
        // rpm counts too: the larger share decides.
        m_deployments[2].rpm = 10;
        for (int i = 0; i < 5; ++i)
            m_states->acquire(m_deployments[2]); // 50 % of rpm
        QCOMPARE(distribution(s, false, 500).value("d0"), 500);
        // A minute later everything is unused again, and ties split evenly.
        m_clock.advance(61'000);
        const auto counts = distribution(s);
        for (const QString id : {"d0", "d1", "d2"})
            QVERIFY(near(counts.value(id), 1.0 / 3));
    }

    void costBasedPicksTheCheapest()
    {
        // LiteLLM's routing.md example: the deployment with the lowest price per token wins.
        CostBasedStrategy s;
        for (Deployment& d : m_deployments)
            d.setApiBase(QUrl("https://example.openai.azure.com"));
        m_deployments[0].inputCostPerToken = 0.00003;
        m_deployments[0].outputCostPerToken = 0.00003;
        m_deployments[1].inputCostPerToken = 0.000000001;
        m_deployments[1].outputCostPerToken = 0.00000001;
        m_deployments[2].inputCostPerToken = 10;
        m_deployments[2].outputCostPerToken = 12;
        QCOMPARE(distribution(s, false, 100).value("d1"), 100);
    }

    void costBasedSharesTiesAndPutsUnpricedRemotesLast()
    {
        CostBasedStrategy s;
        m_deployments[0].setApiBase(QUrl("https://api.openai.com/v1")); // no price: LiteLLM's $1 a token
        m_deployments[1].setApiBase(QUrl("https://api.groq.com/openai/v1"));
        m_deployments[1].inputCostPerToken = 0.5;
        m_deployments[2].setApiBase(QUrl("https://api.together.xyz/v1"));
        m_deployments[2].outputCostPerToken = 0.5;
        const auto counts = distribution(s);
        QCOMPARE(counts.value("d0"), 0);
        QVERIFY(near(counts.value("d1"), 0.5));
        QVERIFY(near(counts.value("d2"), 0.5));
        QCOMPARE(CostBasedStrategy::priceOf(m_deployments[0]), CostBasedStrategy::kUnknownPrice);
    }

    void costBasedTakesALocalServerAsFree()
    {
        CostBasedStrategy s;
        m_deployments[0].setApiBase(QUrl("https://api.openai.com/v1"));
        m_deployments[0].inputCostPerToken = 0.000001;
        m_deployments[1].setApiBase(QUrl("http://127.0.0.1:1234/v1"));
        m_deployments[2].setApiBase(QUrl("http://192.168.1.20:11434/v1"));
        const auto counts = distribution(s);
        QCOMPARE(counts.value("d0"), 0);
        QVERIFY(near(counts.value("d1"), 0.5));
        QCOMPARE(CostBasedStrategy::priceOf(m_deployments[1]), 0.0);
    }

    void registryKnowsLiteLLMsNames()
    {
        StrategyRegistry registry;
        for (const char* name : {"simple-shuffle",
                                 "round-robin",
                                 "least-busy",
                                 "latency-based-routing",
                                 "usage-based-routing-v2",
                                 "cost-based-routing"})
            QVERIFY2(registry.names().contains(QString::fromLatin1(name)), name);
        QVERIFY(dynamic_cast<CostBasedStrategy*>(&registry.get("cost-based-routing")));
        QVERIFY(dynamic_cast<RoundRobinStrategy*>(&registry.get("round-robin")));
        QVERIFY(dynamic_cast<SimpleShuffleStrategy*>(&registry.get("no-such-strategy")));
        QCOMPARE(&registry.get("least-busy"), &registry.get("least-busy")); // one instance each
    }
};

QTEST_GUILESS_MAIN(TestRoutingStrategies)
#include "TestRoutingStrategies.moc"
