#include "tests/ui/support/DemoScenario.h"

#include <cmath>

namespace sy::testing {

namespace {

DeploymentSnapshot deployment(
    const QString& group, const QString& model, const QString& base, const QString& provider, BackendHealth health)
{
    DeploymentSnapshot d;
    d.id = group + "@" + base;
    d.group = group;
    d.backendModel = model;
    d.apiBase = base;
    d.provider = provider;
    d.health = health;
    return d;
}

} // namespace

void addDemoBackends(ScriptedGateway& gateway)
{
    gateway.addDeployment(
        deployment(
            "local-chat", "qwen2.5-7b-instruct", "http://127.0.0.1:1234/v1", "lm_studio", BackendHealth::Healthy),
        0.005);
    gateway.addDeployment(
        deployment("local-chat", "qwen2.5:7b", "http://127.0.0.1:11434", "ollama", BackendHealth::Healthy), 0.01);
    gateway.addDeployment(
        deployment("llama-3.1-8b", "llama3.1:8b", "http://127.0.0.1:11434", "ollama", BackendHealth::Healthy), 0.01);
    gateway.addDeployment(deployment("mixtral",
                                     "mistralai/Mixtral-8x7B-Instruct",
                                     "http://192.168.1.40:8000/v1",
                                     "hosted_vllm",
                                     BackendHealth::Unhealthy),
                          0.02);
    gateway.addDeployment(
        deployment("gpt-4o", "openai/gpt-4o", "https://openrouter.ai/api/v1", "openrouter", BackendHealth::Healthy),
        0.01,
        0.000005);
}

void addDemoKeys(ScriptedGateway& gateway, FakeKeyManager& keys)
{
    KeyLimits webui;
    webui.rpm = 120;
    webui.maxParallel = 4;
    webui.maxBudget = 20;
    webui.budgetPeriod = "30d";
    keys.add("open-webui", webui, 7.42);
    KeyLimits laptop;
    laptop.models = {"local-chat", "llama-3.1-8b"};
    laptop.tpm = 50'000;
    keys.add("laptop", laptop, 0);
    KeyLimits ci;
    ci.maxBudget = 5;
    ci.budgetPeriod = "1d";
    ci.expiresAt = QDateTime::currentDateTimeUtc().addDays(60);
    keys.add("ci", ci, 5.0);
    keys.add("old-notebook").blocked = true;
    // add() returns a reference into the list, which later adds move: set the rest by index.
    keys.keys[0].requests = 18'204;
    keys.keys[0].tokens = 9'120'551;
    keys.keys[1].requests = 3'310;
    keys.keys[1].tokens = 1'402'112;
    keys.keys[2].requests = 912;
    keys.keys[2].tokens = 402'330;
    const int weights[] = {5, 3, 1};
    for (int i = 0; i < 3; ++i)
        gateway.addKey({keys.keys.at(i).hash, keys.keys.at(i).alias, weights[i]});
    gateway.addKey({QString(), QString(), 2});
}

void addDemoServers(FakeServerControl& servers)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto entry = [](const char* name, const char* kind, quint16 port, ServerEntry::State state) {
        ServerEntry e;
        e.name = QString::fromLatin1(name);
        e.kind = QString::fromLatin1(kind);
        e.port = port;
        e.state = state;
        e.logFile = QStringLiteral("/tmp/switchyard/%1.log").arg(e.name);
        return e;
    };
    ServerEntry ollama = entry("ollama", "ollama", 11434, ServerEntry::State::Ready);
    ollama.pid = 48211;
    ollama.since = now.addSecs(-2 * 3600 - 340);
    ollama.models = {"llama-3.1-8b", "local-chat"};
    ollama.commandLine = {"/usr/local/bin/ollama", "serve"};
    ServerEntry lmstudio = entry("lmstudio", "lmstudio", 1234, ServerEntry::State::Stopped);
    lmstudio.models = {"local-chat"};
    ServerEntry qwen = entry("llama-qwen", "llamacpp", 8081, ServerEntry::State::Crashed);
    qwen.lastError = "exited with code 1: failed to load model";
    qwen.restarts = 3;
    qwen.since = now.addSecs(-12);
    qwen.models = {"qwen-small"};
    qwen.commandLine = {"/usr/local/bin/llama-server",
                        "-m",
                        "/models/qwen2.5-0.5b-q4_k_m.gguf",
                        "--port",
                        "8081",
                        "--alias",
                        "qwen-small"};
    servers.list = {ollama, lmstudio, qwen};
}

int demoTraffic(int s)
{
    const double wave = 30 + 18 * std::sin(double(s) / 90.0) + 6 * std::sin(double(s) / 13.0);
    const bool burst = s > 600 && s < 660;
    return int(wave) + (burst ? 45 : 0);
}

} // namespace sy::testing
