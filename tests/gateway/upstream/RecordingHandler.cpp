#include "RecordingHandler.h"

namespace sy::test {

void RecordingHandler::onResponseHead(int s, const HttpHeaders& h)
{
    status = s;
    headers = h;
    record("head");
}

void RecordingHandler::onResponseData(const QByteArray& data)
{
    body += data;
    chunks.append(data);
    record("data");
}

void RecordingHandler::onResponseEnd()
{
    record("end");
}

void RecordingHandler::onUpstreamError(const UpstreamError& e)
{
    error = e;
    record("error");
}

void RecordingHandler::record(const QByteArray& event)
{
    events.append(event);
    if (hook)
        hook(event);
}

} // namespace sy::test
