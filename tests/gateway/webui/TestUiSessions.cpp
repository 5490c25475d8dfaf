// Web UI sessions: random tokens, expiry on the manual clock, the cookie and the CSRF check.
#include "gateway/http/HttpHeaders.h"
#include "gateway/webui/UiSessions.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

class TestUiSessions : public QObject
{
    Q_OBJECT

private slots:
    void createdSessionsAreFoundByToken()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession admin = sessions.create({}, {});
        const UiSession key = sessions.create(u"abc"_s, u"team"_s);
        QCOMPARE(admin.token.size(), 64);
        QVERIFY(admin.token != key.token);
        QVERIFY(admin.csrf != admin.token);
        QVERIFY(admin.isAdmin());
        QVERIFY(!key.isAdmin());
        QCOMPARE(sessions.find(key.token)->alias, u"team"_s);
        QVERIFY(!sessions.find("nope"));
        QVERIFY(!sessions.find(""));
    }

    void sessionsExpire()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession s = sessions.create({}, {});
        clock.advance(UiSessions::kLifetimeMs - 1);
        QVERIFY(sessions.find(s.token));
        clock.advance(1);
        QVERIFY(!sessions.find(s.token));
        QCOMPARE(sessions.size(), 0);
    }

    void logoutAndKeyRemovalEndSessions()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession a = sessions.create({}, {});
        const UiSession b = sessions.create(u"k1"_s, {});
        const UiSession c = sessions.create(u"k2"_s, {});
        sessions.remove(a.token);
        QVERIFY(!sessions.find(a.token));
        sessions.removeKey(u"k1"_s);
        QVERIFY(!sessions.find(b.token));
        QVERIFY(sessions.find(c.token));
    }

    void theOldestGoesBeyondTheCap()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession first = sessions.create({}, {});
        for (int i = 1; i < UiSessions::kMaxSessions; ++i) {
            clock.advance(1);
            sessions.create({}, {});
        }
        QVERIFY(sessions.find(first.token));
        sessions.create({}, {});
        QCOMPARE(sessions.size(), UiSessions::kMaxSessions);
        QVERIFY(!sessions.find(first.token));
    }

    void readsTheTokenFromCookies()
    {
        HttpHeaders h;
        h.add("cookie", "a=1; sy_session_other=x");
        h.add("cookie", "b=2;  sy_session=tok123 ; c=3");
        QCOMPARE(UiSessions::tokenFrom(h), QByteArray("tok123"));
        HttpHeaders none;
        none.add("cookie", "sy_sessionx=1; sy_session");
        QVERIFY(UiSessions::tokenFrom(none).isEmpty());
    }

    void theCookieIsHttpOnlyAndStrict()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession s = sessions.create({}, {});
        const QByteArray cookie = UiSessions::setCookie(s, false);
        QVERIFY(cookie.startsWith("sy_session=" + s.token + ';'));
        QVERIFY(cookie.contains("; HttpOnly"));
        QVERIFY(cookie.contains("; SameSite=Strict"));
        QVERIFY(cookie.contains("; Path=/"));
        QVERIFY(!cookie.contains("Secure"));
        QVERIFY(UiSessions::setCookie(s, true).endsWith("; Secure"));
        QVERIFY(UiSessions::clearCookie(false).contains("Max-Age=0"));
    }

    void csrfMustMatch()
    {
        ManualClock clock;
        UiSessions sessions(clock);
        const UiSession s = sessions.create({}, {});
        HttpHeaders right;
        right.add("x-csrf-token", s.csrf);
        QVERIFY(UiSessions::csrfMatches(s, right));
        HttpHeaders wrong;
        wrong.add("x-csrf-token", s.token);
        QVERIFY(!UiSessions::csrfMatches(s, wrong));
        QVERIFY(!UiSessions::csrfMatches(s, HttpHeaders()));
    }
};

QTEST_GUILESS_MAIN(TestUiSessions)
#include "TestUiSessions.moc"
