#pragma once

#include "gateway/core/LoadedModel.h"

#include <QList>

namespace sy {

/**
 * Backends' own reports of what they have in memory, read into LoadedModel (group and
 * deployment left empty: the caller matches backendModel to its deployments).
 */
namespace LoadedModelReports {

/** Ollama's GET /api/ps: {"models":[{name, size, size_vram, digest, details, expires_at, context_length}]}. */
QList<LoadedModel> fromOllamaPs(const QByteArray& body);
/** LM Studio's GET /api/v0/models: the entries whose state is "loaded". */
QList<LoadedModel> fromLmStudio(const QByteArray& body);
/** GET /v1/models of a one-model server (llama.cpp, vLLM): what it lists is loaded. */
QList<LoadedModel> fromModelList(const QByteArray& body);

/** True when a backend's name for a model is @p backendModel (Ollama's `:latest` is implied). */
bool sameModel(const QString& reported, const QString& backendModel);

} // namespace LoadedModelReports

} // namespace sy
