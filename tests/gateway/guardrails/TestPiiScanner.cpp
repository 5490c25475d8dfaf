#include "gateway/guardrails/PiiScanner.h"

#include <QTest>

using namespace sy;

namespace {

GuardrailSpec spec(QStringList types = {})
{
    GuardrailSpec s;
    s.name = QStringLiteral("pii");
    s.type = QStringLiteral("pii");
    s.piiTypes = types;
    return s;
}

QStringList kinds(const QList<Finding>& found)
{
    QStringList out;
    for (const Finding& f : found)
        out.append(f.kind);
    return out;
}

} // namespace

class TestPiiScanner : public QObject
{
    Q_OBJECT

private slots:
    void findsPersonalData_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("found");
        QTest::addColumn<QString>("kind");
        QTest::newRow("email") << "write to jane.doe+news@example.co.uk."
                               << "jane.doe+news@example.co.uk"
                               << "an e-mail address";
        QTest::newRow("phone intl") << "call +49 30 1234567 today"
                                    << "+49 30 1234567"
                                    << "a phone number";
        QTest::newRow("phone us") << "call (555) 123-4567 now"
                                  << "(555) 123-4567"
                                  << "a phone number";
        QTest::newRow("visa") << "card 4111 1111 1111 1111 exp 12/29"
                              << "4111 1111 1111 1111"
                              << "a payment card number";
        QTest::newRow("card dashes") << "5500-0000-0000-0004"
                                     << "5500-0000-0000-0004"
                                     << "a payment card number";
        QTest::newRow("iban grouped") << "IBAN DE89 3704 0044 0532 0130 00 please"
                                      << "DE89 3704 0044 0532 0130 00"
                                      << "an IBAN";
        QTest::newRow("iban compact") << "GB82WEST12345698765432"
                                      << "GB82WEST12345698765432"
                                      << "an IBAN";
    }

    void findsPersonalData()
    {
        QFETCH(QString, text);
        QFETCH(QString, found);
        QFETCH(QString, kind);
        const QList<Finding> result = PiiScanner(spec()).scan(text);
        bool matched = false;
        for (const Finding& f : result)
            matched = matched || (text.mid(f.start, f.length) == found && f.kind == kind);
        QVERIFY2(matched, qPrintable(kinds(result).join(QStringLiteral(", "))));
    }

    void numbersThatAreNotPersonal_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("year and count") << "In 2024 we shipped 1234567 units.";
        QTest::newRow("card failing luhn") << "4111 1111 1111 1112";
        QTest::newRow("iban failing mod 97") << "DE89 3704 0044 0532 0130 01";
        QTest::newRow("version") << "Qt 6.4.2 and build 20240101";
        QTest::newRow("no domain") << "user@localhost says hi";
        QTest::newRow("identifier") << "order id A12345678901234";
    }

    void numbersThatAreNotPersonal()
    {
        QFETCH(QString, text);
        const QList<Finding> result = PiiScanner(spec()).scan(text);
        QVERIFY2(result.isEmpty(), qPrintable(kinds(result).join(QStringLiteral(", "))));
    }

    void numbersAnywhereInTheText()
    {
        // Digits are searched for a block of characters at a time: numbers at every offset
        // around the blocks' edges, and at the end of the text.
        for (int offset = 0; offset < 40; ++offset) {
            const QString text = QString(offset, u'x')
                + QStringLiteral(" 4111 1111 1111 1111 and DE89 3704 0044 0532 0130 00 ") + QString(offset % 3, u'y');
            const QList<Finding> found = PiiScanner(spec()).scan(text);
            QCOMPARE(kinds(found), QStringList({"a payment card number", "an IBAN"}));
            QCOMPARE(found[0].start, offset + 1);
            QCOMPARE(found[1].start, text.indexOf(u"DE89"));
            QCOMPARE(found[1].length, 27);
        }
    }

    void ibansOneAfterAnother()
    {
        const QString text = QStringLiteral("DE89370400440532013000 GB82WEST12345698765432");
        const QList<Finding> found = PiiScanner(spec()).scan(text);
        QCOMPARE(kinds(found), QStringList({"an IBAN", "an IBAN"}));
        QCOMPARE(text.mid(found[1].start, found[1].length), QStringLiteral("GB82WEST12345698765432"));
    }

    void longRunsOfDigitsAreNotNumbers()
    {
        QVERIFY(PiiScanner(spec()).scan(QString(40, u'7')).isEmpty());
        QVERIFY(PiiScanner(spec()).scan(QStringLiteral("order 4111111111111111111111111111 shipped")).isEmpty());
    }

    void masksWithPresidiosNames()
    {
        const QString text = QStringLiteral("Mail jane@example.com, card 4111111111111111, phone +1 415 555 0100.");
        const QList<Finding> found = PiiScanner(spec()).scan(text);
        QCOMPARE(Guardrail::redacted(text, found),
                 QStringLiteral("Mail <EMAIL_ADDRESS>, card <CREDIT_CARD>, phone <PHONE_NUMBER>."));
    }

    void onlyTheConfiguredTypes()
    {
        const QString text = QStringLiteral("jane@example.com 4111111111111111");
        QCOMPARE(kinds(PiiScanner(spec({QStringLiteral("credit_card")})).scan(text)),
                 QStringList{QStringLiteral("a payment card number")});
    }

    void checksums()
    {
        QVERIFY(PiiScanner::luhnValid(u"79927398713"));
        QVERIFY(!PiiScanner::luhnValid(u"79927398710"));
        QVERIFY(PiiScanner::ibanValid(u"DE89370400440532013000"));
        QVERIFY(PiiScanner::ibanValid(u"FR1420041010050500013M02606"));
        QVERIFY(!PiiScanner::ibanValid(u"DE89370400440532013001"));
    }
};

QTEST_GUILESS_MAIN(TestPiiScanner)
#include "TestPiiScanner.moc"
