#pragma once

#include "gateway/guardrails/Guardrail.h"

#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

namespace sy {

class IUpstreamClient;
class JsonPost;

/** What an external scanner is asked about. */
struct ScanRequest
{
    QStringList texts; ///< the prompt's segments, or the answer's text
    QString prompt; ///< for an answer: the prompt it answers (LLM Guard's /analyze/output wants it)
    bool output = false;
    quint64 requestId = 0;
    QString keyHash; ///< the virtual key's token, for the webhook's request_data
    QString keyAlias;
};

/** An external scanner's answer. */
struct ExternalVerdict
{
    enum class Kind
    {
        Allow,
        Block,
        Modify, ///< go on with `texts` instead
        Unavailable, ///< no usable answer: down, slow, or nonsense
    };
    Kind kind = Kind::Allow;
    QString reason; ///< Block: which scanners objected; Unavailable: what went wrong (never the text)
    QStringList texts;
};

/**
 * A guardrail that asks a service over HTTP (LLM Guard's API server, a webhook), within
 * `timeout`. It never blocks the gateway thread; the check in flight is an object whose
 * destruction aborts the call.
 */
class ExternalGuardrail : public Guardrail
{
public:
    ExternalGuardrail(GuardrailSpec spec, IUpstreamClient& client);
    ~ExternalGuardrail() override;

    bool isExternal() const override { return true; }
    QList<Finding> scan(QStringView) const override { return {}; }

    using Done = std::function<void(const ExternalVerdict& verdict)>;
    /** Asks the service; @p done is called once, later (never from inside this call), unless the
        returned object is destroyed first. */
    std::unique_ptr<JsonPost> check(const ScanRequest& request, Done done) const;

protected:
    /** The URL to post @p request to. */
    virtual QUrl endpoint(const ScanRequest& request) const = 0;
    virtual QByteArray body(const ScanRequest& request) const = 0;
    /** Reads a 200 answer. */
    virtual ExternalVerdict verdictOf(const QByteArray& answer, const ScanRequest& request) const = 0;

    /** api_base with @p path appended (unless it already ends with it). */
    QUrl urlWithPath(const QString& path) const;

private:
    IUpstreamClient& m_client;
};

} // namespace sy
