#include "gateway/dialects/ollama/OllamaModelNames.h"

using namespace Qt::StringLiterals;

namespace sy::OllamaModelNames {

qsizetype tagStart(const QString& name)
{
    const qsizetype colon = name.lastIndexOf(u':');
    if (colon <= 0 || colon < name.lastIndexOf(u'/'))
        return -1;
    return colon + 1;
}

QString groupFor(const QString& asked, const std::function<bool(const QString&)>& isGroup)
{
    if (isGroup(asked))
        return asked;
    const qsizetype tag = tagStart(asked);
    if (tag < 0) {
        const QString latest = asked + u":latest"_s;
        return isGroup(latest) ? latest : asked;
    }
    const QString base = asked.left(tag - 1);
    if (!base.isEmpty() && isGroup(base))
        return base; // `:latest`, or a tag the group's name leaves out
    return asked;
}

} // namespace sy::OllamaModelNames
