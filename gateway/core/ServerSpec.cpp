#include "gateway/core/ServerSpec.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString defaultHealthPath(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Ollama:
        return u"/api/tags"_s;
    case ServerKind::LlamaCpp:
    case ServerKind::Vllm:
        return u"/health"_s; // both answer 503 while the model loads
    case ServerKind::LmStudio:
    case ServerKind::Command:
        break;
    }
    return u"/v1/models"_s;
}

bool isLoopbackName(const QString& host)
{
    return host == "localhost"_L1 || host == "127.0.0.1"_L1 || host == "::1"_L1 || host == "[::1]"_L1;
}

} // namespace

QUrl ServerSpec::apiBase() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u"/v1"_s);
    return url;
}

QUrl ServerSpec::healthUrl() const
{
    QUrl url = apiBase();
    url.setPath(healthPath.isEmpty() ? defaultHealthPath(kind) : healthPath);
    return url;
}

bool ServerSpec::servesAt(const QUrl& url) const
{
    if (url.port(-1) != port)
        return false;
    // localhost, 127.0.0.1 and ::1 are one machine as far as a config file is concerned.
    return url.host() == host || (isLoopbackName(url.host()) && isLoopbackName(host));
}

QString serverKindName(ServerKind kind)
{
    switch (kind) {
    case ServerKind::LmStudio:
        return u"lmstudio"_s;
    case ServerKind::Ollama:
        return u"ollama"_s;
    case ServerKind::LlamaCpp:
        return u"llamacpp"_s;
    case ServerKind::Vllm:
        return u"vllm"_s;
    case ServerKind::Command:
        break;
    }
    return u"command"_s;
}

QString restartPolicyName(RestartPolicy policy)
{
    switch (policy) {
    case RestartPolicy::Never:
        return u"never"_s;
    case RestartPolicy::Always:
        return u"always"_s;
    case RestartPolicy::OnFailure:
        break;
    }
    return u"on-failure"_s;
}

} // namespace sy
