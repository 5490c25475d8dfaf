#pragma once

#include "gateway/pipeline/AdminHandler.h"

#include <QJsonObject>

namespace sy {

class KeyManager;
struct VirtualKey;

/**
 * LiteLLM's key management API, with LiteLLM's request and response JSON so its clients and
 * scripts work unchanged: POST /key/generate, /key/update, /key/delete, /key/block,
 * /key/unblock; GET /key/info, /key/list. Master key only, except that a virtual key may ask
 * /key/info about itself. A generated key is in the response once; only its hash is stored.
 */
class KeyAdminApi final : public IAdminHandler
{
public:
    explicit KeyAdminApi(KeyManager& keys);

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

private:
    void generate(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);
    void update(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);
    void setBlocked(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel, bool blocked);
    void remove(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);
    void info(RequestContext& ctx, ResponseChannel& channel);
    void list(RequestContext& ctx, ResponseChannel& channel);

    KeyManager& m_keys;
};

} // namespace sy
