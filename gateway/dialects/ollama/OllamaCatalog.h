#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/core/LoadedModel.h"

#include <QByteArray>
#include <QDateTime>

#include <functional>
#include <optional>

namespace sy {

/**
 * The gateway's own answers to Ollama's model endpoints, built from the config and what the
 * backends report: /api/tags (every model group, and each alias, as a local model), /api/show
 * (details, capabilities and, where known, the context length) and /api/ps (the loaded ones).
 * Sizes, digests and details are the backend's where it reported them, else empty: a group may
 * be served by several servers at once.
 */
namespace OllamaCatalog {

/** Which groups a virtual key may see; null: all. */
using Filter = std::function<bool(const QString& group)>;

QByteArray
tags(const GatewayConfig& config, const QList<LoadedModel>& loaded, const QDateTime& modified, const Filter& allowed);

/** /api/show for @p group (the group the client's name resolved to, which must exist). */
QByteArray
show(const GatewayConfig& config, const QString& group, const QList<LoadedModel>& loaded, const QDateTime& modified);

QByteArray ps(const QList<LoadedModel>& loaded, const Filter& allowed);

QByteArray version();

/** The group's context window: model_info.max_input_tokens, else what a backend reported; 0: unknown. */
qint64 contextLength(const GatewayConfig& config, const QString& group, const QList<LoadedModel>& loaded);

/** Ollama's capabilities of a group, from LiteLLM's model_info keys (mode, supports_vision,
    supports_function_calling, supports_reasoning). */
QStringList capabilities(const GatewayConfig& config, const QString& group);

} // namespace OllamaCatalog

} // namespace sy
