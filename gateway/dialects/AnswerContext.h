#pragma once

#include <QByteArray>
#include <QString>

namespace sy {

/** What a client's answer must say about its request, whichever backend produced it. */
struct AnswerContext
{
    QString model; ///< the model the client asked for: answers never leak a backend's file path
    quint64 requestId = 0; ///< the gateway's id, for answer ids ("chatcmpl-sy-…", "msg_sy…")
    qint64 createdSecs = 0; ///< when the request arrived (Unix seconds)
    bool includeUsage = true; ///< streams: the client asked for the usage chunk (OpenAI chat)
    QByteArray request = {}; ///< the client's request body, for answers that repeat its parameters (Responses)
};

} // namespace sy
