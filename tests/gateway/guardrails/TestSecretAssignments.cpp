#include "gateway/guardrails/SecretAssignments.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace sy;

namespace {

QStringList valuesIn(const QString& text)
{
    QList<Finding> found;
    SecretAssignments::scan(text, found);
    QStringList values;
    for (const Finding& f : found)
        values.append(text.mid(f.start, f.length));
    return values;
}

// The expression SecretsScanner used before the scan replaced it (issue #16, the cost of the
// guardrails): on valid UTF-16 the scan must find exactly what it found.
QList<QPair<qsizetype, qsizetype>> expressionFindings(const QString& text)
{
    static const QRegularExpression re(
        QStringLiteral("(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token"
                       "|client[_-]?secret|private[_-]?key)\\b[\"']?\\s*[:=]\\s*[\"']?([^\\s\"'<>,;]{8,})"),
        QRegularExpression::CaseInsensitiveOption);
    QList<QPair<qsizetype, qsizetype>> out;
    QRegularExpressionMatchIterator it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out.append({m.capturedStart(1), m.capturedLength(1)});
    }
    return out;
}

QList<QPair<qsizetype, qsizetype>> scanFindings(const QString& text)
{
    QList<Finding> found;
    SecretAssignments::scan(text, found);
    QList<QPair<qsizetype, qsizetype>> out;
    for (const Finding& f : found)
        out.append({f.start, f.length});
    return out;
}

QString pick(QRandomGenerator& random, const QStringList& pieces)
{
    return pieces[random.bounded(pieces.size())];
}

// Assignments, near misses and everything the scan treats specially: keywords (with case and
// glue variants), what may stand between them and a value, and values near eight characters.
QString randomText(QRandomGenerator& random)
{
    static const QStringList before = {"", "", " ", "DB_", "my", "\u017f", "2", "\"", "-", "\u00e9", "\u4e2d"};
    static const QStringList keywords = {"password",
                                         "PassWD",
                                         "pwd",
                                         "secret",
                                         "client_secret",
                                         "clientSecret",
                                         "api-key",
                                         "API_KEY",
                                         "apikey",
                                         "api__key",
                                         "access_token",
                                         "auth-token",
                                         "private_key",
                                         "pa\u017fsword",
                                         "api_\u212aey",
                                         "pass",
                                         "token"};
    static const QStringList glue
        = {":", "=", ":", "=", " ", "\t", "\v", "\n", "\"", "'", "\u00a0", "\u0085", "2", ";"};
    static const QStringList values = {"abc",
                                       "defgh",
                                       "1234567",
                                       "x",
                                       "\U0001F600",
                                       "\u4e2d",
                                       "<",
                                       ">",
                                       ",",
                                       ";",
                                       " ",
                                       "'",
                                       ":",
                                       "=",
                                       "password",
                                       "\u00a0"};
    QString text;
    const int count = int(random.bounded(6));
    for (int i = 0; i < count; ++i) {
        text += pick(random, before) + pick(random, keywords);
        for (int g = int(random.bounded(4)); g > 0; --g)
            text += pick(random, glue);
        for (int v = int(random.bounded(6)); v > 0; --v)
            text += pick(random, values);
    }
    return text;
}

} // namespace

class TestSecretAssignments : public QObject
{
    Q_OBJECT

private slots:
    void findsTheValue_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("values");
        QTest::newRow("env") << "DB_PASSWORD=hunter2hunter2" << QStringList{"hunter2hunter2"};
        QTest::newRow("json") << "{\"api-key\": \"abcd1234efgh\"}" << QStringList{"abcd1234efgh"};
        QTest::newRow("quoted") << "api_key = 'abcdefgh'" << QStringList{"abcdefgh"};
        QTest::newRow("camel case") << "ApiKey:abcdefgh" << QStringList{"abcdefgh"};
        QTest::newRow("tab") << "client-secret:\tabcdefgh" << QStringList{"abcdefgh"};
        QTest::newRow("vertical tab") << "password\v=\vabcdefgh" << QStringList{"abcdefgh"};
        QTest::newRow("ends at a comma") << "Access_Token = xyz12345,next" << QStringList{"xyz12345"};
        QTest::newRow("exactly eight") << "PASSWORD = 12345678" << QStringList{"12345678"};
        QTest::newRow("separators in the value") << "pwd=abc:def=ghi" << QStringList{"abc:def=ghi"};
        QTest::newRow("second separator") << "password:=abcdefgh" << QStringList{"=abcdefgh"};
        QTest::newRow("nbsp is not whitespace") << "secret=\u00a0abcdefg" << QStringList{"\u00a0abcdefg"};
        QTest::newRow("long s") << "pa\u017f\u017fword=abcdefgh" << QStringList{"abcdefgh"};
        QTest::newRow("kelvin sign") << "api_\u212aey=abcdefgh" << QStringList{"abcdefgh"};
        QTest::newRow("code points") << "password=\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"
                                        "\U0001F600\U0001F600"
                                     << QStringList{"\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"
                                                    "\U0001F600\U0001F600"};
        QTest::newRow("two") << "password=abcdefgh secret=ijklmnop" << QStringList{"abcdefgh", "ijklmnop"};
        QTest::newRow("one inside the other") << "password=secret:abcdefghij" << QStringList{"secret:abcdefghij"};
    }

    void findsTheValue()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, values);
        QCOMPARE(valuesIn(text), values);
    }

    void findsNothing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("glued to a word") << "mypassword=abcdefgh";
        QTest::newRow("glued to a long s") << "\u017fpassword=abcdefgh";
        QTest::newRow("a digit after the keyword") << "password2=abcdefgh";
        QTest::newRow("a letter after the keyword") << "password\u00e9=abcdefgh";
        QTest::newRow("seven characters") << "password=abcdefg";
        QTest::newRow("four code points, eight units") << "password=\U0001F600\U0001F600\U0001F600\U0001F600";
        QTest::newRow("short quoted") << "password = \"abc\"";
        QTest::newRow("no separator") << "Choose a password that is long.";
        QTest::newRow("quote after whitespace") << "password \"=abcdefgh";
        QTest::newRow("two quotes") << "password''=abcdefgh";
        QTest::newRow("two underscores") << "api__key=abcdefgh";
        QTest::newRow("value starts with a stop") << "password=,abcdefgh";
        QTest::newRow("bracketed") << "auth-token: <abcdefgh>";
    }

    void findsNothing()
    {
        QFETCH(QString, text);
        QCOMPARE(valuesIn(text), QStringList());
    }

    void offsetsAreTheValues()
    {
        const QString text = QStringLiteral("x \"password\" : \"s3cr3t-value\" y");
        QList<Finding> found;
        SecretAssignments::scan(text, found);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().start, text.indexOf(u"s3cr3t"));
        QCOMPARE(found.first().length, 12);
        QCOMPARE(found.first().kind, QStringLiteral("a password or key in an assignment"));
    }

    void aLoneSurrogateHidesNothing()
    {
        // Deliberately unlike the expression, which finds nothing in a text that is not UTF-16.
        const QString text = QStringLiteral("password=abcdefgh ") + QChar(char16_t(0xd800));
        QVERIFY(expressionFindings(text).isEmpty());
        QCOMPARE(valuesIn(text), QStringList{"abcdefgh"});
    }

    void agreesWithTheExpression()
    {
        QRandomGenerator random(16); // fixed: a failure can be replayed
        int found = 0;
        for (int i = 0; i < 20000; ++i) {
            const QString text = randomText(random);
            const auto expected = expressionFindings(text);
            QCOMPARE(scanFindings(text), expected);
            found += int(expected.size());
        }
        QVERIFY2(found > 1000, "the random texts must hold assignments to compare");
    }
};

QTEST_GUILESS_MAIN(TestSecretAssignments)
#include "TestSecretAssignments.moc"
