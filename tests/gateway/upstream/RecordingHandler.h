#pragma once

#include "gateway/upstream/IUpstreamClient.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

namespace sy::test {

/** An IUpstreamHandler that records every callback; a hook runs after each (e.g. to delete the call). */
class RecordingHandler : public IUpstreamHandler
{
public:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;

    bool finished() const { return events.contains("end") || events.contains("error"); }
    UpstreamError::Kind errorKind() const { return error ? error->kind : UpstreamError::Kind::ConnectFailed; }
    /** The callbacks so far, e.g. "head data end". */
    QByteArray trace() const { return events.join(' '); }

    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    QList<QByteArray> chunks;
    std::optional<UpstreamError> error;
    QList<QByteArray> events;
    std::function<void(const QByteArray& event)> hook;

private:
    void record(const QByteArray& event);
};

} // namespace sy::test
