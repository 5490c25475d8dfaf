#pragma once

#include <QList>
#include <QString>

namespace sy {

/** One finding about a config file, pinned to where it is: "file:line:column: key: message". */
struct ConfigDiagnostic
{
    enum class Severity
    {
        Error,
        Warning,
    };

    Severity severity = Severity::Error;
    QString file;
    int line = 0; ///< 1-based; 0 when unknown
    int column = 0; ///< 1-based; 0 when unknown
    QString key; ///< dotted path, e.g. "model_list[2].litellm_params.api_base"
    QString message;

    QString toString() const;
};

using ConfigDiagnostics = QList<ConfigDiagnostic>;

} // namespace sy
