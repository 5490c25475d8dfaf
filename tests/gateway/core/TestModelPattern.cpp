#include "gateway/core/GatewayConfig.h"
#include "gateway/core/ModelPattern.h"

#include <QTest>

using namespace sy;

namespace {

Deployment passThrough(const QString& id, const QString& group, const QString& model)
{
    Deployment d;
    d.id = id;
    d.group = group;
    d.backendModel = model;
    d.wildcard = true;
    d.passThrough = true;
    return d;
}

QStringList idsOf(const QList<const Deployment*>& list)
{
    QStringList ids;
    for (const Deployment* d : list)
        ids.append(d->id);
    return ids;
}

} // namespace

// LiteLLM's wildcard model names (core/ModelPattern.h) and how a config looks a name up in them.
class TestModelPattern : public QObject
{
    Q_OBJECT

private slots:
    void match_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("matches");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("catch-all") << "*"
                                   << "gpt-4o" << true << QStringList{"gpt-4o"};
        QTest::newRow("catch-all, slashes") << "*"
                                            << "a/b/c" << true << QStringList{"a/b/c"};
        QTest::newRow("prefix") << "openai/*"
                                << "openai/gpt-4o" << true << QStringList{"gpt-4o"};
        QTest::newRow("other prefix") << "openai/*"
                                      << "groq/llama" << false << QStringList{};
        QTest::newRow("star needs a character") << "openai/*"
                                                << "openai/" << false << QStringList{};
        QTest::newRow("no star") << "gpt-4o"
                                 << "gpt-4o" << true << QStringList{};
        QTest::newRow("no star, other") << "gpt-4o"
                                        << "gpt-4" << false << QStringList{};
        QTest::newRow("suffix") << "*-mini"
                                << "o3-mini" << true << QStringList{"o3"};
        QTest::newRow("LiteLLM's docs example") << "fo::*:static::*"
                                                << "fo::hi::static::hi" << true << QStringList{"hi:", "hi"};
        QTest::newRow("backtracks") << "a*b*"
                                    << "abbc" << true << QStringList{"b", "c"};
        QTest::newRow("empty name") << "*"
                                    << "" << false << QStringList{};
    }

    void match()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, name);
        QFETCH(bool, matches);
        QFETCH(QStringList, parts);
        const std::optional<QStringList> got = ModelPattern::match(pattern, name);
        QCOMPARE(got.has_value(), matches);
        if (got)
            QCOMPARE(*got, parts);
    }

    void fillPutsThePartsInTheModel()
    {
        QCOMPARE(ModelPattern::fill("*", {"gpt-4o"}), QString("gpt-4o"));
        QCOMPARE(ModelPattern::fill("fo::*:static::*", {"hi:", "hi"}), QString("fo::hi::static::hi"));
        QCOMPARE(ModelPattern::fill("gpt-*", {"4o", "ignored"}), QString("gpt-4o"));
        QCOMPARE(ModelPattern::fill("fixed", {"x"}), QString("fixed"));
    }

    void aGroupWinsOverEveryPattern()
    {
        GatewayConfig c;
        c.deployments = {passThrough("any", "*", "*")};
        Deployment plain;
        plain.id = "plain";
        plain.group = "gpt-4o";
        plain.backendModel = "gpt-4o-2024-08-06";
        c.deployments.append(plain);
        QCOMPARE(idsOf(c.deploymentsOf("gpt-4o")), QStringList{"plain"});
        QCOMPARE(idsOf(c.deploymentsOf("o3")), QStringList{"any"});
        QVERIFY(c.groupNames() == QStringList{"gpt-4o"}); // templates are no group of their own
    }

    void theMostSpecificPatternWinsAndItsTemplatesShareTheLoad()
    {
        GatewayConfig c;
        c.deployments = {passThrough("any", "*", "*"),
                         passThrough("openai-key-a", "openai/*", "*"),
                         passThrough("openai-key-b", "openai/*", "*")};
        QCOMPARE(idsOf(c.deploymentsOf("openai/gpt-4o")), (QStringList{"openai-key-a", "openai-key-b"}));
        QCOMPARE(idsOf(c.deploymentsOf("claude-3")), QStringList{"any"});
        QVERIFY(c.deploymentsOf("openai/").size() == 1); // "openai/" fits only "*"
    }

    void aTemplateThatIsNotPassThroughServesNoName()
    {
        GatewayConfig c;
        Deployment listed = passThrough("lmstudio", "*", "*");
        listed.passThrough = false; // a local server: its models are listed by discovery instead
        c.deployments = {listed};
        QVERIFY(c.deploymentsOf("qwen").isEmpty());
    }

    void aSkippedProviderPatternIsNotCaughtByTheCatchAll()
    {
        // LiteLLM's oai_misc_config: "anthropic/<star>" (not served yet) beside the catch-all "<star>".
        GatewayConfig c;
        c.deployments = {passThrough("any", "*", "*")};
        c.unsupportedGroups.insert("anthropic/*", "provider \"anthropic\" is not supported yet");
        c.unsupportedGroups.insert("claude-exact", "provider \"anthropic\" is not supported yet");
        QVERIFY(c.deploymentsOf("anthropic/claude-3-haiku").isEmpty());
        QVERIFY(c.unsupportedReason("anthropic/claude-3-haiku").contains("anthropic"));
        QVERIFY(c.deploymentsOf("claude-exact").isEmpty());
        QVERIFY(c.unsupportedReason("claude-exact").contains("anthropic"));
        QCOMPARE(idsOf(c.deploymentsOf("gpt-4o")), QStringList{"any"});
        QVERIFY(c.unsupportedReason("gpt-4o").isEmpty());
    }

    void modelForSendsWhatTheClientAskedFor()
    {
        const Deployment any = passThrough("any", "*", "*");
        QCOMPARE(any.modelFor("gpt-4o"), QString("gpt-4o"));
        const Deployment prefixed = passThrough("p", "openai/*", "*");
        QCOMPARE(prefixed.modelFor("openai/gpt-4o"), QString("gpt-4o"));
        const Deployment pattern = passThrough("f", "fo::*:static::*", "fo::*:static::*");
        QCOMPARE(pattern.modelFor("fo::hi::static::hi"), QString("fo::hi::static::hi"));
        Deployment plain;
        plain.group = "chat";
        plain.backendModel = "llama-3";
        QCOMPARE(plain.modelFor("chat"), QString("llama-3"));
    }
};

QTEST_GUILESS_MAIN(TestModelPattern)
#include "TestModelPattern.moc"
