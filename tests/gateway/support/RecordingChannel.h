#pragma once

#include "gateway/http/ResponseChannel.h"

#include <QList>

#include <memory>

namespace sy::testing {

class RecordingChannel;

/**
 * What a RecordingChannel received, kept by the test: the pipeline owns (and later destroys)
 * the channel itself. The test plays the client through it: gone, slow (pending output), drained.
 */
struct ChannelLog
{
    int status = 0; ///< of the complete response or the stream's head
    HttpHeaders headers;
    QByteArray body; ///< a complete response's body
    bool streamed = false;
    QList<QByteArray> pieces; ///< stream data, one entry per write
    QByteArray last; ///< what endStream() sent with the end
    bool ended = false; ///< the stream ended normally
    bool destroyed = false;

    bool connected = true; ///< the client is there
    qint64 pending = 0; ///< output the client has not taken yet
    RecordingChannel* channel = nullptr; ///< while it exists

    bool finished() const;
    /** A stream that stopped without its end: the connection was cut. */
    bool aborted() const { return streamed && !ended && finished(); }
    QByteArray streamText() const { return pieces.join() + last; }
    /** The client disconnects now. */
    void clientGone();
    /** The client took everything queued. */
    void drained();

private:
    friend class RecordingChannel;
    bool m_finishedAtDestruction = false;
};

/** A ResponseChannel writing into a ChannelLog instead of a socket. */
class RecordingChannel final : public ResponseChannel
{
public:
    explicit RecordingChannel(std::shared_ptr<ChannelLog> log, int minorVersion = 1, bool keepAlive = true);
    ~RecordingChannel() override;

    qint64 pendingBytes() const override { return m_log->pending; }

protected:
    bool clientConnected() const override { return m_log->connected; }
    void writeComplete(int status, const HttpHeaders& headers, const QByteArray& body) override;
    void writeStreamHead(int status, const HttpHeaders& headers) override;
    void writeStreamData(const QByteArray& data) override;
    void writeStreamEnd(const QByteArray& last) override;

private:
    std::shared_ptr<ChannelLog> m_log;
};

} // namespace sy::testing
