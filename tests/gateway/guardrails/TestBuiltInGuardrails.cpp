#include "gateway/guardrails/BannedSubstrings.h"
#include "gateway/guardrails/MaliciousUrls.h"
#include "gateway/guardrails/NoCode.h"
#include "gateway/guardrails/TokenLimit.h"

#include <QTest>

using namespace sy;

namespace {

GuardrailSpec spec(const char* type)
{
    GuardrailSpec s;
    s.name = QString::fromLatin1(type);
    s.type = QString::fromLatin1(type);
    return s;
}

QStringList found(const Guardrail& g, const QString& text)
{
    QStringList out;
    for (const Finding& f : g.scan(text))
        out.append(text.mid(f.start, f.length));
    return out;
}

} // namespace

// The built-in guardrails other than secrets and PII (which have tests of their own).
class TestBuiltInGuardrails : public QObject
{
    Q_OBJECT

private slots:
    void bannedSubstringsIgnoreCaseByDefault()
    {
        GuardrailSpec s = spec("banned_substrings");
        s.substrings = {QStringLiteral("Project Falcon"), QStringLiteral("acme")};
        const BannedSubstrings g(s);
        QCOMPARE(found(g, QStringLiteral("tell me about PROJECT falcon and ACMEcorp")),
                 QStringList({QStringLiteral("PROJECT falcon"), QStringLiteral("ACME")}));
        QVERIFY(found(g, QStringLiteral("nothing to see")).isEmpty());
    }

    void bannedSubstringsFoldUnicode()
    {
        // Ignoring case is Unicode's simple case folding, as QStringMatcher's: ſ is an s, the
        // Kelvin sign a k, and final sigma a sigma; the offsets are the original text's.
        GuardrailSpec s = spec("banned_substrings");
        s.substrings = {QStringLiteral("secret key"), QStringLiteral("\u03a3\u039f\u03a6\u0399\u03a3")};
        const BannedSubstrings g(s);
        QCOMPARE(
            found(g, QStringLiteral("\u00e9 \u017fecret \u212aey and \u03c3\u03bf\u03c6\u03b9\u03c2")),
            QStringList({QStringLiteral("\u017fecret \u212aey"), QStringLiteral("\u03c3\u03bf\u03c6\u03b9\u03c2")}));
    }

    void bannedSubstringsPhraseByPhrase()
    {
        // The order findings come in (the first names a block's reason): each phrase's in text
        // order, phrase after phrase; overlapping ones too.
        GuardrailSpec s = spec("banned_substrings");
        s.substrings = {QStringLiteral("ab"), QStringLiteral("A")};
        const BannedSubstrings g(s);
        QCOMPARE(found(g, QStringLiteral("aAb")), QStringList({"Ab", "a", "A"}));
    }

    void bannedSubstringsWholeWordsAndCase()
    {
        GuardrailSpec s = spec("banned_substrings");
        s.substrings = {QStringLiteral("acme")};
        s.wholeWords = true;
        s.caseSensitive = true;
        const BannedSubstrings g(s);
        QCOMPARE(found(g, QStringLiteral("acme, acmecorp, ACME, (acme)")),
                 QStringList({QStringLiteral("acme"), QStringLiteral("acme")}));
    }

    void regexPatterns()
    {
        GuardrailSpec s = spec("regex");
        s.patterns = {QStringLiteral("\\bproject\\s+x\\b"), QStringLiteral("\\d{3}-\\d{2}-\\d{4}")};
        const BannedSubstrings g(s);
        QCOMPARE(found(g, QStringLiteral("Project  X and 123-45-6789")),
                 QStringList({QStringLiteral("Project  X"), QStringLiteral("123-45-6789")}));
    }

    // PCRE2 matches nothing in a text with a lone surrogate; the guardrails must not go blind.
    void aLoneSurrogateBlindsNoRegex()
    {
        const QString lone = QString(QChar(char16_t(0xd800)));
        GuardrailSpec s = spec("regex");
        s.patterns = {QStringLiteral("\\d{3}-\\d{2}-\\d{4}")};
        const BannedSubstrings g(s);
        const QString text = lone + QStringLiteral(" call 123-45-6789 now ") + QChar(char16_t(0xdc00));
        const QList<Finding> findings = g.scan(text);
        QCOMPARE(findings.size(), 1);
        QCOMPARE(text.mid(findings[0].start, findings[0].length), QStringLiteral("123-45-6789")); // offsets kept
        // A valid pair stays one character: a pattern may match it.
        s.patterns = {QStringLiteral("x\\x{1F600}y")};
        QCOMPARE(BannedSubstrings(s).scan(lone + QStringLiteral("x\U0001F600y")).size(), 1);
        const NoCode code(spec("no_code"));
        QVERIFY(!code.scan(lone + QStringLiteral("\nimport os\ndef main():\n    pass\n")).isEmpty());
    }

    void redactingBannedWords()
    {
        GuardrailSpec s = spec("banned_substrings");
        s.substrings = {QStringLiteral("secret sauce")};
        const BannedSubstrings g(s);
        const QString text = QStringLiteral("the Secret Sauce is ketchup");
        QCOMPARE(Guardrail::redacted(text, g.scan(text)), QStringLiteral("the [REDACTED] is ketchup"));
    }

    void tokenLimitJudgesTheWholePrompt()
    {
        GuardrailSpec s = spec("token_limit");
        s.tokenLimit = 10;
        const TokenLimit g(s);
        QVERIFY(!g.scansPieces());
        QVERIFY(g.scan(QString(40, u'a')).isEmpty()); // 10 tokens
        const QList<Finding> over = g.scan(QString(41, u'a'));
        QCOMPARE(over.size(), 1);
        QVERIFY(over.first().kind.contains(QStringLiteral("over the limit of 10")));
    }

    void maliciousUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("kind");
        QTest::newRow("deny-list") << "go to https://login.evil.example/reset now"
                                   << "https://login.evil.example/reset"
                                   << "a link to a denied domain";
        QTest::newRow("user before host") << "https://paypal.com@attacker.test/login"
                                          << "https://paypal.com@attacker.test/login"
                                          << "a link with a user name before its host";
        QTest::newRow("ip host") << "fetch http://192.168.4.7:8080/payload.sh."
                                 << "http://192.168.4.7:8080/payload.sh"
                                 << "a link to a bare IP address";
        QTest::newRow("punycode") << "www.xn--pple-43d.com/id"
                                  << "www.xn--pple-43d.com/id"
                                  << "a link with a look-alike (punycode) domain";
        QTest::newRow("tld") << "download http://free-prizes.tk/win"
                             << "http://free-prizes.tk/win"
                             << "a link to a suspicious top-level domain";
        QTest::newRow("javascript") << "<a href=\"javascript:alert(1)\">"
                                    << "javascript:alert(1"
                                    << "a script link";
        QTest::newRow("javascript, long s") << "JAVA\u017fCRIPT:alert(1) now"
                                            << "JAVA\u017fCRIPT:alert(1"
                                            << "a script link";
        QTest::newRow("data") << "open DATA:Text/HTML,<b>x</b>"
                              << "DATA:Text/HTML"
                              << "a script link";
        QTest::newRow("www, upper case") << "see WWW.XN--PPLE-43D.COM."
                                         << "WWW.XN--PPLE-43D.COM"
                                         << "a link with a look-alike (punycode) domain";
        QTest::newRow("punycode label") << "https://login.xn--pple-43d.com/"
                                        << "https://login.xn--pple-43d.com/"
                                        << "a link with a look-alike (punycode) domain";
        QTest::newRow("deny-list, upper case") << "HTTPS://EVIL.EXAMPLE"
                                               << "HTTPS://EVIL.EXAMPLE"
                                               << "a link to a denied domain";
        QTest::newRow("hex ip host") << "http://0x7f.1/x"
                                     << "http://0x7f.1/x"
                                     << "a link to a bare IP address";
        QTest::newRow("ipv6 host") << "http://[::1]:8080/x"
                                   << "http://[::1" // a link ends at a bracket
                                   << "a link to a bare IP address";
    }

    void maliciousUrls()
    {
        QFETCH(QString, text);
        QFETCH(QString, url);
        QFETCH(QString, kind);
        GuardrailSpec s = spec("malicious_urls");
        s.denyDomains = {QStringLiteral("evil.example")};
        const MaliciousUrls g(s);
        const QList<Finding> result = g.scan(text);
        QVERIFY2(!result.isEmpty(), qPrintable(text));
        QCOMPARE(text.mid(result.first().start, result.first().length), url);
        QCOMPARE(result.first().kind, kind);
    }

    void linksInTheOrderOfTheirMarks()
    {
        // "://" links first, then www. links, then javascript: and data: ones, each in text order.
        GuardrailSpec s = spec("malicious_urls");
        s.denyDomains = {QStringLiteral("evil.example")};
        const MaliciousUrls g(s);
        QCOMPARE(found(g, QStringLiteral("javascript:x www.evil.example http://evil.example/a ftp://1.2.3.4")),
                 QStringList({"http://evil.example/a", "ftp://1.2.3.4", "www.evil.example", "javascript:x"}));
    }

    void ordinaryUrlsPass()
    {
        GuardrailSpec s = spec("malicious_urls");
        s.denyDomains = {QStringLiteral("evil.example")};
        const MaliciousUrls g(s);
        QVERIFY(g.scan(QStringLiteral("See https://doc.qt.io/qt-6/qstring.html, www.kde.org and "
                                      "https://notevil.example.org/x (fine)."))
                    .isEmpty());
        // Hosts with digits that are not addresses, and a domain ending like a denied one.
        QVERIFY(g.scan(QStringLiteral("https://s3.eu-west-1.amazonaws.com/b https://www.w3.org/ "
                                      "http://myevil.example/ http://localhost:8080/"))
                    .isEmpty());
    }

    void noCode()
    {
        const NoCode g(spec("no_code"));
        QCOMPARE(g.scan(QStringLiteral("Here:\n```python\nprint(1)\n```")).size(), 1);
        QVERIFY(!g.scan(QStringLiteral("import os\ndef main():\n    pass\n")).isEmpty());
        QVERIFY(!g.scan(QStringLiteral("#include <stdio.h>\nint main(void) {\n")).isEmpty());
        // Prose that mentions code is not code.
        QVERIFY(g.scan(QStringLiteral("Use a function to import the data; the class of problems is large.")).isEmpty());
        QVERIFY(g.scan(QStringLiteral("import numpy is all it takes.")).isEmpty()); // one line alone is not a program
    }
};

QTEST_GUILESS_MAIN(TestBuiltInGuardrails)
#include "TestBuiltInGuardrails.moc"
