#include "gateway/config/ConfigLoader.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace sy;

namespace {

const QString kCorpus = QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/data/litellm-configs");

QHash<QString, QString> readEnv()
{
    QHash<QString, QString> env;
    QFile file(kCorpus + QStringLiteral("/litellm.env"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read litellm.env");
    for (const QByteArray& line : file.readAll().split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith('#'))
            env.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    return env;
}

// expected.txt: "FILE: NAME[=N], …" or "FILE: none  (why)".
QHash<QString, QString> readExpected()
{
    QHash<QString, QString> expected;
    QFile file(kCorpus + QStringLiteral("/expected.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read expected.txt");
    for (const QString& line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        const qsizetype colon = line.indexOf(QStringLiteral(".yaml:"));
        if (!line.startsWith(u'#') && colon > 0)
            expected.insert(line.left(colon + 5), line.mid(colon + 6).trimmed());
    }
    return expected;
}

ConfigLoader loaderWith(const QHash<QString, QString>& env)
{
    return ConfigLoader([env](const QString& name) -> std::optional<QString> {
        return env.contains(name) ? std::optional(env.value(name)) : std::nullopt;
    });
}

} // namespace

// Real LiteLLM proxy configs, from LiteLLM's repository and docs (tests/data/litellm-configs):
// every one loads, and each keeps the models it should.
class TestLiteLlmCorpus : public QObject
{
    Q_OBJECT

private slots:
    void everyFileIsListed()
    {
        const QStringList files = QDir(kCorpus).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        const QHash<QString, QString> expected = readExpected();
        QVERIFY(files.size() >= 40);
        for (const QString& file : files)
            QVERIFY2(expected.contains(file), qPrintable(file + QStringLiteral(" is not in expected.txt")));
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QVERIFY2(files.contains(it.key()), qPrintable(it.key() + QStringLiteral(" is listed but missing")));
    }

    void loadsAndKeepsItsModels_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        const QHash<QString, QString> expected = readExpected();
        QStringList files = expected.keys();
        files.sort();
        for (const QString& file : std::as_const(files))
            QTest::newRow(qPrintable(file)) << file << expected.value(file);
    }

    void loadsAndKeepsItsModels()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const ConfigLoadResult r = loaderWith(readEnv()).loadFile(kCorpus + u'/' + file);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        if (expected.startsWith(QStringLiteral("none"))) {
            // Nothing is served: every entry was skipped, each with its reason.
            QVERIFY2(
                r.config->deployments.isEmpty(),
                qPrintable(r.config->deployments.value(0).group + QStringLiteral(" is served: update expected.txt")));
            return;
        }
        static const QRegularExpression kItem(QStringLiteral("^(.+?)(?:=(\\d+))?$"));
        for (const QString& item : expected.split(u',')) {
            const QRegularExpressionMatch m = kItem.match(item.trimmed());
            const QString name = m.captured(1);
            const int atLeast = m.captured(2).isEmpty() ? 1 : m.captured(2).toInt();
            const QString group = r.config->routing.modelGroupAlias.value(name, name);
            const qsizetype served = r.config->deploymentsOf(group).size();
            QVERIFY2(
                served >= atLeast,
                qPrintable(
                    QStringLiteral("%1: %2 deployments, expected at least %3").arg(name).arg(served).arg(atLeast)));
        }
    }

    void brokenFilesSayWhereAndWhy_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");
        // Neither loads in LiteLLM either: PyYAML refuses both.
        QTest::newRow("unclosed quote") << "example_hosted_litellm.yaml" << 9
                                        << "quoted string that starts at line 8, column 17: no closing \"";
        QTest::newRow("tabs") << "docs_routing_weighted_tabs.yaml" << 3 << "illegal tab";
    }

    void brokenFilesSayWhereAndWhy()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, says);
        const ConfigLoadResult r = loaderWith(readEnv()).loadFile(kCorpus + QStringLiteral("/invalid/") + file);
        QVERIFY(!r.ok());
        QCOMPARE(r.errors().size(), 1);
        QCOMPARE(r.errors().first().line, line);
        QVERIFY2(r.errorText().contains(says), qPrintable(r.errorText()));
    }
};

QTEST_GUILESS_MAIN(TestLiteLlmCorpus)
#include "TestLiteLlmCorpus.moc"
