#pragma once

#include <QDateTime>

#include <functional>

namespace sy {

class LoadedModels;
class ResponseChannel;
struct RequestContext;

/**
 * The Ollama endpoints the gateway answers itself, so Ollama clients find a server: `GET /`
 * ("Ollama is running"), /api/version, /api/tags (the model groups), /api/show and /api/ps (what
 * the backends have loaded, from LoadedModels' cached reports: never waiting for a backend), and
 * an Ollama-shaped 404 for Ollama's model management (pull, push, create, copy, delete), which a
 * gateway cannot do. / and /api/version need no key, as Ollama clients probe them first.
 */
class OllamaEndpoints
{
public:
    /** @p authorize authenticates the request, or answers it (401) and returns false. */
    using Authorize = std::function<bool(RequestContext&, ResponseChannel&)>;

    explicit OllamaEndpoints(Authorize authorize);

    /** The backends' reports; may be null (then only ready managed servers count as loaded). */
    void setLoadedModels(LoadedModels* loaded) { m_loaded = loaded; }

    void answer(RequestContext& ctx, ResponseChannel& channel);

private:
    void show(RequestContext& ctx, ResponseChannel& channel);
    void unsupported(RequestContext& ctx, ResponseChannel& channel);

    Authorize m_authorize;
    LoadedModels* m_loaded = nullptr;
    QDateTime m_started = QDateTime::currentDateTimeUtc(); ///< the models' modified_at
};

} // namespace sy
