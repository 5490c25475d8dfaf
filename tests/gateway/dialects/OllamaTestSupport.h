#pragma once

#include "DialectTestSupport.h"
#include "gateway/streaming/NdjsonSplitter.h"

#include <QJsonArray>

namespace sy::test {

/** Cuts NDJSON into lines as the relay does (each line an event whose data is the line). */
inline QList<SseEvent> linesOf(const QByteArray& bytes, qsizetype piece = 1 << 20)
{
    NdjsonSplitter splitter;
    QList<SseEvent> out;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        for (const QByteArray& line : splitter.feed(bytes.mid(at, piece)))
            out.append(SseEvent{line + '\n', {}, line});
    }
    const QByteArray rest = splitter.takeRemainder().trimmed();
    if (!rest.isEmpty())
        out.append(SseEvent{rest + '\n', {}, rest});
    return out;
}

/** Runs a recorded Ollama stream through @p decoder and @p encoder, as a translated relay does. */
inline QByteArray
translateLines(const QByteArray& stream, IAnswerDecoder& decoder, IAnswerEncoder& encoder, qsizetype piece = 1 << 20)
{
    QByteArray out;
    for (const SseEvent& event : linesOf(stream, piece)) {
        QList<ChatDelta> deltas;
        decoder.decode(event, deltas);
        for (const ChatDelta& delta : std::as_const(deltas))
            out += encoder.encode(delta);
    }
    out += decoder.streamError() ? encoder.fail(*decoder.streamError()) : encoder.finish();
    return out;
}

/** Each line of an NDJSON answer as a JSON object; a line that is not one fails the test. */
inline QList<QJsonObject> objectsOf(const QByteArray& ndjson)
{
    QList<QJsonObject> out;
    const QList<QByteArray> lines = ndjson.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty() && i == lines.size() - 1)
            break; // after the last newline
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
        if (!doc.isObject())
            qWarning("not a JSON object line: %s", lines[i].constData());
        out.append(doc.object());
    }
    return out;
}

/** What an Ollama chat or generate stream says, joined. */
struct OllamaView
{
    QString content;
    QString thinking;
    QJsonArray toolCalls;
    QJsonObject last; ///< the final object
    int doneLines = 0;
    QString error;
    QStringList models;
};

inline OllamaView ollamaView(const QByteArray& ndjson)
{
    OllamaView view;
    for (const QJsonObject& o : objectsOf(ndjson)) {
        if (o.contains(u"error")) {
            view.error = o.value(u"error").toString();
            continue;
        }
        view.models.append(o.value(u"model").toString());
        const QJsonObject message = o.value(u"message").toObject();
        view.content += message.value(u"content").toString() + o.value(u"response").toString();
        view.thinking += message.value(u"thinking").toString() + o.value(u"thinking").toString();
        for (const QJsonValue& call : message.value(u"tool_calls").toArray())
            view.toolCalls.append(call);
        if (o.value(u"done").toBool()) {
            ++view.doneLines;
            view.last = o;
        }
    }
    return view;
}

} // namespace sy::test
