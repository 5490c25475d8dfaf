#pragma once

#include "gateway/core/ServerSpec.h"

#include <QString>
#include <QStringList>

namespace sy {

/**
 * Finds the program a managed server runs: the configured `executable` if given, else the kind's
 * program on PATH, else in the places its installer puts it (LM Studio's ~/.lmstudio/bin/lms,
 * Homebrew's prefixes, ~/.local/bin for pip's vllm). Apps started from Finder get a minimal
 * PATH, so those places matter on macOS.
 */
class ExecutableFinder
{
public:
    /** @p path: the PATH to search, as in the environment. */
    explicit ExecutableFinder(QString path);

    /** The absolute path of what @p spec runs; empty with *error set when not found. */
    QString find(const ServerSpec& spec, QString* error) const;

    /** The program name a kind runs by default ("lms", "ollama", "llama-server", "vllm"). */
    static QString programOf(ServerKind kind);
    static QStringList usualPlacesOf(ServerKind kind);

private:
    QString m_path;
};

} // namespace sy
