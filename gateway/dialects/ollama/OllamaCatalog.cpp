#include "gateway/dialects/ollama/OllamaCatalog.h"

#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/ollama/OllamaWire.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace sy::OllamaCatalog {

namespace {

const LoadedModel* reportFor(const QList<LoadedModel>& loaded, const QString& group)
{
    for (const LoadedModel& m : loaded) {
        if (m.group == group)
            return &m;
    }
    return nullptr;
}

// A stable digest per name: Ollama clients key models by it.
QByteArray digestOf(const QString& group, const LoadedModel* report)
{
    if (report && !report->digest.isEmpty())
        return report->digest;
    return QCryptographicHash::hash(group.toUtf8(), QCryptographicHash::Sha256).toHex();
}

void writeDetails(JsonWriter& w, const LoadedModel* report)
{
    w.key("details");
    if (report && !report->detailsJson.isEmpty()) {
        w.raw(report->detailsJson);
        return;
    }
    w.beginObject().key("parent_model").stringUtf8("").key("format").stringUtf8("");
    w.key("family").stringUtf8("").key("families").null();
    w.key("parameter_size").stringUtf8("").key("quantization_level").stringUtf8("").endObject();
}

void writeModel(JsonWriter& w, const QString& name, const LoadedModel* report)
{
    w.key("name").string(name).key("model").string(name);
    w.key("size").number(report ? report->sizeBytes : qint64(0));
    w.key("digest").stringUtf8(digestOf(name, report));
    writeDetails(w, report);
}

QByteArray isoTime(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

// Groups and the aliases that lead to one, as /v1/models lists them.
QStringList modelNames(const GatewayConfig& config)
{
    QStringList names = config.groupNames();
    QStringList aliases = config.routing.modelGroupAlias.keys();
    aliases.sort();
    for (const QString& alias : std::as_const(aliases)) {
        if (!names.contains(alias) && names.contains(config.routing.modelGroupAlias.value(alias)))
            names.append(alias);
    }
    return names;
}

bool infoFlag(const GatewayConfig& config, const QString& group, const QString& key, bool fallback)
{
    for (const Deployment* d : config.deploymentsOf(group)) {
        if (d->modelInfo.contains(key))
            return d->modelInfo.value(key).toBool();
    }
    return fallback;
}

} // namespace

QByteArray
tags(const GatewayConfig& config, const QList<LoadedModel>& loaded, const QDateTime& modified, const Filter& allowed)
{
    JsonWriter w;
    w.beginObject().key("models").beginArray();
    for (const QString& name : modelNames(config)) {
        if (allowed && !allowed(name))
            continue; // a virtual key sees only the models it may call
        const QString group = config.routing.modelGroupAlias.value(name, name);
        w.beginObject();
        writeModel(w, name, reportFor(loaded, group));
        w.key("modified_at").stringUtf8(isoTime(modified));
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

qint64 contextLength(const GatewayConfig& config, const QString& group, const QList<LoadedModel>& loaded)
{
    qint64 length = 0;
    for (const Deployment* d : config.deploymentsOf(group))
        length = qMax(length, d->maxInputTokens);
    if (length == 0) {
        if (const LoadedModel* report = reportFor(loaded, group))
            length = report->contextLength;
    }
    return length;
}

QStringList capabilities(const GatewayConfig& config, const QString& group)
{
    for (const Deployment* d : config.deploymentsOf(group)) {
        if (d->modelInfo.value(u"mode"_s).toString() == u"embedding")
            return {u"embedding"_s};
    }
    QStringList out{u"completion"_s};
    // Most chat models behind OpenAI-compatible servers take tools; model_info says when not.
    if (infoFlag(config, group, u"supports_function_calling"_s, true))
        out.append(u"tools"_s);
    if (infoFlag(config, group, u"supports_vision"_s, false))
        out.append(u"vision"_s);
    if (infoFlag(config, group, u"supports_reasoning"_s, false))
        out.append(u"thinking"_s);
    return out;
}

QByteArray
show(const GatewayConfig& config, const QString& group, const QList<LoadedModel>& loaded, const QDateTime& modified)
{
    const LoadedModel* report = reportFor(loaded, group);
    const qint64 context = contextLength(config, group, loaded);
    JsonWriter w;
    w.beginObject();
    w.key("license").stringUtf8("");
    w.key("modelfile").string(u"# Served by Switchyard: model group \"%1\"\nFROM %1\n"_s.arg(group));
    w.key("parameters").stringUtf8(context > 0 ? "num_ctx " + QByteArray::number(context) : QByteArray());
    w.key("template").stringUtf8("{{ .Prompt }}");
    writeDetails(w, report);
    // Clients read the context length as model_info["<architecture>.context_length"].
    w.key("model_info").beginObject().key("general.architecture").stringUtf8("switchyard");
    w.key("general.basename").string(group);
    if (context > 0)
        w.key("switchyard.context_length").number(context);
    w.endObject();
    w.key("capabilities").beginArray();
    for (const QString& capability : capabilities(config, group))
        w.string(capability);
    w.endArray();
    w.key("modified_at").stringUtf8(isoTime(modified));
    w.endObject();
    return w.take();
}

QByteArray ps(const QList<LoadedModel>& loaded, const Filter& allowed)
{
    JsonWriter w;
    w.beginObject().key("models").beginArray();
    for (const LoadedModel& m : loaded) {
        if (allowed && !allowed(m.group))
            continue;
        w.beginObject();
        writeModel(w, m.group, &m);
        // A model with no expiry stays loaded: Ollama writes a far-off time for keep_alive -1.
        w.key("expires_at").stringUtf8(m.expiresAt.isValid() ? isoTime(m.expiresAt) : "2318-08-31T00:00:00Z");
        w.key("size_vram").number(m.vramBytes);
        if (m.contextLength > 0)
            w.key("context_length").number(m.contextLength);
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

QByteArray version()
{
    JsonWriter w;
    w.beginObject().key("version").stringUtf8(OllamaWire::kApiVersion).endObject();
    return w.take();
}

} // namespace sy::OllamaCatalog
