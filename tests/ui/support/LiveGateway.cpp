#include "tests/ui/support/LiveGateway.h"

#include "gateway/config/ConfigLoader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace sy::testing {

LiveGateway::LiveGateway(const QString& dataDir)
{
    if (dataDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_dataDir = m_tmp->path();
    } else {
        m_dataDir = dataDir;
    }
    for (const char* id : {"studio-a", "studio-b"}) {
        MockBackend::Options options;
        options.id = QString::fromLatin1(id);
        auto* backend = new MockBackendThread(options);
        backend->start();
        m_backends.append(backend);
    }
    m_configPath = m_dataDir + QStringLiteral("/config.yaml");
}

LiveGateway::~LiveGateway()
{
    stop();
    qDeleteAll(m_backends);
}

QByteArray LiveGateway::configYaml() const
{
    const QByteArray a = QByteArray::number(m_backends.at(0)->port());
    const QByteArray b = QByteArray::number(m_backends.at(1)->port());
    const QByteArray prices = "      input_cost_per_token: 0.000002\n      output_cost_per_token: 0.000008\n";
    return "model_list:\n"
           "  - model_name: chat\n    litellm_params:\n      model: openai/qwen2.5-7b-instruct\n"
           "      api_base: http://127.0.0.1:"
        + a + "/v1\n      rpm: 600\n" + prices
        + "    model_info:\n      max_input_tokens: 32768\n"
          "  - model_name: chat\n    litellm_params:\n      model: openai/qwen2.5-7b-instruct\n"
          "      api_base: http://127.0.0.1:"
        + b + "/v1\n      max_parallel_requests: 8\n" + prices
        + "  - model_name: local\n    litellm_params:\n      model: openai/llama-3.2-3b-instruct\n"
          "      api_base: http://127.0.0.1:"
        + b
        + "/v1\n"
          "general_settings:\n  master_key: "
        + kMasterKey
        + "\nrouter_settings:\n  num_retries: 0\n  fallbacks: [{chat: [local]}]\n"
          "gateway:\n  host: 127.0.0.1\n  port: 0\n"
        + managedYaml();
}

QByteArray LiveGateway::managedYaml() const
{
    if (!m_managed)
        return {};
    return "servers:\n  - name: qwen-local\n    kind: llamacpp\n    port: " + QByteArray::number(m_managedPort)
        + "\n    executable: " + m_managed->fakeServers.toUtf8()
        + "/llama-server\n    models: [{model: /models/qwen2.5-0.5b-instruct-q4_k_m.gguf, model_name: qwen-small}]\n"
          "    env: {FAKE_MOCK_BACKEND: "
        + m_managed->mockBackend.toUtf8() + "}\n";
}

bool LiveGateway::start()
{
    stop();
    if (m_managed && m_managedPort == 0) {
        QTcpServer probe; // a port nobody listens on now
        probe.listen(QHostAddress::LocalHost, 0);
        m_managedPort = probe.serverPort();
    }
    QFile file(m_configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(configYaml()) < 0)
        return false;
    file.close();
    const ConfigLoadResult loaded = ConfigLoader().loadFile(m_configPath);
    if (!loaded.ok()) {
        qWarning().noquote() << loaded.errorText();
        return false;
    }
    auto config = std::make_shared<GatewayConfig>(*loaded.config);
    config->storage.dataDir = m_dataDir;
    m_host = std::make_unique<GatewayHost>();
    QSignalSpy started(m_host.get(), &GatewayHost::started);
    m_host->start(config);
    if (!started.wait(10'000))
        return false;
    m_port = started.first().first().value<quint16>();
    if (m_managed)
        startSupervisor(config->servers);
    return true;
}

void LiveGateway::startSupervisor(const QList<ServerSpec>& servers)
{
    SupervisorEnvironment env;
    env.guardPath = m_managed->guard;
    env.logDir = m_dataDir + QStringLiteral("/logs");
    env.searchPath = m_managed->fakeServers + u':' + qEnvironmentVariable("PATH");
    env.healthPollMs = 100;
    m_supervisor = std::make_unique<ServerSupervisor>(env);
    // As GatewaySession wires them.
    QObject::connect(
        m_supervisor.get(), &ServerSupervisor::statusesChanged, m_host.get(), &GatewayHost::setServerStatuses);
    QObject::connect(m_host.get(), &GatewayHost::serverWanted, m_supervisor.get(), &ServerSupervisor::serverWanted);
    QObject::connect(
        m_host.get(), &GatewayHost::serverCommandRequested, m_supervisor.get(), &ServerSupervisor::command);
    QObject::connect(m_host.get(), &GatewayHost::serversUsed, m_supervisor.get(), &ServerSupervisor::serversUsed);
    m_supervisor->applyConfig(servers);
}

void LiveGateway::stop()
{
    if (m_supervisor) {
        bool done = false;
        m_supervisor->stopAll([&done] { done = true; });
        if (!QTest::qWaitFor([&done] { return done; }, 15'000))
            qWarning("managed servers did not stop within 15 s");
        m_supervisor.reset();
    }
    if (!m_host)
        return;
    QSignalSpy stopped(m_host.get(), &GatewayHost::stopped);
    m_host->stop(2000);
    stopped.wait(5000);
    m_host.reset();
    m_port = 0;
}

std::optional<RawHttpResponse>
LiveGateway::chat(const QByteArray& key, const QByteArray& model, const QByteArray& extra)
{
    QByteArray body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"say three words\"}]";
    if (!extra.isEmpty())
        body += ',' + extra;
    body += '}';
    return RawHttpClient::fetch(m_port,
                                "POST",
                                "/v1/chat/completions",
                                body,
                                {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}},
                                10'000);
}

std::optional<RawHttpResponse> LiveGateway::adminRaw(const QByteArray& method, const QByteArray& path)
{
    return RawHttpClient::fetch(m_port, method, path, {}, {{"Authorization", QByteArray("Bearer ") + kMasterKey}});
}

QJsonObject LiveGateway::admin(const QByteArray& method, const QByteArray& path, const QJsonObject& body)
{
    const QByteArray bytes = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    const auto r = RawHttpClient::fetch(
        m_port,
        method,
        path,
        bytes,
        {{"Authorization", QByteArray("Bearer ") + kMasterKey}, {"Content-Type", "application/json"}});
    return r && r->status == 200 ? QJsonDocument::fromJson(r->body).object() : QJsonObject();
}

QByteArray LiveGateway::createKey(const QJsonObject& request)
{
    return admin("POST", "/key/generate", request).value(QStringLiteral("key")).toString().toLatin1();
}

QString LiveGateway::tokenOf(const QByteArray& key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
}

} // namespace sy::testing
