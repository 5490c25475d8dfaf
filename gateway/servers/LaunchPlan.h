#pragma once

#include "gateway/core/ServerSpec.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace sy {

/**
 * How one managed server is run, as argv lists, worked out from its ServerSpec and the resolved
 * executable. A server either runs as a child process (`serve`), or lives in another process
 * that a command starts (LM Studio: `lms server start` returns once LM Studio serves).
 */
struct LaunchPlan
{
    QStringList serve; ///< the long-running server process; empty for LM Studio
    QStringList startCommand; ///< a command that starts the server elsewhere; empty unless LM Studio
    QHash<QString, QString> env; ///< added to the environment
    /** `lms ps --json`: what is loaded, asked once the server answers. Empty: nothing to ask. */
    QStringList listLoaded;
    /** One command per model to load once the server answers (`lms load …`), keyed by the id it
        serves under, so models already loaded are skipped. */
    QList<QPair<QString, QStringList>> loads;
    /** Run when the server is stopped or Switchyard goes away (`lms unload`, `lms server stop`). */
    QList<QStringList> cleanup;

    static LaunchPlan forSpec(const ServerSpec& spec, const QString& executable);
};

} // namespace sy
