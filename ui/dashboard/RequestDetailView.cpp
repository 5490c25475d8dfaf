#include "ui/dashboard/RequestDetailView.h"

#include "ui/models/Format.h"
#include "ui/models/RequestLogModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QString kNone = u"—"_s;

QString row(const QString& label, const QString& value)
{
    return u"<tr><td style='padding-right:14px; white-space:nowrap'><b>%1</b></td><td>%2</td></tr>"_s.arg(
        label.toHtmlEscaped(), value);
}

QString text(const QString& value)
{
    return value.isEmpty() ? kNone : value.toHtmlEscaped();
}

QString served(const RequestRecord& r)
{
    if (r.deploymentId.isEmpty())
        return RequestDetailView::tr("no backend (refused or failed before one was tried)").toHtmlEscaped();
    return RequestDetailView::tr("%1 at %2 (%3; deployment %4)")
        .arg(r.backendModel, r.apiBase, r.provider, r.deploymentId)
        .toHtmlEscaped();
}

QString attempts(const RequestRecord& r)
{
    if (r.attempts == 0)
        return RequestDetailView::tr("none").toHtmlEscaped();
    QString t = RequestDetailView::tr("%1 (retries: %2, fallbacks: %3)")
                    .arg(r.attempts)
                    .arg(r.retries)
                    .arg(r.fallbacks.isEmpty() ? RequestDetailView::tr("none") : r.fallbacks.join(u", "_s));
    return t.toHtmlEscaped();
}

QString tokens(const RequestRecord& r)
{
    QString t = RequestDetailView::tr("%1 in, %2 out")
                    .arg(Format::count(quint64(qMax<qint64>(0, r.usage.promptTokens))),
                         Format::count(quint64(qMax<qint64>(0, r.usage.completionTokens))));
    if (r.usage.estimated)
        t += RequestDetailView::tr(" (estimated: the backend reported no usage)");
    return t.toHtmlEscaped();
}

QString status(const RequestRecord& r)
{
    const QString colour = r.succeeded() ? u"#2ea043"_s : u"#d1242f"_s;
    return u"<span style='color:%1'><b>%2</b></span>"_s.arg(colour).arg(r.status);
}

QString error(const RequestRecord& r)
{
    if (r.errorCode.isEmpty() && r.errorMessage.isEmpty())
        return kNone;
    return u"<tt>%1</tt><br>%2"_s.arg(QString::fromLatin1(r.errorCode).toHtmlEscaped(),
                                      text(r.errorMessage).replace(u'\n', u"<br>"_s));
}

} // namespace

RequestDetailView::RequestDetailView(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setFrameShape(QFrame::StyledPanel);
    clearRecord();
}

void RequestDetailView::clearRecord()
{
    setHtml(u"<p style='color:gray'>%1</p>"_s.arg(tr("Click a request to see all about it.").toHtmlEscaped()));
}

void RequestDetailView::showRecord(const RequestRecord& record)
{
    setHtml(html(record));
}

QString RequestDetailView::html(const RequestRecord& r)
{
    const QLocale locale;
    QString rows;
    rows += row(tr("Request id"),
                u"<tt>%1</tt>"_s.arg(text(r.logId.isEmpty() ? QString::number(r.requestId) : r.logId)));
    rows += row(tr("Time"), text(locale.toString(r.startedAt.toLocalTime(), QLocale::LongFormat)));
    rows += row(tr("Status"), status(r));
    rows += row(tr("Error"), error(r));
    rows += row(tr("Key"), text(RequestLogModel::keyName(r.keyHash, r.keyAlias)));
    rows += row(tr("Model asked for"), text(r.group));
    rows += row(tr("Served by"), served(r));
    rows += row(tr("API"),
                text(tr("%1 dialect, %2, %3")
                         .arg(r.dialect.isEmpty() ? tr("unknown") : QString::fromLatin1(r.dialect),
                              QString::fromLatin1(r.endpoint),
                              r.stream ? tr("streamed") : tr("not streamed"))));
    rows += row(tr("Attempts"), attempts(r));
    rows += row(tr("Time to first token"), text(Format::duration(double(r.ttftMs))));
    rows += row(tr("Latency"),
                text(tr("%1 in all, %2 at the backend")
                         .arg(Format::duration(double(r.latencyMs)), Format::duration(double(r.upstreamLatencyMs)))));
    rows += row(tr("Tokens"), tokens(r));
    rows += row(tr("Cost"), text(Format::usd(r.cost)));
    rows += row(tr("Cache"), text(QString::fromLatin1(r.cacheStatus)));
    rows += row(tr("Guardrails"), text(QString::fromUtf8(r.guardrailDecision)));
    rows += row(
        tr("Bytes"),
        text(tr("%1 received, %2 sent").arg(Format::count(quint64(r.bytesIn)), Format::count(quint64(r.bytesOut)))));
    rows += row(tr("Client"), text(r.client.isNull() ? QString() : r.client.toString()));
    return u"<table cellspacing='2'>%1</table>"_s.arg(rows);
}

} // namespace sy
