#include "RecordingChannel.h"

namespace sy::testing {

bool ChannelLog::finished() const
{
    return channel ? channel->isFinished() : m_finishedAtDestruction;
}

void ChannelLog::clientGone()
{
    connected = false;
    if (channel)
        channel->notifyClientGone();
}

void ChannelLog::drained()
{
    pending = 0;
    if (channel)
        channel->notifyDrained();
}

RecordingChannel::RecordingChannel(std::shared_ptr<ChannelLog> log, int minorVersion, bool keepAlive)
    : ResponseChannel(minorVersion, keepAlive)
    , m_log(std::move(log))
{
    m_log->channel = this;
}

RecordingChannel::~RecordingChannel()
{
    m_log->m_finishedAtDestruction = isFinished();
    m_log->channel = nullptr;
    m_log->destroyed = true;
}

void RecordingChannel::writeComplete(int status, const HttpHeaders& headers, const QByteArray& body)
{
    m_log->status = status;
    m_log->headers = headers;
    m_log->body = body;
}

void RecordingChannel::writeStreamHead(int status, const HttpHeaders& headers)
{
    m_log->status = status;
    m_log->headers = headers;
    m_log->streamed = true;
}

void RecordingChannel::writeStreamData(const QByteArray& data)
{
    m_log->pieces.append(data);
}

void RecordingChannel::writeStreamEnd(const QByteArray& last)
{
    m_log->last = last;
    m_log->ended = true;
}

} // namespace sy::testing
