#include "gateway/config/PriceTable.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace sy::PriceTable {

namespace {

struct Entry
{
    const char* prefix; ///< matches the model id and dated or suffixed variants of it
    double inputPerMillion;
    double outputPerMillion;
    double cacheReadPerMillion;
    double cacheWritePerMillion;
};

// USD per million tokens, from the providers' price pages (kAsOf). Longer prefixes first: the
// first entry whose prefix starts the model id wins.
constexpr Entry kPrices[] = {
    // Anthropic
    {"claude-opus-4-1", 15, 75, 1.5, 18.75},
    {"claude-opus-4", 15, 75, 1.5, 18.75},
    {"claude-sonnet-4-5", 3, 15, 0.3, 3.75},
    {"claude-sonnet-4", 3, 15, 0.3, 3.75},
    {"claude-3-7-sonnet", 3, 15, 0.3, 3.75},
    {"claude-3-5-sonnet", 3, 15, 0.3, 3.75},
    {"claude-haiku-4-5", 1, 5, 0.1, 1.25},
    {"claude-3-5-haiku", 0.8, 4, 0.08, 1},
    {"claude-3-haiku", 0.25, 1.25, 0.03, 0.3},
    {"claude-3-opus", 15, 75, 1.5, 18.75},
    // OpenAI
    {"gpt-5-nano", 0.05, 0.4, 0.005, 0},
    {"gpt-5-mini", 0.25, 2, 0.025, 0},
    {"gpt-5", 1.25, 10, 0.125, 0},
    {"gpt-4.1-nano", 0.1, 0.4, 0.025, 0},
    {"gpt-4.1-mini", 0.4, 1.6, 0.1, 0},
    {"gpt-4.1", 2, 8, 0.5, 0},
    {"gpt-4o-mini", 0.15, 0.6, 0.075, 0},
    {"gpt-4o", 2.5, 10, 1.25, 0},
    {"gpt-4-turbo", 10, 30, 0, 0},
    {"gpt-4", 30, 60, 0, 0},
    {"gpt-3.5-turbo", 0.5, 1.5, 0, 0},
    {"o4-mini", 1.1, 4.4, 0.275, 0},
    {"o3-mini", 1.1, 4.4, 0.55, 0},
    {"o3", 2, 8, 0.5, 0},
    {"o1-mini", 1.1, 4.4, 0.55, 0},
    {"o1", 15, 60, 7.5, 0},
    {"text-embedding-3-small", 0.02, 0, 0, 0},
    {"text-embedding-3-large", 0.13, 0, 0, 0},
    {"text-embedding-ada-002", 0.1, 0, 0, 0},
};

// OpenRouter names Anthropic's models with dots ("claude-3.5-sonnet") where Anthropic uses dashes.
QString normalized(QString model)
{
    const qsizetype slash = model.lastIndexOf(u'/');
    if (slash >= 0)
        model = model.mid(slash + 1); // "anthropic/claude-3.5-sonnet", "openai/gpt-4o"
    if (model.startsWith(u"claude-"))
        model.replace(u'.', u'-');
    return model.toLower();
}

} // namespace

std::optional<ModelPrice> lookup(const QString& provider, const QString& model)
{
    // Only the providers' own services: a local server may call its model anything.
    if (provider != u"anthropic" && provider != u"openai" && provider != u"openrouter")
        return std::nullopt;
    const QString name = normalized(model);
    for (const Entry& e : kPrices) {
        if (name.startsWith(QLatin1StringView(e.prefix)))
            return ModelPrice{e.inputPerMillion / 1e6,
                              e.outputPerMillion / 1e6,
                              e.cacheReadPerMillion / 1e6,
                              e.cacheWritePerMillion / 1e6};
    }
    return std::nullopt;
}

} // namespace sy::PriceTable
