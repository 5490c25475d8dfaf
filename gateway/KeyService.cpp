#include "gateway/KeyService.h"

#include "gateway/Gateway.h"
#include "gateway/keys/KeyManager.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QString kNotRunning = u"the gateway has not started"_s;

// Runs @p work on the gateway thread with its KeyManager; @p service outlives the gateway
// thread (GatewayHost stops the thread before it destroys its members).
template <class Work>
void onGateway(Gateway* gateway, KeyService* service, const QString& operation, Work work)
{
    QMetaObject::invokeMethod(
        gateway,
        [gateway, service, operation, work = std::move(work)] {
            KeyManager* keys = gateway->keys();
            if (!keys) {
                QMetaObject::invokeMethod(
                    service,
                    [service, operation] { emit service->failed(operation, kNotRunning); },
                    Qt::QueuedConnection);
                return;
            }
            work(*keys);
        },
        Qt::QueuedConnection);
}

template <class Emit>
void back(KeyService* service, Emit emitter)
{
    QMetaObject::invokeMethod(service, std::move(emitter), Qt::QueuedConnection);
}

} // namespace

KeyService::KeyService(Gateway* gateway, QObject* parent)
    : QObject(parent)
    , m_gateway(gateway)
{
    qRegisterMetaType<sy::VirtualKeyInfo>();
    qRegisterMetaType<QList<sy::VirtualKeyInfo>>();
    qRegisterMetaType<sy::KeyChanges>();
}

void KeyService::listKeys()
{
    onGateway(m_gateway, this, u"list"_s, [service = this](KeyManager& keys) {
        QList<VirtualKeyInfo> list;
        for (const std::shared_ptr<KeyEntry>& entry : keys.cache().entries())
            list.append(keys.infoOf(*entry));
        back(service, [service, list] { emit service->keysListed(list); });
    });
}

void KeyService::createKey(const KeyChanges& changes)
{
    onGateway(m_gateway, this, u"create"_s, [service = this, changes](KeyManager& keys) {
        keys.create(changes,
                    [service, &keys](std::optional<ApiError> error, const QString& plaintext, const VirtualKey& key) {
                        if (error) {
                            back(service, [service, m = error->message] { emit service->failed(u"create"_s, m); });
                            return;
                        }
                        const std::shared_ptr<KeyEntry> entry = keys.cache().findToken(key.token);
                        VirtualKeyInfo info;
                        info.key = key;
                        if (entry)
                            info = keys.infoOf(*entry);
                        back(service, [service, plaintext, info] { emit service->keyCreated(plaintext, info); });
                    });
    });
}

void KeyService::updateKey(const QString& token, const KeyChanges& changes)
{
    onGateway(m_gateway, this, u"update"_s, [service = this, token, changes](KeyManager& keys) {
        keys.update(token, changes, [service, &keys](std::optional<ApiError> error, const VirtualKey& key) {
            if (error) {
                back(service, [service, m = error->message] { emit service->failed(u"update"_s, m); });
                return;
            }
            const std::shared_ptr<KeyEntry> entry = keys.cache().findToken(key.token);
            VirtualKeyInfo info;
            info.key = key;
            if (entry)
                info = keys.infoOf(*entry);
            back(service, [service, info] { emit service->keyUpdated(info); });
        });
    });
}

void KeyService::revokeKey(const QString& token)
{
    onGateway(m_gateway, this, u"revoke"_s, [service = this, token](KeyManager& keys) {
        keys.remove({token}, {}, [service](std::optional<ApiError> error, const QStringList& tokens) {
            if (error) {
                back(service, [service, m = error->message] { emit service->failed(u"revoke"_s, m); });
                return;
            }
            const QString revoked = tokens.value(0);
            back(service, [service, revoked] { emit service->keyRevoked(revoked); });
        });
    });
}

} // namespace sy
