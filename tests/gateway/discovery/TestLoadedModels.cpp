#include "gateway/config/ConfigLoader.h"
#include "gateway/discovery/LoadedModelReports.h"
#include "gateway/discovery/LoadedModels.h"
#include "gateway/upstream/UpstreamClient.h"
#include "tests/support/MockBackendThread.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

// What backends have loaded, for Ollama's /api/ps: their own reports over real sockets, and
// managed servers' states.
class TestLoadedModels : public QObject
{
    Q_OBJECT

private:
    static std::shared_ptr<const GatewayConfig> load(const QByteArray& yaml)
    {
        const ConfigLoadResult r = ConfigLoader().loadYaml(yaml, u"c.yaml"_s);
        if (!r.ok())
            qWarning().noquote() << r.errorText();
        return r.config;
    }

    static QByteArray entry(const QByteArray& group, const QByteArray& model, quint16 port, const QByteArray& path = {})
    {
        return "  - model_name: '" + group + "'\n    litellm_params: {model: '" + model
            + "', api_base: 'http://127.0.0.1:" + QByteArray::number(port) + path + "'}\n";
    }

    static QStringList groupsOf(const QList<LoadedModel>& loaded)
    {
        QStringList groups;
        for (const LoadedModel& m : loaded)
            groups.append(m.group);
        return groups;
    }

private slots:
    void readsTheReports()
    {
        const QList<LoadedModel> ps = LoadedModelReports::fromOllamaPs(
            "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":10,\"size_vram\":5,"
            "\"digest\":\"ab\",\"details\":{\"family\":\"llama\"},\"expires_at\":\"2030-01-01T00:05:00.5Z\","
            "\"context_length\":4096}]}");
        QCOMPARE(ps.size(), 1);
        QCOMPARE(ps[0].backendModel, u"llama3.2:latest"_s);
        QCOMPARE(ps[0].sizeBytes, 10);
        QCOMPARE(ps[0].vramBytes, 5);
        QCOMPARE(ps[0].contextLength, 4096);
        QCOMPARE(ps[0].expiresAt.toUTC().date().year(), 2030);
        QCOMPARE(ps[0].detailsJson, QByteArray("{\"family\":\"llama\"}"));
        const QList<LoadedModel> studio = LoadedModelReports::fromLmStudio(
            "{\"data\":[{\"id\":\"a\",\"state\":\"loaded\",\"max_context_length\":32768,\"loaded_context_length\":"
            "4096},{\"id\":\"b\",\"state\":\"not-loaded\"}]}");
        QCOMPARE(studio.size(), 1);
        QCOMPARE(studio[0].contextLength, 4096);
        QCOMPARE(
            LoadedModelReports::fromModelList("{\"data\":[{\"id\":\"m\",\"max_model_len\":2048}]}")[0].contextLength,
            2048);
        QVERIFY(LoadedModelReports::fromOllamaPs("<html>").isEmpty());
        QVERIFY(LoadedModelReports::sameModel(u"llama3.2:latest"_s, u"llama3.2"_s));
        QVERIFY(!LoadedModelReports::sameModel(u"llama3.2:1b"_s, u"llama3.2"_s));
    }

    void asksEachBackendInTheBackground()
    {
        MockBackend::Options ollamaOptions;
        ollamaOptions.models = QStringList{u"llama3.2:latest"_s};
        MockBackendThread ollama(ollamaOptions);
        QVERIFY(ollama.start());
        MockBackend::Options studioOptions;
        studioOptions.models = QStringList{u"qwen3-8b"_s, u"gemma-3"_s}; // the mock has the first loaded
        MockBackendThread studio(studioOptions);
        QVERIFY(studio.start());
        MockBackend::Options cppOptions;
        cppOptions.models = QStringList{u"/models/phi-4-q4.gguf"_s};
        MockBackendThread cpp(cppOptions);
        QVERIFY(cpp.start());

        const QByteArray yaml = "model_list:\n" + entry("llama", "ollama/llama3.2", ollama.port())
            + entry("qwen", "lm_studio/qwen3-8b", studio.port(), "/v1")
            + entry("gemma", "lm_studio/gemma-3", studio.port(), "/v1") + entry("phi", "openai/phi", cpp.port(), "/v1")
            + "    model_info: {backend: llamacpp}\n"
            + entry("gpt", "openai/gpt-4o", 1, "/v1"); // a remote provider: never asked
        UpstreamClient client;
        LoadedModels loaded(client);
        loaded.setConfig(load(yaml));
        QSignalSpy refreshed(&loaded, &LoadedModels::refreshed);
        QVERIFY(loaded.current().isEmpty()); // nothing known yet, and no waiting for it
        QVERIFY(refreshed.wait(10'000));
        const QList<LoadedModel> now = loaded.current();
        QCOMPARE(groupsOf(now), (QStringList{u"llama"_s, u"qwen"_s, u"phi"_s}));
        QCOMPARE(now[0].contextLength, 8192);
        QCOMPARE(now[0].backendModel, u"llama3.2"_s);
        QVERIFY(now[0].detailsJson.contains("Q4_K_M"));
        QCOMPARE(now[1].contextLength, 32768);
        QCOMPARE(ollama.backend()->stats().value(u"requests_by_path").toObject().value(u"/api/ps").toInteger(), 1);
        QCOMPARE(studio.backend()->stats().value(u"requests_by_path").toObject().value(u"/api/v0/models").toInteger(),
                 1);
        // Fresh reports are not asked for again; stale ones are.
        loaded.current();
        QCOMPARE(ollama.backend()->stats().value(u"requests").toInteger(), 1);
        loaded.setMaxAge(std::chrono::milliseconds(0));
        loaded.current();
        QVERIFY(refreshed.wait(10'000));
        QCOMPARE(ollama.backend()->stats().value(u"requests").toInteger(), 2);
    }

    void aBackendThatStopsAnsweringHasNothingLoaded()
    {
        MockBackend::Options options;
        options.models = QStringList{u"llama3.2"_s};
        MockBackendThread ollama(options);
        QVERIFY(ollama.start());
        UpstreamClient client;
        LoadedModels loaded(client);
        loaded.setMaxAge(std::chrono::milliseconds(0));
        loaded.setConfig(load("model_list:\n" + entry("llama", "ollama/llama3.2", ollama.port())));
        QSignalSpy refreshed(&loaded, &LoadedModels::refreshed);
        loaded.current();
        QVERIFY(refreshed.wait(10'000));
        QCOMPARE(loaded.current().size(), 1);
        QVERIFY(refreshed.wait(10'000)); // the refresh that call started
        ollama.backend()->setDefaults([] {
            MockKnobs knobs;
            knobs.status = 503;
            return knobs;
        }());
        loaded.current();
        QVERIFY(refreshed.wait(10'000));
        QVERIFY(loaded.current().isEmpty());
    }

    void readyManagedServersCountAsLoaded()
    {
        const QByteArray yaml
            = "model_list: []\n"
              "servers:\n"
              "  - {name: small, kind: llamacpp, port: 1, models: [{model: /m/q.gguf, model_name: q}]}\n"
              "  - {name: big, kind: vllm, port: 2, models: [{model: org/big, model_name: big}]}\n";
        UpstreamClient client;
        LoadedModels loaded(client);
        loaded.setConfig(load(yaml));
        ServerStatus small;
        small.name = u"small"_s;
        small.state = ServerState::Ready;
        ServerStatus big;
        big.name = u"big"_s;
        big.state = ServerState::Starting;
        loaded.setServerStatuses({small, big});
        QCOMPARE(groupsOf(loaded.current()), QStringList{u"q"_s});
    }
};

QTEST_GUILESS_MAIN(TestLoadedModels)
#include "TestLoadedModels.moc"
