#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>

namespace sy {

/** How a managed server is launched and checked. */
enum class ServerKind
{
    LmStudio, ///< `lms server start`; the server lives in LM Studio's own process
    Ollama, ///< `ollama serve` with OLLAMA_HOST
    LlamaCpp, ///< `llama-server -m FILE --port N`
    Vllm, ///< `vllm serve MODEL --port N`
    Command, ///< any argv
};

enum class RestartPolicy
{
    Never,
    OnFailure, ///< after a crash (non-zero exit, signal, or a failed health check once ready)
    Always, ///< after any exit Switchyard did not ask for
};

/** One model a managed server offers. */
struct ServerModel
{
    QString model; ///< what the server loads: an LM Studio model key, an Ollama tag, a GGUF path, a HF id
    QString group; ///< the model_name clients ask for
    QString servedAs; ///< the model id requests are sent with (LM Studio identifier, llama.cpp alias)
    std::chrono::seconds ttl{0}; ///< LM Studio `lms load --ttl`; 0 = none

    bool operator==(const ServerModel&) const = default;
};

/**
 * A `servers:` entry: a local model server Switchyard starts, watches and stops. Its models become
 * deployments of the gateway (see ServersParser), marked as managed by this server.
 */
struct ServerSpec
{
    QString name;
    ServerKind kind = ServerKind::Command;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QList<ServerModel> models;
    QString executable; ///< empty: found on PATH or in the kind's usual install places
    QStringList args; ///< extra arguments; for `command`, the whole argv after the executable
    QHash<QString, QString> env;
    QString workingDirectory;
    bool autostart = true;
    bool startOnDemand = false; ///< start on the first request for one of its models
    RestartPolicy restart = RestartPolicy::OnFailure;
    int maxRestarts = 5; ///< consecutive crashes before giving up
    std::chrono::milliseconds idleTtl{0}; ///< stop after this long without requests; 0 = never
    std::chrono::milliseconds readyTimeout{120'000}; ///< starting (and loading models) must finish within this
    std::chrono::milliseconds stopTimeout{10'000}; ///< after a graceful stop, kill after this
    QString healthPath; ///< GET here answers 2xx once ready; empty: the kind's default
    QString logFile; ///< empty: <data dir>/logs/servers/<name>.log

    /** The base URL of its OpenAI-compatible API, e.g. http://127.0.0.1:1234/v1. */
    QUrl apiBase() const;
    QUrl healthUrl() const;
    /** The port's address as written in model_list api_base entries ("127.0.0.1:1234"). */
    bool servesAt(const QUrl& url) const;

    bool operator==(const ServerSpec&) const = default;
};

QString serverKindName(ServerKind kind);
QString restartPolicyName(RestartPolicy policy);

} // namespace sy
