#pragma once

#include "gateway/GatewayHost.h"
#include "gateway/servers/ServerSupervisor.h"
#include "tests/support/MockBackendThread.h"
#include "tests/support/RawHttpClient.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace sy::testing {

/**
 * The real gateway in this process, as the tray app runs it: a GatewayHost on its own thread,
 * a SQLite usage log in a temporary data directory, and mock backends on real sockets. For UI
 * tests that want real traffic: the numbers the dashboard shows can be compared with what the
 * admin API (/spend/logs, /key/info) says.
 *
 * The config has a master key (kMasterKey) and these model groups:
 *   chat    two deployments (two mock backends), priced 2 / 8 USD per million tokens
 *   local   one deployment, free
 * and, with a managed server (setManagedServer()), the fake llama-server `qwen-local` under the
 * real switchyard-guard, serving `qwen-small`, run by a real ServerSupervisor.
 */
class LiveGateway
{
public:
    static constexpr const char* kMasterKey = "sk-live-master";

    /** @p dataDir: where the database goes; empty: a temporary directory of its own. */
    explicit LiveGateway(const QString& dataDir = {});
    ~LiveGateway();

    struct ManagedServer
    {
        QString guard; ///< switchyard-guard
        QString fakeServers; ///< tests/support/fake-servers
        QString mockBackend; ///< the mock-backend executable
    };
    /** Runs a managed server too, from the next start() on. */
    void setManagedServer(const ManagedServer& server) { m_managed = server; }
    ServerSupervisor* supervisor() { return m_supervisor.get(); }

    /** Starts a fresh GatewayHost on the data directory; false when it did not start in time. */
    bool start();
    /** Stops it (drains) and deletes the host; the database stays. */
    void stop();

    GatewayHost& host() { return *m_host; }
    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dataDir; }
    QString configPath() const { return m_configPath; }
    MockBackendThread& backend(int i) { return *m_backends.at(i); }

    /** A chat request with @p key; @p extra is spliced into the body (e.g. "\"stream\":true"). */
    std::optional<RawHttpResponse> chat(const QByteArray& key, const QByteArray& model, const QByteArray& extra = {});
    /** An admin API call with the master key; its JSON body (empty on failure). */
    QJsonObject admin(const QByteArray& method, const QByteArray& path, const QJsonObject& body = {});
    std::optional<RawHttpResponse> adminRaw(const QByteArray& method, const QByteArray& path);
    /** POST /key/generate; the key (sk-…), empty on failure. */
    QByteArray createKey(const QJsonObject& request);

    static QString tokenOf(const QByteArray& key);

private:
    QByteArray configYaml() const;
    QByteArray managedYaml() const;
    void startSupervisor(const QList<ServerSpec>& servers);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    QString m_configPath;
    QList<MockBackendThread*> m_backends;
    std::unique_ptr<GatewayHost> m_host;
    std::unique_ptr<ServerSupervisor> m_supervisor;
    std::optional<ManagedServer> m_managed;
    quint16 m_managedPort = 0;
    quint16 m_port = 0;
};

} // namespace sy::testing
