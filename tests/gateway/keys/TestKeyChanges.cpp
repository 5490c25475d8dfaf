#include "gateway/keys/KeyChanges.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace sy;

namespace {

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

class TestKeyChanges : public QObject
{
    Q_OBJECT

private slots:
    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message"); // part of the error
        QTest::newRow("models not a list") << QByteArray(R"({"models":"gpt-4"})") << "'models' must be a list";
        QTest::newRow("model not a string") << QByteArray(R"({"models":[1]})") << "'models' must contain";
        QTest::newRow("negative budget") << QByteArray(R"({"max_budget":-1})") << "'max_budget'";
        QTest::newRow("budget as text") << QByteArray(R"({"max_budget":"10"})") << "'max_budget'";
        QTest::newRow("rpm zero") << QByteArray(R"({"rpm_limit":0})") << "'rpm_limit' must be a whole number";
        QTest::newRow("tpm fraction") << QByteArray(R"({"tpm_limit":1.5})") << "'tpm_limit'";
        QTest::newRow("parallel text") << QByteArray(R"({"max_parallel_requests":"2"})") << "'max_parallel_requests'";
        QTest::newRow("bad duration") << QByteArray(R"({"duration":"soon"})") << "'duration' must be a duration";
        QTest::newRow("bad budget duration") << QByteArray(R"({"budget_duration":"1q"})") << "'budget_duration'";
        QTest::newRow("metadata list") << QByteArray(R"({"metadata":[]})") << "'metadata' must be a JSON object";
        QTest::newRow("alias number") << QByteArray(R"({"key_alias":5})") << "'key_alias' must be a string";
        QTest::newRow("typo") << QByteArray(R"({"rpm_limt":5})") << "unknown field 'rpm_limt'";
        QTest::newRow("chosen key") << QByteArray(R"({"key":"sk-mine"})") << "'key' cannot be chosen";
        QTest::newRow("unsupported setting") << QByteArray(R"({"model_rpm_limit":{"a":1}})") << "does not support";
        QTest::newRow("blocked text") << QByteArray(R"({"blocked":"yes"})") << "'blocked'";
    }

    void refusesBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!KeyChanges::fromJson(QJsonDocument::fromJson(body).object(), false, &error, nullptr));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void acceptsLiteLlmDefaults()
    {
        // What LiteLLM's own clients send for settings Switchyard does not have: empty values.
        QString error;
        const char* body = "{\"aliases\":{},\"config\":{},\"permissions\":{},\"allowed_cache_controls\":[],"
                           "\"send_invite_email\":false,\"models\":[],\"metadata\":{},\"max_budget\":null,"
                           "\"duration\":null,\"key_alias\":null}";
        const auto c = KeyChanges::fromJson(json(body), false, &error, nullptr);
        QVERIFY2(c, qPrintable(error));
    }

    void appliesToAKey()
    {
        QString error;
        const char* body = "{\"key_alias\":\"web\",\"models\":[\"chat\",\"local/*\"],\"max_budget\":2.5,"
                           "\"budget_duration\":\"1d\",\"rpm_limit\":10,\"tpm_limit\":1000,"
                           "\"max_parallel_requests\":2,\"duration\":\"2h\",\"metadata\":{\"team\":\"web\"},"
                           "\"user_id\":\"ada\",\"blocked\":true}";
        const auto c = KeyChanges::fromJson(json(body), false, &error, nullptr);
        QVERIFY2(c, qPrintable(error));
        const QDateTime now(QDate(2026, 5, 4), QTime(10, 0), QTimeZone::utc());
        VirtualKey k;
        c->applyTo(k, now);
        QCOMPARE(k.alias, QStringLiteral("web"));
        QCOMPARE(k.models, (QStringList{"chat", "local/*"}));
        QCOMPARE(*k.maxBudget, 2.5);
        QCOMPARE(k.budgetResetAt, QDateTime(QDate(2026, 5, 5), QTime(0, 0), QTimeZone::utc()));
        QCOMPARE(*k.rpmLimit, 10);
        QCOMPARE(*k.tpmLimit, 1000);
        QCOMPARE(*k.maxParallelRequests, 2);
        QCOMPARE(k.expires, now.addSecs(7200));
        QCOMPARE(k.metadata.value(QStringLiteral("team")).toString(), QStringLiteral("web"));
        QCOMPARE(k.userId, QStringLiteral("ada"));
        QVERIFY(k.blocked);
        QVERIFY(k.allowsModel(QStringLiteral("chat")));
        QVERIFY(k.allowsModel(QStringLiteral("local/llama")));
        QVERIFY(!k.allowsModel(QStringLiteral("gpt-4")));
    }

    void updateClearsWithNullAndKeepsWhatIsUnset()
    {
        VirtualKey k;
        k.rpmLimit = 5;
        k.tpmLimit = 50;
        k.maxBudget = 1;
        k.expires = QDateTime::currentDateTimeUtc().addDays(1);
        k.alias = QStringLiteral("old");
        QString error;
        QString key;
        const auto c = KeyChanges::fromJson(
            json(R"({"key":"sk-x","rpm_limit":null,"duration":null,"key_alias":""})"), true, &error, &key);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(key, QStringLiteral("sk-x"));
        c->applyTo(k, QDateTime::currentDateTimeUtc());
        QVERIFY(!k.rpmLimit);
        QCOMPARE(*k.tpmLimit, 50); // unset: kept
        QCOMPARE(*k.maxBudget, 1.0);
        QVERIFY(!k.expires.isValid());
        QVERIFY(k.alias.isEmpty());
        QVERIFY(!KeyChanges::fromJson(json(R"({"rpm_limit":3})"), true, &error, &key));
        QVERIFY(error.contains(QStringLiteral("'key' is required")));
    }
};

QTEST_APPLESS_MAIN(TestKeyChanges)
#include "TestKeyChanges.moc"
