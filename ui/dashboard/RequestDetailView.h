#pragma once

#include "gateway/core/RequestRecord.h"

#include <QTextBrowser>

namespace sy {

/**
 * One request in full (issue #18): when and with which key, the dialect it spoke, stream or
 * not, the deployment that served it (its address, not only its model), attempts, retries and
 * fallbacks, the request id /spend/logs knows it by, time to first token, tokens, cost, cache
 * and guardrail decisions, and the whole error message. Text the user can select and copy.
 */
class RequestDetailView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit RequestDetailView(QWidget* parent = nullptr);

    void showRecord(const RequestRecord& record);
    void clearRecord();
    /** The HTML for @p record (the view's content; tests read it). */
    static QString html(const RequestRecord& record);
};

} // namespace sy
