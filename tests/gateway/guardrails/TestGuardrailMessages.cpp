#include "gateway/guardrails/GuardrailMessages.h"

#include <QTest>

using namespace sy;
using Language = GuardrailMessages::Language;

class TestGuardrailMessages : public QObject
{
    Q_OBJECT

private slots:
    void languageFromAcceptLanguage_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("language");
        QTest::newRow("none") << QByteArray() << int(Language::English);
        QTest::newRow("german") << QByteArray("de-DE,de;q=0.9,en;q=0.8") << int(Language::German);
        QTest::newRow("japanese") << QByteArray("ja") << int(Language::Japanese);
        QTest::newRow("q decides") << QByteArray("en;q=0.3, ja;q=0.9") << int(Language::Japanese);
        QTest::newRow("unknown first") << QByteArray("fr-FR, de;q=0.5") << int(Language::German);
        QTest::newRow("only unknown") << QByteArray("fr, es") << int(Language::English);
        QTest::newRow("refused") << QByteArray("de;q=0, en") << int(Language::English);
    }

    void languageFromAcceptLanguage()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, language);
        QCOMPARE(int(GuardrailMessages::languageOf(header)), language);
    }

    void violationNamesTheGuardrailAndWhatItFound()
    {
        const ApiError e = GuardrailMessages::violation(
            Language::English, QStringLiteral("no-secrets"), QStringLiteral("an API key"), false);
        QCOMPARE(e.status, 400);
        QCOMPARE(e.code, QByteArray("guardrail_violation"));
        QCOMPARE(e.message, QString("The request was blocked by guardrail 'no-secrets': it contains an API key."));
        const ApiError de
            = GuardrailMessages::violation(Language::German, QStringLiteral("g"), QStringLiteral("x"), true);
        QVERIFY(de.message.startsWith(QString::fromUtf8("Die Antwort wurde von der Schutzregel")));
        const ApiError ja
            = GuardrailMessages::violation(Language::Japanese, QStringLiteral("g"), QStringLiteral("x"), false);
        QVERIFY(ja.message.contains(QString::fromUtf8("ガードレール「g」")));
    }

    void unavailableIs503()
    {
        const ApiError e = GuardrailMessages::unavailable(
            Language::English, QStringLiteral("llm"), QStringLiteral("no answer within 100 ms"));
        QCOMPARE(e.status, 503);
        QCOMPARE(e.code, QByteArray("guardrail_unavailable"));
        QVERIFY(e.message.contains(QStringLiteral("no answer within 100 ms")));
    }
};

QTEST_GUILESS_MAIN(TestGuardrailMessages)
#include "TestGuardrailMessages.moc"
