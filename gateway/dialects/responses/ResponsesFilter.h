#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/INativeFilter.h"

#include <QHash>
#include <QList>

namespace sy {

class JsonBody;

/**
 * Watches, and where needed repairs, a Responses answer from a backend that speaks the API
 * (OpenAI, or a local server with `dialects: [responses]`). Clients check these streams
 * strictly: the openai SDK's accumulator indexes items by output_index, and the Vercel AI SDK
 * rejects an output_item.done without one, which llama.cpp's llama-server omits (with
 * content_index, sequence_number, the function call's item id and the response's model and
 * output). So the filter
 *  - numbers every event's sequence_number itself, counting events it adds;
 *  - gives item events their output_index and content events their content_index, found by
 *    item id (or call id), adding output_item.added or content_part.added the client never saw;
 *  - gives items without an id one;
 *  - writes the client's model name and the gateway's response id into the response objects,
 *    and fills in what they lack (object, created_at, status, output);
 *  - reads usage from the final response and counts delivered text with a byte scan.
 * Token deltas are edited with byte scans, never parsed whole; the few lifecycle and item
 * events are parsed.
 */
class ResponsesFilter : public INativeFilter
{
public:
    explicit ResponsesFilter(const AnswerContext& context);

    QByteArray process(const SseEvent& event) override;
    QByteArray finish() override { return {}; }
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<TokenUsage> usage() const override { return m_usage; }
    qint64 deliveredChars() const override { return m_deliveredChars; }
    std::optional<QByteArray> filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage) override;
    QByteArray finalAnswer() const override { return m_final; }
    QByteArray fail(const ApiError& error) override;

private:
    struct Item
    {
        QByteArray id;
        bool partAdded = false;
    };

    QByteArray lifecycle(const QByteArray& type, const JsonBody& json);
    QByteArray normalizedResponse(const QByteArray& type, const JsonBody& response);
    QByteArray itemEvent(const QByteArray& type, const JsonBody& json);
    QByteArray normalizedItem(const JsonBody& item, int* index);
    QByteArray contentEvent(const QByteArray& type, QByteArray data);
    QByteArray framed(const QByteArray& type, QByteArray data);
    void noteError(const QByteArray& type, const JsonBody& json);
    int itemIndex(QByteArrayView key) const;

    AnswerContext m_context;
    QByteArray m_id; ///< the gateway's id for this response
    QByteArray m_model; ///< the client's model name, quoted
    qint64 m_sequence = 0;
    QList<Item> m_items; ///< by output_index
    QHash<QByteArray, int> m_itemKeys; ///< item id or call id → output_index
    QList<QByteArray> m_doneItems; ///< finished items, for a final response that lacks its output
    std::optional<TokenUsage> m_usage;
    std::optional<ApiError> m_error;
    QByteArray m_final;
    qint64 m_deliveredChars = 0;
    bool m_ended = false;
};

} // namespace sy
