// The `servers:` section: parsing, validation, the deployments it makes, and how each kind launches.
#include "gateway/config/ConfigLoader.h"
#include "gateway/servers/ExecutableFinder.h"
#include "gateway/servers/LaunchPlan.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;
using namespace Qt::StringLiterals;

namespace {

ConfigLoadResult load(const QByteArray& yaml)
{
    ConfigLoader loader([](const QString&) -> std::optional<QString> { return std::nullopt; });
    return loader.loadYaml(yaml, u"/etc/switchyard/config.yaml"_s);
}

bool hasError(const ConfigLoadResult& r, const QString& key, const QString& text)
{
    for (const auto& d : r.errors()) {
        if (d.key == key && d.message.contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestServersConfig : public QObject
{
    Q_OBJECT

private slots:
    void everyKindParsesWithDefaults()
    {
        const ConfigLoadResult r = load(R"(
servers:
  - name: studio
    kind: lmstudio
    port: 1234
    models:
      - qwen2.5-7b-instruct
      - {model: lmstudio-community/Meta-Llama-3.1-8B, model_name: llama, identifier: llama-8b, ttl: 600}
  - name: ollama
    kind: ollama
    port: 11500
    models: [llama3.2]
  - name: small
    kind: llamacpp
    port: 8081
    models: [{model: models/qwen-0.5b.gguf, model_name: qwen-small}]
    start_on_demand: true
    idle_ttl: 300
  - name: vllm
    kind: vllm
    port: 8000
    models: [Qwen/Qwen2.5-7B-Instruct]
    restart: always
    max_restarts: 2
    ready_timeout: 600
  - name: custom
    kind: command
    port: 9000
    args: [/opt/bin/my-server, --listen, "127.0.0.1:${PORT}"]
    env: {CUDA_VISIBLE_DEVICES: "1"}
    restart: never
)");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.servers.size(), 5);
        const ServerSpec& studio = c.servers[0];
        QCOMPARE(studio.kind, ServerKind::LmStudio);
        QVERIFY(studio.autostart);
        QCOMPARE(studio.restart, RestartPolicy::OnFailure);
        QCOMPARE(studio.models[0].group, u"qwen2.5-7b-instruct"_s);
        QCOMPARE(studio.models[1].group, u"llama"_s);
        QCOMPARE(studio.models[1].servedAs, u"llama-8b"_s);
        QCOMPARE(studio.models[1].ttl.count(), 600);
        QCOMPARE(studio.apiBase().toString(), u"http://127.0.0.1:1234/v1"_s);

        const ServerSpec& small = c.servers[2];
        QVERIFY(small.startOnDemand);
        QVERIFY(!small.autostart); // on demand: waits for its first request
        QCOMPARE(small.idleTtl.count(), 300'000);
        QCOMPARE(small.models[0].model, u"/etc/switchyard/models/qwen-0.5b.gguf"_s); // relative to the file
        QCOMPARE(small.healthUrl().path(), u"/health"_s);

        QCOMPARE(c.servers[3].restart, RestartPolicy::Always);
        QCOMPARE(c.servers[3].maxRestarts, 2);
        QCOMPARE(c.servers[3].readyTimeout.count(), 600'000);
        const ServerSpec& custom = c.servers[4];
        QCOMPARE(custom.executable, u"/opt/bin/my-server"_s); // the first arg, when no executable:
        QCOMPARE(custom.args, (QStringList{u"--listen"_s, u"127.0.0.1:9000"_s}));
        QCOMPARE(custom.env.value(u"CUDA_VISIBLE_DEVICES"_s), u"1"_s);
        QCOMPARE(custom.restart, RestartPolicy::Never);
    }

    void serverModelsBecomeManagedDeployments()
    {
        const ConfigLoadResult r = load(R"(
model_list:
  - model_name: qwen
    litellm_params: {model: openai/qwen2.5-7b-instruct, api_base: http://localhost:1234/v1, timeout: 30}
  - model_name: remote
    litellm_params: {model: openai/gpt-4o, api_base: https://api.openai.com/v1, api_key: sk-x}
servers:
  - name: studio
    kind: lmstudio
    port: 1234
    models: [{model: qwen2.5-7b-instruct, model_name: qwen}, {model: phi-4}]
  - name: llama
    kind: ollama
    port: 11434
)");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const GatewayConfig& c = *r.config;
        // model_list's own entry for the server's address is marked, keeping its settings…
        const QList<const Deployment*> qwen = c.deploymentsOf(u"qwen"_s);
        QCOMPARE(qwen.size(), 1);
        QVERIFY(qwen[0]->managed);
        QCOMPARE(qwen[0]->managedServer, u"studio"_s);
        QCOMPARE(qwen[0]->timeout.count(), 30'000);
        // …a model without an entry gets one…
        const QList<const Deployment*> phi = c.deploymentsOf(u"phi-4"_s);
        QCOMPARE(phi.size(), 1);
        QCOMPARE(phi[0]->backendModel, u"phi-4"_s);
        QCOMPARE(phi[0]->apiBaseText, u"http://127.0.0.1:1234/v1"_s);
        QCOMPARE(phi[0]->provider, u"lm_studio"_s);
        QVERIFY(phi[0]->managed);
        // …remote ones are left alone, and a server with no models serves whatever it reports.
        QVERIFY(!c.deploymentsOf(u"remote"_s).first()->managed);
        bool wildcard = false;
        for (const Deployment& d : c.deployments)
            wildcard |= d.wildcard && d.managedServer == u"llama"_s && d.backend == BackendKind::Ollama;
        QVERIFY(wildcard);
    }

    void badEntriesAreLocatedErrors()
    {
        const ConfigLoadResult r = load(R"(
servers:
  - name: a
    kind: lmstudio
  - name: b
    kind: tgi
    port: 1
  - kind: ollama
    port: 2
  - name: c
    kind: llamacpp
    port: 3
  - name: d
    kind: ollama
    port: 70000
  - name: e
    kind: command
    port: 5
  - name: f
    kind: ollama
    port: 6
  - name: f
    kind: ollama
    port: 7
  - name: g
    kind: ollama
    port: 6
  - just a string
  - name: h
    kind: ollama
    port: 8
    restart: sometimes
)");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, u"servers[0].port"_s, u"required"_s), qPrintable(r.errorText()));
        QVERIFY(hasError(r, u"servers[1].kind"_s, u"unknown kind \"tgi\""_s));
        QVERIFY(hasError(r, u"servers[2].name"_s, u"required"_s));
        QVERIFY(hasError(r, u"servers[3].models"_s, u"exactly one model"_s));
        QVERIFY(hasError(r, u"servers[4].port"_s, u""_s));
        QVERIFY(hasError(r, u"servers[5].executable"_s, u"required for kind command"_s));
        QVERIFY(hasError(r, u"servers[10].restart"_s, u"unknown policy"_s));
        QVERIFY(hasError(r, u"servers[7].name"_s, u"already the name of servers[6]"_s));
        QVERIFY(hasError(r, u"servers[8].port"_s, u"already the address of servers[6]"_s));
        QVERIFY(hasError(r, u"servers[9]"_s, u"expected a mapping"_s));
    }

    void eachKindLaunchesItsOwnWay()
    {
        ServerSpec s;
        s.port = 1234;
        s.kind = ServerKind::LmStudio;
        s.models = {{u"qwen"_s, u"qwen"_s, u"qwen-id"_s, std::chrono::seconds(60)}};
        LaunchPlan p = LaunchPlan::forSpec(s, u"/x/lms"_s);
        QVERIFY(p.serve.isEmpty()); // LM Studio's server is not our child
        QCOMPARE(p.startCommand, (QStringList{u"/x/lms"_s, u"server"_s, u"start"_s, u"--port"_s, u"1234"_s}));
        QCOMPARE(p.listLoaded, (QStringList{u"/x/lms"_s, u"ps"_s, u"--json"_s}));
        QCOMPARE(p.loads.size(), 1);
        QCOMPARE(
            p.loads[0].second,
            (QStringList{
                u"/x/lms"_s, u"load"_s, u"qwen"_s, u"--identifier"_s, u"qwen-id"_s, u"-y"_s, u"--ttl"_s, u"60"_s}));
        QCOMPARE(p.cleanup.last(), (QStringList{u"/x/lms"_s, u"server"_s, u"stop"_s}));

        s.kind = ServerKind::Ollama;
        s.port = 11500;
        p = LaunchPlan::forSpec(s, u"/x/ollama"_s);
        QCOMPARE(p.serve, (QStringList{u"/x/ollama"_s, u"serve"_s}));
        QCOMPARE(p.env.value(u"OLLAMA_HOST"_s), u"127.0.0.1:11500"_s);

        s.kind = ServerKind::LlamaCpp;
        s.port = 8081;
        s.models = {{u"/m/q.gguf"_s, u"q"_s, u"q"_s, {}}};
        p = LaunchPlan::forSpec(s, u"/x/llama-server"_s);
        QCOMPARE(p.serve.mid(0, 3), (QStringList{u"/x/llama-server"_s, u"-m"_s, u"/m/q.gguf"_s}));
        QVERIFY(p.serve.join(u' ').contains(u"--port 8081"_s));
        QVERIFY(p.serve.join(u' ').contains(u"--alias q"_s));

        s.kind = ServerKind::Vllm;
        s.models = {{u"Qwen/Qwen2.5-7B"_s, u"qwen"_s, u"qwen"_s, {}}};
        p = LaunchPlan::forSpec(s, u"/x/vllm"_s);
        QCOMPARE(p.serve.mid(0, 3), (QStringList{u"/x/vllm"_s, u"serve"_s, u"Qwen/Qwen2.5-7B"_s}));
        QVERIFY(p.serve.join(u' ').contains(u"--port 8081"_s));

        s.kind = ServerKind::Command;
        s.args = {u"--port=${PORT}"_s, u"--host"_s, u"${HOST}"_s};
        p = LaunchPlan::forSpec(s, u"/x/srv"_s);
        QCOMPARE(p.serve, (QStringList{u"/x/srv"_s, u"--port=8081"_s, u"--host"_s, u"127.0.0.1"_s}));
    }

    void executablesAreFoundOnPathOrReportedClearly()
    {
        QTemporaryDir dir;
        QFile exe(dir.filePath(u"ollama"_s));
        QVERIFY(exe.open(QIODevice::WriteOnly));
        exe.write("#!/bin/sh\n");
        exe.close();
        exe.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        ServerSpec s;
        s.kind = ServerKind::Ollama;
        QString error;
        QCOMPARE(ExecutableFinder(u"/nonexistent:"_s + dir.path()).find(s, &error), exe.fileName());
        s.kind = ServerKind::Vllm;
        QVERIFY(ExecutableFinder(dir.path()).find(s, &error).isEmpty());
        QVERIFY2(error.contains(u"cannot find `vllm`"_s), qPrintable(error));
        s.executable = dir.filePath(u"missing"_s);
        QVERIFY(ExecutableFinder(dir.path()).find(s, &error).isEmpty());
        QVERIFY2(error.contains(u"does not exist"_s), qPrintable(error));
        QVERIFY(ExecutableFinder::usualPlacesOf(ServerKind::LmStudio).contains(QDir::homePath() + u"/.lmstudio/bin"_s));
    }
};

QTEST_GUILESS_MAIN(TestServersConfig)
#include "TestServersConfig.moc"
