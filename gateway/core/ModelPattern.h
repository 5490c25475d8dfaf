#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

// LiteLLM's wildcard model names: a `model_name` such as "*", "openai/*" or "fo::*:static::*"
// matches every requested name that fits it, each '*' standing for any text (at least one
// character). The parts a request puts in place of the stars fill the stars of the deployment's
// model in order, so `model_name: "openai/*"` with `model: openai/*` sends "gpt-4o" when
// "openai/gpt-4o" is asked.
namespace ModelPattern {

bool isPattern(const QString& text);
/** What stands for each '*' of @p pattern in @p name, or nothing when @p name does not fit. */
std::optional<QStringList> match(const QString& pattern, const QString& name);
/** @p model with its stars replaced by @p parts, in order (a star without a part stays empty). */
QString fill(const QString& model, const QStringList& parts);
/** How specific @p pattern is: its characters other than '*'. The most specific match wins. */
qsizetype specificity(const QString& pattern);

} // namespace ModelPattern

} // namespace sy
