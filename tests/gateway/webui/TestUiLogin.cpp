// Who may sign in to the web UI, and how guessing is slowed down (manual clock).
#include "gateway/core/VirtualKey.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/webui/UiLogin.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

class TestUiLogin : public QObject
{
    Q_OBJECT

private:
    const QHostAddress peer{u"192.0.2.7"_s};
    const QString master = u"sk-master"_s;

    static UiLogin::Credentials password(const QString& user, const QString& pass)
    {
        UiLogin::Credentials c;
        c.username = user;
        c.password = pass;
        return c;
    }

private slots:
    void theMasterKeySignsInAsAdmin()
    {
        ManualClock clock;
        UiLogin login(clock, {});
        QCOMPARE(login.attempt(peer, u"anyone"_s, master, master, nullptr, 10).outcome, UiLogin::Outcome::Admin);
        QCOMPARE(login.attempt(peer, u"admin"_s, u"sk-maste"_s, master, nullptr, 10).outcome,
                 UiLogin::Outcome::Refused);
        QCOMPARE(login.attempt(peer, u"admin"_s, {}, {}, nullptr, 10).outcome, UiLogin::Outcome::Refused);
    }

    void theUiPasswordNeedsItsUserName()
    {
        ManualClock clock;
        UiLogin login(clock, password(u"ops"_s, u"pw"_s));
        QVERIFY(login.hasAdminLogin({}));
        QCOMPARE(login.attempt(peer, u"ops"_s, u"pw"_s, {}, nullptr, 10).outcome, UiLogin::Outcome::Admin);
        QCOMPARE(login.attempt(peer, u"admin"_s, u"pw"_s, {}, nullptr, 10).outcome, UiLogin::Outcome::Refused);
        UiLogin none(clock, {});
        QVERIFY(!none.hasAdminLogin({}));
        QVERIFY(none.hasAdminLogin(master));
    }

    void aVirtualKeySignsInAsItself()
    {
        ManualClock clock;
        KeyCache cache;
        VirtualKey key;
        key.token = ApiKeys::token("sk-team-key");
        key.alias = u"team"_s;
        cache.upsert(key);
        key.token = ApiKeys::token("sk-blocked-key");
        key.alias = u"blocked"_s;
        key.blocked = true;
        cache.upsert(key);
        UiLogin login(clock, {});
        const UiLogin::Result r = login.attempt(peer, {}, u"sk-team-key"_s, master, &cache, 10);
        QCOMPARE(r.outcome, UiLogin::Outcome::VirtualKey);
        QCOMPARE(r.keyHash, ApiKeys::token("sk-team-key"));
        QCOMPARE(r.alias, u"team"_s);
        QCOMPARE(login.attempt(peer, {}, u"sk-blocked-key"_s, master, &cache, 10).outcome, UiLogin::Outcome::Refused);
    }

    void guessesAreThrottledPerAddress()
    {
        ManualClock clock;
        UiLogin login(clock, {});
        for (int i = 0; i < 4; ++i) // the throttle locks after more than the limit
            QCOMPARE(login.attempt(peer, {}, u"guess"_s, master, nullptr, 3).outcome, UiLogin::Outcome::Refused);
        const UiLogin::Result throttled = login.attempt(peer, {}, master, master, nullptr, 3);
        QCOMPARE(throttled.outcome, UiLogin::Outcome::Throttled); // even the right password, while locked
        QVERIFY(throttled.retryAfterSeconds > 0);
        QCOMPARE(login.attempt(QHostAddress(u"192.0.2.8"_s), {}, master, master, nullptr, 3).outcome,
                 UiLogin::Outcome::Admin);
        clock.advance(qint64(throttled.retryAfterSeconds) * 1000 + 60'000);
        QCOMPARE(login.attempt(peer, {}, master, master, nullptr, 3).outcome, UiLogin::Outcome::Admin);
    }
};

QTEST_GUILESS_MAIN(TestUiLogin)
#include "TestUiLogin.moc"
