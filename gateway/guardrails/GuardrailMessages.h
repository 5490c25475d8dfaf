#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArrayView>
#include <QString>

namespace sy {

/**
 * What a client is told when a guardrail stops its request or answer: 400
 * `guardrail_violation` naming the guardrail and what kind of thing it found, never the text
 * itself (a leaked secret must not come back in an error, or land in a log). With
 * multilingual_errors (seed 003) the sentence follows Accept-Language: English, German or
 * Japanese; without it, English, as every other API error.
 */
namespace GuardrailMessages {

enum class Language
{
    English,
    German,
    Japanese,
};

/** The first of English, German and Japanese that @p acceptLanguage prefers (q-values count). */
Language languageOf(QByteArrayView acceptLanguage);

/** The request (@p output false) or the answer was blocked by @p guardrail, which found @p kind. */
ApiError violation(Language language, const QString& guardrail, const QString& kind, bool output);
/** @p guardrail could not be asked (@p why) and fails closed: 503 guardrail_unavailable. */
ApiError unavailable(Language language, const QString& guardrail, const QString& why);

} // namespace GuardrailMessages

} // namespace sy
