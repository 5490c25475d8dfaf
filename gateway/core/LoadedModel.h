#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace sy {

/** A model a backend has in memory, as the backend reports it (Ollama's /api/ps, LM Studio's
    model states) or as a ready managed server implies. What Ollama clients see at /api/ps. */
struct LoadedModel
{
    QString group; ///< the model group it serves
    QString backendModel; ///< the name the backend knows it by
    QString deploymentId;
    qint64 sizeBytes = 0;
    qint64 vramBytes = 0;
    qint64 contextLength = 0; ///< 0: not reported
    QDateTime expiresAt; ///< null: stays loaded
    QByteArray digest;
    QByteArray detailsJson; ///< Ollama's `details` object as the backend sent it; empty: none
};

} // namespace sy
