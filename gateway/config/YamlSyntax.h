#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace sy {

/**
 * Where a YAML error began. yaml-cpp reports where its parser gave up, which for an unclosed
 * bracket or quote is often lines later, at the next key or the end of the file. PyYAML, which
 * LiteLLM users know, also names where the construct opened ("while parsing a flow sequence in
 * line 2, column 15"); this light scanner finds that opening so our messages can too.
 */
namespace YamlSyntax {

struct Opening
{
    char kind = 0; ///< '[', '{', '"' or '\''
    int line = 0; ///< 1-based
    int column = 0; ///< 1-based
};

/** The innermost bracket or quote still open at @p line, @p column (1-based; 0: the end). */
std::optional<Opening> openAt(const QByteArray& text, int line = 0, int column = 0);

/** The parser's @p message at @p line, @p column, with the construct still open there, if any. */
QString explain(const QByteArray& text, int line, int column, const QString& message);

/** A quoted string that runs to the end of the file: yaml-cpp accepts it, PyYAML does not. */
std::optional<Opening> unclosedQuote(const QByteArray& text);

} // namespace YamlSyntax

} // namespace sy
