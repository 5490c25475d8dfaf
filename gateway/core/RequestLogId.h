#pragma once

#include <QString>
#include <QStringView>

namespace sy {

/**
 * The usage log's request_id of request @p requestId (the instance's counter from 1) made by
 * instance @p instance: "<instance>-<counter>", the counter zero-padded to ten digits. Padded, one
 * instance's ids sort in the order the requests were made; the log's primary key is this text,
 * so each row then lands on the last page of its index instead of on any page of it (a large log
 * no longer reads and writes back pages all over the index; bench/README.md, "Fourteenth pass").
 */
inline QString requestLogId(QStringView instance, quint64 requestId)
{
    constexpr int kDigits = 10;
    const QString counter = QString::number(requestId);
    QString id;
    id.reserve(instance.size() + 1 + qMax<qsizetype>(kDigits, counter.size()));
    id.append(instance).append(u'-');
    for (qsizetype pad = kDigits - counter.size(); pad > 0; --pad)
        id.append(u'0');
    return id.append(counter);
}

} // namespace sy
