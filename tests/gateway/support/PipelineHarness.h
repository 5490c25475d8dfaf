#pragma once

#include "FakeUpstreamClient.h"
#include "RecordingChannel.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/RequestPipeline.h"
#include "gateway/routing/Router.h"
#include "tests/support/ManualClock.h"

namespace sy::testing {

/** Keeps every finished request's record. */
class RecordingSink final : public IRequestRecordSink
{
public:
    void recordRequest(const RequestRecord& record) override { records.append(record); }
    QList<RequestRecord> records;
};

/**
 * A RequestPipeline as the gateway wires it, minus the network: a real Router on a manual
 * clock, real metrics, a FakeUpstreamClient for the backends and RecordingChannels for the
 * clients. Requests go in through handleRequest(), the pipeline's stable entry point.
 */
class PipelineHarness
{
public:
    /** The manual clock starts at @p start (ManualClock's fixed date when invalid). */
    explicit PipelineHarness(const QDateTime& start = {});
    ~PipelineHarness();

    /** Serves @p yaml (a config.yaml); false, with the errors in configError, if it does not load. */
    bool load(const QByteArray& yaml);
    QString configError;

    /** A client request to @p path (with its query, if any); its channel's log. */
    std::shared_ptr<ChannelLog> send(const QByteArray& method,
                                     const QByteArray& path,
                                     const QByteArray& body = {},
                                     const HttpHeaders& headers = {},
                                     int minorVersion = 1);
    std::shared_ptr<ChannelLog> chat(const QByteArray& body) { return send("POST", "/v1/chat/completions", body); }

    /**
     * Virtual keys on a real SQLite database in @p dataDir, as the gateway has them; waits until
     * keys can be managed (false if they cannot).
     */
    bool startKeys(const QString& dataDir);

    /** Accounts the requests that finished (the pipeline does so on its next event-loop pass). */
    const QList<RequestRecord>& records();

    ManualClock clock;
    Router router{clock};
    GatewayMetrics metrics;
    FakeUpstreamClient upstream;
    RecordingSink sink;
    std::unique_ptr<KeyManager> keys; ///< declared before the pipeline, which uses it to the end
    RequestPipeline pipeline{upstream, router, metrics, &sink};
};

/** A chat body for @p model; @p extra adds top-level members, e.g. "\"stream\":true". */
QByteArray chatRequest(const QByteArray& model, const QByteArray& extra = {});
/** A model_list entry: group @p group served at 127.0.0.1:@p port (the port tells deployments apart). */
QByteArray deploymentYaml(const QByteArray& group, quint16 port, const QByteArray& extraParams = {});
/** A non-streamed chat completion saying @p text, with usage. */
QByteArray completionJson(const QByteArray& text = "hello there", int promptTokens = 3, int completionTokens = 2);
/** One streamed chunk carrying @p text. */
QByteArray chunkJson(const QByteArray& text);
/** The usage chunk that ends a stream when stream_options.include_usage is set. */
QByteArray usageChunkJson(int promptTokens, int completionTokens);

} // namespace sy::testing
