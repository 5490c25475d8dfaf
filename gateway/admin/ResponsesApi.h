#pragma once

#include "gateway/pipeline/AdminHandler.h"

namespace sy {

class KeyManager;

/**
 * OpenAI's endpoints for stored responses, over the database (issue 13):
 *   GET    /v1/responses/{id}              the response object as the client received it
 *   DELETE /v1/responses/{id}              {"id":…,"object":"response","deleted":true}
 *   GET    /v1/responses/{id}/input_items  the items it answered, earlier turns included, as a
 *                                          list (order asc|desc, after, limit 1–100, default 20)
 * Also without /v1. A response belongs to the key that made it: a virtual key sees its own,
 * the master key (or an open gateway) those made without a virtual key; anyone else gets 404.
 */
class ResponsesApi final : public IAdminHandler
{
public:
    explicit ResponsesApi(KeyManager& keys);

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

private:
    KeyManager& m_keys;
};

} // namespace sy
