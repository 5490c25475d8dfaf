#pragma once

#include "gateway/guardrails/Guardrail.h"

namespace sy {

/**
 * `password = …`-style assignments, for the secrets guardrail: a keyword (password, passwd,
 * pwd, secret, api key, access token, auth token, client secret, private key; `_`, `-` or
 * nothing between the words of the two-word ones), not glued to a letter or digit before it
 * (DB_PASSWORD counts), then an optional quote, whitespace, `:` or `=`, whitespace, an optional
 * quote, and a value of at least 8 characters up to whitespace or one of "'<>,;. The value is
 * the finding.
 *
 * It finds what the regular expression
 * (?<![A-Za-z0-9])(?:password|…|private[_-]?key)\b["']?\s*[:=]\s*["']?([^\s"'<>,;]{8,})
 * matched, case-insensitively, one match after another, at a fraction of the cost: it starts
 * from each `:` and `=` (found with Qt's vectorised search) and looks back for a keyword.
 * Letters compare as PCRE2 compares them in UTF mode: ASCII ignoring case, and ſ (U+017F) and
 * the Kelvin sign (U+212A) as s and k. Whitespace is ASCII's (space, \t \n \v \f \r), and
 * characters are code points (a surrogate pair counts once). Unlike the expression, which finds
 * nothing in a text that is not valid UTF-16, it still finds assignments beside a lone surrogate.
 */
class SecretAssignments
{
public:
    static void scan(QStringView text, QList<Finding>& out);

private:
    static bool keywordEndsAt(QStringView text, qsizetype end, qsizetype from);
    static qsizetype valueStart(QStringView text, qsizetype from);
    static qsizetype valueLength(QStringView text, qsizetype start);
};

} // namespace sy
