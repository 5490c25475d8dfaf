#pragma once

#include <QByteArray>
#include <QString>

namespace sy::DefaultConfig {

/**
 * The commented config written when Switchyard starts without one: a wildcard entry for each
 * usual local server (LM Studio :1234, Ollama :11434, llama.cpp :8080, vLLM :8000), so every
 * model they report is routable under its own name, served on localhost:4000.
 */
QByteArray text();

enum class WriteOutcome
{
    Existed, ///< a file was already there: it is left alone
    Written,
    Failed,
};

/** Writes text() to @p path (creating its directory) unless a file is there. Main thread only. */
WriteOutcome writeIfMissing(const QString& path, QString* error);

} // namespace sy::DefaultConfig
