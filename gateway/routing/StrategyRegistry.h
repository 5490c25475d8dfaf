#pragma once

#include "gateway/routing/IRoutingStrategy.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace sy {

/** Routing strategies by LiteLLM's names; one instance of each, made on first use. */
class StrategyRegistry
{
public:
    using Factory = std::function<std::unique_ptr<IRoutingStrategy>()>;

    StrategyRegistry(); ///< with the six built-in strategies

    void add(const QString& name, Factory factory);
    /** The strategy named @p name, or simple-shuffle for a name not registered. */
    IRoutingStrategy& get(const QString& name);
    QStringList names() const { return m_factories.keys(); }

private:
    QHash<QString, Factory> m_factories;
    QHash<QString, std::shared_ptr<IRoutingStrategy>> m_instances;
};

} // namespace sy
