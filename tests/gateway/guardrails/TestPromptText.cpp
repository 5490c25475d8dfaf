#include "gateway/guardrails/PromptText.h"

#include <QTest>

using namespace sy;

namespace {

PromptText textOf(const QByteArray& json)
{
    const std::optional<JsonBody> body = JsonBody::parse(json, nullptr);
    if (!body)
        qFatal("bad JSON in test");
    return PromptText::of(*body);
}

} // namespace

class TestPromptText : public QObject
{
    Q_OBJECT

private slots:
    void openAiChat()
    {
        const PromptText t = textOf(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
            "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}],"
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"secret tool\"}}],"
            "\"metadata\":{\"note\":\"not prompt\"},\"user\":\"alice\"}");
        QCOMPARE(t.segments(), QStringList({"Be brief.", "Hello"}));
        QCOMPARE(t.joined(), QString("Be brief.\nHello"));
    }

    void anthropicMessages()
    {
        const PromptText t = textOf("{\"model\":\"m\",\"max_tokens\":5,"
                                    "\"system\":[{\"type\":\"text\",\"text\":\"You are kind.\"}],"
                                    "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                                    "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
                                    "\"name\":\"f\",\"input\":{\"city\":\"Bonn\"}}]}]}");
        QCOMPARE(t.segments(), QStringList({"You are kind.", "Hi"}));
    }

    void embeddingsAndCompletions()
    {
        QCOMPARE(textOf("{\"model\":\"e\",\"input\":[\"one\",\"two\"]}").segments(), QStringList({"one", "two"}));
        QCOMPARE(textOf("{\"model\":\"c\",\"prompt\":\"Once upon\"}").segments(), QStringList({"Once upon"}));
    }

    void rewritingChangesOnlyThoseStrings()
    {
        const QByteArray body = "{ \"messages\" : [ {\"role\":\"user\", \"content\": \"mail a@b.io\" } ],\n"
                                "  \"temperature\": 0.70 }";
        const PromptText t = textOf(body);
        QCOMPARE(t.segments(), QStringList({"mail a@b.io"}));
        QCOMPARE(
            t.rewritten({QStringLiteral("mail <EMAIL_ADDRESS> \"quoted\"")}),
            QByteArray(
                "{ \"messages\" : [ {\"role\":\"user\", \"content\": \"mail <EMAIL_ADDRESS> \\\"quoted\\\"\" } ],\n"
                "  \"temperature\": 0.70 }"));
        QCOMPARE(t.rewritten(t.segments()), body); // nothing changed, nothing rewritten
    }
};

QTEST_GUILESS_MAIN(TestPromptText)
#include "TestPromptText.moc"
