#include "gateway/guardrails/GuardrailMessages.h"

#include <QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sy::GuardrailMessages {

Language languageOf(QByteArrayView acceptLanguage)
{
    struct Choice
    {
        double q;
        qsizetype order;
        Language language;
    };
    QList<Choice> choices;
    const QList<QByteArray> ranges = acceptLanguage.toByteArray().split(',');
    for (qsizetype i = 0; i < ranges.size(); ++i) {
        const QList<QByteArray> parts = ranges[i].split(';');
        const QByteArray tag = parts.first().trimmed().toLower();
        double q = 1.0;
        for (qsizetype p = 1; p < parts.size(); ++p) {
            const QByteArray param = parts[p].trimmed();
            if (param.startsWith("q="))
                q = param.mid(2).toDouble();
        }
        const QByteArray primary = tag.left(tag.indexOf('-') < 0 ? tag.size() : tag.indexOf('-'));
        if (q <= 0)
            continue;
        if (primary == "de")
            choices.append({q, i, Language::German});
        else if (primary == "ja")
            choices.append({q, i, Language::Japanese});
        else if (primary == "en")
            choices.append({q, i, Language::English});
    }
    if (choices.isEmpty())
        return Language::English;
    std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.q > b.q; });
    return choices.first().language;
}

ApiError violation(Language language, const QString& guardrail, const QString& kind, bool output)
{
    QString message;
    switch (language) {
    case Language::German:
        message = output ? u"Die Antwort wurde von der Schutzregel „%1“ blockiert (gefunden: %2)."_s
                         : u"Die Anfrage wurde von der Schutzregel „%1“ blockiert (gefunden: %2)."_s;
        break;
    case Language::Japanese:
        message = output ? u"応答はガードレール「%1」によってブロックされました（検出: %2）。"_s
                         : u"リクエストはガードレール「%1」によってブロックされました（検出: %2）。"_s;
        break;
    case Language::English:
        message = output ? u"The answer was blocked by guardrail '%1': it contains %2."_s
                         : u"The request was blocked by guardrail '%1': it contains %2."_s;
        break;
    }
    return ApiError::badRequest(message.arg(guardrail, kind), "guardrail_violation");
}

ApiError unavailable(Language language, const QString& guardrail, const QString& why)
{
    QString message;
    switch (language) {
    case Language::German:
        message = u"Die Schutzregel „%1“ konnte nicht prüfen (%2); ohne Prüfung wird nichts durchgelassen."_s;
        break;
    case Language::Japanese:
        message = u"ガードレール「%1」が確認できませんでした（%2）。確認できないため拒否しました。"_s;
        break;
    case Language::English:
        message = u"Guardrail '%1' could not check this request (%2), and it lets nothing through unchecked."_s;
        break;
    }
    return ApiError::serviceUnavailable(message.arg(guardrail, why), "guardrail_unavailable", 1);
}

} // namespace sy::GuardrailMessages
