#include "gateway/guardrails/PhraseMatcher.h"
#include "tests/gateway/guardrails/RandomText.h"

#include <QStringMatcher>
#include <QTest>

using namespace sy;
using sy::testing::randomString;

namespace {

using Found = QList<QPair<qsizetype, qsizetype>>; ///< (phrase, at)

Found found(const PhraseMatcher& matcher, QStringView text)
{
    Found out;
    for (const PhraseMatcher::Match& m : matcher.findAll(text))
        out.append({m.phrase, m.at});
    return out;
}

// What one QStringMatcher per phrase finds, phrase after phrase, overlapping occurrences too.
Found expected(const QStringList& phrases, QStringView text)
{
    Found out;
    for (qsizetype i = 0; i < phrases.size(); ++i) {
        const QStringMatcher matcher(phrases[i]);
        for (qsizetype at = matcher.indexIn(text); at >= 0; at = matcher.indexIn(text, at + 1))
            out.append({i, at});
    }
    return out;
}

} // namespace

class TestPhraseMatcher : public QObject
{
    Q_OBJECT

private slots:
    void phraseByPhraseEachInTextOrder()
    {
        const PhraseMatcher matcher({QStringLiteral("ab"), QStringLiteral("aa")});
        QCOMPARE(found(matcher, u"aaab"), (Found{{0, 2}, {1, 0}, {1, 1}}));
    }

    void theSamePhraseTwiceIsFoundTwice()
    {
        const PhraseMatcher matcher({QStringLiteral("x y"), QStringLiteral("x y")});
        QCOMPARE(found(matcher, u"a x y"), (Found{{0, 2}, {1, 2}}));
    }

    void oneCharacterPhrases()
    {
        const PhraseMatcher matcher({QStringLiteral("bc"), QStringLiteral("a")});
        QCOMPARE(found(matcher, u"abca"), (Found{{0, 1}, {1, 0}, {1, 3}}));
    }

    void textsShorterThanEveryPhrase()
    {
        const PhraseMatcher matcher({QStringLiteral("abc"), QStringLiteral("abcd")});
        QVERIFY(found(matcher, u"ab").isEmpty());
        QVERIFY(found(matcher, u"").isEmpty());
        QCOMPARE(found(matcher, u"abc"), (Found{{0, 0}}));
    }

    void phrasesLongerThanAJump()
    {
        // Jumps are kept in a byte: a window of 300 characters jumps at most 255.
        const QString phrase(300, u'x');
        const PhraseMatcher matcher({phrase});
        QCOMPARE(found(matcher, QString(600, u'x')).size(), 301);
        QCOMPARE(found(matcher, QString(299, u'x') + u'y' + phrase), (Found{{0, 300}}));
    }

    void agreesWithQStringMatcher()
    {
        QRandomGenerator random(16); // fixed: a failure can be replayed
        qsizetype total = 0;
        for (int round = 0; round < 5000; ++round) {
            // A small alphabet, so that phrases occur; the last two collide in PhraseMatcher's
            // hash with 'a' and 'b' (the low six bits), and phrases of one character fall back.
            const QString alphabet = QStringLiteral("ab c\u0161\u0162");
            QStringList phrases; // a few, and now and then a long list
            const int count = 1 + int(random.bounded(round % 10 == 0 ? 60 : 4));
            for (int i = 0; i < count; ++i) {
                QString p = randomString(random, 6, alphabet);
                phrases.append(p.isEmpty() ? QStringLiteral("a") : p);
            }
            const QString text = randomString(random, 120, alphabet);
            const Found want = expected(phrases, text);
            QCOMPARE(found(PhraseMatcher(phrases), text), want);
            total += want.size();
        }
        QVERIFY(total > 10000);
    }
};

QTEST_GUILESS_MAIN(TestPhraseMatcher)
#include "TestPhraseMatcher.moc"
