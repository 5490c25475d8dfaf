#include "gateway/guardrails/SecretsScanner.h"

#include <QTest>

using namespace sy;

namespace {

GuardrailSpec spec(GuardrailSpec::Action action = GuardrailSpec::Action::Block)
{
    GuardrailSpec s;
    s.name = QStringLiteral("secrets");
    s.type = QStringLiteral("secrets");
    s.action = action;
    return s;
}

} // namespace

class TestSecretsScanner : public QObject
{
    Q_OBJECT

private slots:
    void findsCredentials_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kind");
        QTest::newRow("openai") << "my key is sk-proj-4f9Kd83JdkeLs02mXq7Z, thanks"
                                << "sk-proj-4f9Kd83JdkeLs02mXq7Z"
                                << "an API key";
        QTest::newRow("anthropic") << "use sk-ant-api03-Xy7pQ2mN8vB4kL1sD6fG please."
                                   << "sk-ant-api03-Xy7pQ2mN8vB4kL1sD6fG"
                                   << "an Anthropic API key";
        QTest::newRow("aws") << "AKIAIOSFODNN7EXAMPLE is the id"
                             << "AKIAIOSFODNN7EXAMPLE"
                             << "an AWS access key";
        QTest::newRow("github") << "token ghp_1234567890abcdefghijABCDEFGHIJ123456."
                                << "ghp_1234567890abcdefghijABCDEFGHIJ123456"
                                << "a GitHub token";
        QTest::newRow("gitlab") << "glpat-x8Fz3kQ9mPq2Lw7Vn4Rt"
                                << "glpat-x8Fz3kQ9mPq2Lw7Vn4Rt"
                                << "a GitLab token";
        QTest::newRow("slack") << "xoxb-123456789012-abcdefGHIJKL"
                               << "xoxb-123456789012-abcdefGHIJKL"
                               << "a Slack token";
        QTest::newRow("stripe") << "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
                                << "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
                                << "a Stripe key";
        QTest::newRow("google") << "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
                                << "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
                                << "a Google API key";
        QTest::newRow("huggingface") << "hf_AbCdEfGhIjKlMnOpQrStUvWxYz1234567"
                                     << "hf_AbCdEfGhIjKlMnOpQrStUvWxYz1234567"
                                     << "a Hugging Face token";
        QTest::newRow("jwt")
            << "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            << "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            << "a JSON Web Token";
        QTest::newRow("entropy") << "the secret is Zq8xT2vL9pK4mW7nR3bY6cH1dF5gJ0sA ok"
                                 << "Zq8xT2vL9pK4mW7nR3bY6cH1dF5gJ0sA"
                                 << "a high-entropy string";
        QTest::newRow("assignment") << "DB_PASSWORD = hunter2hunter2!"
                                    << "hunter2hunter2!"
                                    << "a password or key in an assignment";
        QTest::newRow("url password") << "postgres://app:s3cr3t-pw@db.internal:5432/app"
                                      << "s3cr3t-pw"
                                      << "a password in a URL";
    }

    void findsCredentials()
    {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, kind);
        const SecretsScanner scanner(spec());
        const QList<Finding> found = scanner.scan(text);
        QVERIFY2(!found.isEmpty(), qPrintable(text));
        bool matched = false;
        for (const Finding& f : found)
            matched = matched || (text.mid(f.start, f.length) == secret && f.kind == kind);
        QVERIFY2(matched,
                 qPrintable(found.first().kind + QStringLiteral(" at ")
                            + text.mid(found.first().start, found.first().length)));
        // What it found is never in what it says.
        for (const Finding& f : found)
            QVERIFY(!f.kind.contains(secret));
    }

    void privateKeyBlock()
    {
        const QString text
            = QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\nbye");
        const QList<Finding> found = SecretsScanner(spec()).scan(text);
        QVERIFY(!found.isEmpty());
        bool block = false;
        for (const Finding& f : found)
            block
                = block || (f.kind == u"a private key" && f.start == 0 && text.mid(f.start + f.length, 4) == u"\nbye");
        QVERIFY(block);
    }

    void ordinaryTextPasses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("prose") << "The quick brown fox jumps over the lazy dog, again and again, internationally.";
        QTest::newRow("uuid") << "request 550e8400-e29b-41d4-a716-446655440000 failed";
        QTest::newRow("url") << "see https://docs.example.com/guides/getting-started/installation-on-linux";
        QTest::newRow("short sk") << "pip install sk-learn, not scikit";
        QTest::newRow("path") << "/usr/local/lib/python3.11/site-packages/numpy/core/multiarray.py";
        QTest::newRow("hyphenated") << "state-of-the-art, well-thought-out, up-to-date, never-ending-story";
        QTest::newRow("password word") << "Choose a password that is long.";
    }

    void ordinaryTextPasses()
    {
        QFETCH(QString, text);
        const QList<Finding> found = SecretsScanner(spec()).scan(text);
        QVERIFY2(found.isEmpty(),
                 qPrintable(found.value(0).kind + QStringLiteral(": ")
                            + text.mid(found.value(0).start, found.value(0).length)));
    }

    void entropyCanBeTurnedOff()
    {
        GuardrailSpec s = spec();
        s.entropy = false;
        QVERIFY(SecretsScanner(s).scan(QStringLiteral("Zq8xT2vL9pK4mW7nR3bY6cH1dF5gJ0sA")).isEmpty());
        QVERIFY(!SecretsScanner(s).scan(QStringLiteral("AKIAIOSFODNN7EXAMPLE")).isEmpty());
    }

    void redaction()
    {
        const QString text = QStringLiteral("key AKIAIOSFODNN7EXAMPLE and sk-proj-4f9Kd83JdkeLs02mXq7Z.");
        const QList<Finding> found = SecretsScanner(spec(GuardrailSpec::Action::Redact)).scan(text);
        QCOMPARE(Guardrail::redacted(text, found), QStringLiteral("key [REDACTED] and [REDACTED]."));
    }

    void urlPasswordBesideALoneSurrogate()
    {
        const QString text
            = QStringLiteral("db at postgres://app:Tr0ub4dor3x@db.internal/prod ") + QChar(char16_t(0xdbff));
        const QList<Finding> found = SecretsScanner(spec()).scan(text);
        QCOMPARE(found.size(), 1);
        QCOMPARE(text.mid(found[0].start, found[0].length), QStringLiteral("Tr0ub4dor3x"));
    }

    void tokensAnywhereInTheText()
    {
        // The token walk skips what cannot hold a long token: a key after words of every
        // length, with sentence punctuation after it.
        for (int offset = 0; offset < 40; ++offset) {
            const QString text
                = QString(offset, u'a') + QStringLiteral(" AKIAIOSFODNN7EXAMPLE") + QString(offset % 3, u'.');
            const QList<Finding> found = SecretsScanner(spec()).scan(text);
            QCOMPARE(found.size(), 1);
            QCOMPARE(found.first().start, offset + 1);
            QCOMPARE(found.first().length, 20);
        }
        const QString glued = QStringLiteral("a b c d e f g h AKIAIOSFODNN7EXAMPLE");
        QCOMPARE(SecretsScanner(spec()).scan(glued).size(), 1);
    }

    void entropyAtItsThresholds()
    {
        // Entropy cannot exceed log2 of the number of distinct characters, which rules most
        // tokens out early: at the thresholds, the strings with all characters equally frequent.
        const QString twentyThree = QStringLiteral("abcdefghijklmnopqrst012"); // log2 23 = 4.52 bits
        const QString twentyTwo = QStringLiteral("abcdefghijklmnopqrst01"); // log2 22 = 4.46 bits
        QCOMPARE(SecretsScanner(spec()).scan(twentyThree + twentyThree).value(0).kind,
                 QStringLiteral("a high-entropy string"));
        QVERIFY(SecretsScanner(spec()).scan(twentyTwo + twentyTwo).isEmpty());
        const QString eightHex = QStringLiteral("01234567").repeated(4); // exactly 3 bits
        QCOMPARE(SecretsScanner(spec()).scan(eightHex).value(0).kind, QStringLiteral("a high-entropy hex string"));
        QVERIFY(SecretsScanner(spec()).scan(QStringLiteral("0123456").repeated(5)).isEmpty());
    }

    void entropyOfKnownStrings()
    {
        QCOMPARE(SecretsScanner::entropy(u"aaaa"), 0.0);
        QCOMPARE(SecretsScanner::entropy(u"abcd"), 2.0);
    }
};

QTEST_GUILESS_MAIN(TestSecretsScanner)
#include "TestSecretsScanner.moc"
