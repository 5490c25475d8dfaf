#pragma once

#include <QString>

#include <functional>

namespace sy {

/**
 * How Ollama's `name:tag` model names meet model groups. Ollama clients say `llama3.2:latest`
 * for `llama3.2` and list what /api/tags shows; groups are named as the config (or a backend's
 * model list) names them. The first of these that is a group wins:
 *
 *  1. the name as asked (`llama3.2:3b` → group `llama3.2:3b`);
 *  2. without `:latest` (`llama3.2:latest` → `llama3.2`);
 *  3. with `:latest` when it has no tag (`llama3.2` → `llama3.2:latest`, as Ollama's own lists say);
 *  4. the name before its tag (`llama3.2:3b` → `llama3.2`).
 *
 * Otherwise the name stays as asked, and is unknown (404). A namespace (`user/model:tag`) is part
 * of the name; the tag is what follows the last colon after the last slash.
 */
namespace OllamaModelNames {

QString groupFor(const QString& asked, const std::function<bool(const QString&)>& isGroup);

/** The tag of @p name (after its last ':' past the last '/'), or -1 when it has none. */
qsizetype tagStart(const QString& name);

} // namespace OllamaModelNames

} // namespace sy
