#pragma once

#include "gateway/dialects/IAnswerDecoder.h"
#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

namespace sy::test {

/** A recorded stream from tests/data/streams. */
inline QByteArray recorded(const char* name)
{
    QFile file(QStringLiteral(SWITCHYARD_STREAMS_DIR "/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read recorded stream %s", name);
    return file.readAll();
}

/** Cuts @p bytes into events as the relay does, fed in pieces of @p piece bytes. */
inline QList<SseEvent> eventsOf(const QByteArray& bytes, qsizetype piece = 1 << 20)
{
    SseEventSplitter splitter;
    QList<SseEvent> out;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        for (const QByteArray& raw : splitter.feed(bytes.mid(at, piece)))
            out.append(SseEvent::parse(raw));
    }
    return out;
}

/** Runs a recorded backend stream through @p decoder and @p encoder, as a translated relay
    does, and returns what the client would receive. */
inline QByteArray
translate(const QByteArray& stream, IAnswerDecoder& decoder, IAnswerEncoder& encoder, qsizetype piece = 1 << 20)
{
    QByteArray out;
    for (const SseEvent& event : eventsOf(stream, piece)) {
        QList<ChatDelta> deltas;
        decoder.decode(event, deltas);
        for (const ChatDelta& delta : std::as_const(deltas))
            out += encoder.encode(delta);
    }
    out += decoder.streamError() ? encoder.fail(*decoder.streamError()) : encoder.finish();
    return out;
}

struct ParsedEvent
{
    QByteArray name;
    QJsonObject json; ///< empty for [DONE]
    QByteArray data;
};

/** The client's view of a stream: each event's name and JSON. */
inline QList<ParsedEvent> parsed(const QByteArray& stream)
{
    QList<ParsedEvent> out;
    for (const SseEvent& event : eventsOf(stream))
        out.append({event.event, QJsonDocument::fromJson(event.data).object(), event.data});
    return out;
}

inline QJsonObject object(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace sy::test
