#include "gateway/servers/ExecutableFinder.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sy {

ExecutableFinder::ExecutableFinder(QString path)
    : m_path(std::move(path))
{ }

QString ExecutableFinder::programOf(ServerKind kind)
{
    switch (kind) {
    case ServerKind::LmStudio:
        return u"lms"_s;
    case ServerKind::Ollama:
        return u"ollama"_s;
    case ServerKind::LlamaCpp:
        return u"llama-server"_s;
    case ServerKind::Vllm:
        return u"vllm"_s;
    case ServerKind::Command:
        break;
    }
    return {};
}

QStringList ExecutableFinder::usualPlacesOf(ServerKind kind)
{
    const QString home = QDir::homePath();
    QStringList places;
    if (kind == ServerKind::LmStudio)
        places << home + u"/.lmstudio/bin"_s << home + u"/.cache/lm-studio/bin"_s;
    if (kind == ServerKind::Ollama)
        places << u"/Applications/Ollama.app/Contents/Resources"_s;
    if (kind == ServerKind::Vllm)
        places << home + u"/.local/bin"_s << home + u"/.venv/bin"_s;
    if (kind == ServerKind::LlamaCpp)
        places << home + u"/llama.cpp/build/bin"_s << home + u"/.local/bin"_s;
    places << u"/opt/homebrew/bin"_s << u"/usr/local/bin"_s;
    return places;
}

QString ExecutableFinder::find(const ServerSpec& spec, QString* error) const
{
    const QString wanted = spec.executable.isEmpty() ? programOf(spec.kind) : spec.executable;
    if (wanted.contains(u'/')) {
        const QFileInfo info(wanted);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        *error = info.exists() ? u"%1 is not an executable file"_s.arg(wanted) : u"%1 does not exist"_s.arg(wanted);
        return {};
    }
    const QStringList pathDirs = m_path.split(u':', Qt::SkipEmptyParts);
    QString found = QStandardPaths::findExecutable(wanted, pathDirs);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(wanted, usualPlacesOf(spec.kind));
    if (found.isEmpty()) {
        *error = u"cannot find `%1` on PATH or in %2; install it or set `executable:`"_s.arg(
            wanted, usualPlacesOf(spec.kind).join(u", "_s));
    }
    return found;
}

} // namespace sy
