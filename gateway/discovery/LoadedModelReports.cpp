#include "gateway/discovery/LoadedModelReports.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::LoadedModelReports {

namespace {

QJsonArray arrayOf(const QByteArray& body, const QString& key)
{
    return QJsonDocument::fromJson(body).object().value(key).toArray();
}

QString withoutLatest(const QString& name)
{
    return name.endsWith(u":latest") ? name.chopped(7) : name;
}

} // namespace

bool sameModel(const QString& reported, const QString& backendModel)
{
    return reported == backendModel || withoutLatest(reported) == withoutLatest(backendModel);
}

QList<LoadedModel> fromOllamaPs(const QByteArray& body)
{
    QList<LoadedModel> out;
    for (const QJsonValue& value : arrayOf(body, u"models"_s)) {
        const QJsonObject m = value.toObject();
        LoadedModel model;
        model.backendModel = m.value(u"model"_s).toString(m.value(u"name"_s).toString());
        if (model.backendModel.isEmpty())
            continue;
        model.sizeBytes = m.value(u"size"_s).toInteger();
        model.vramBytes = m.value(u"size_vram"_s).toInteger();
        model.contextLength = m.value(u"context_length"_s).toInteger();
        model.digest = m.value(u"digest"_s).toString().toLatin1();
        model.expiresAt = QDateTime::fromString(m.value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
        if (m.value(u"details"_s).isObject())
            model.detailsJson = QJsonDocument(m.value(u"details"_s).toObject()).toJson(QJsonDocument::Compact);
        out.append(model);
    }
    return out;
}

QList<LoadedModel> fromLmStudio(const QByteArray& body)
{
    QList<LoadedModel> out;
    for (const QJsonValue& value : arrayOf(body, u"data"_s)) {
        const QJsonObject m = value.toObject();
        if (m.value(u"state"_s).toString() != u"loaded")
            continue;
        LoadedModel model;
        model.backendModel = m.value(u"id"_s).toString();
        model.contextLength
            = m.value(u"loaded_context_length"_s).toInteger(m.value(u"max_context_length"_s).toInteger());
        const QJsonObject details{{u"parent_model"_s, QString()},
                                  {u"format"_s, m.value(u"compatibility_type"_s).toString()},
                                  {u"family"_s, m.value(u"arch"_s).toString()},
                                  {u"families"_s, QJsonValue::Null},
                                  {u"parameter_size"_s, QString()},
                                  {u"quantization_level"_s, m.value(u"quantization"_s).toString()}};
        model.detailsJson = QJsonDocument(details).toJson(QJsonDocument::Compact);
        out.append(model);
    }
    return out;
}

QList<LoadedModel> fromModelList(const QByteArray& body)
{
    QList<LoadedModel> out;
    for (const QJsonValue& value : arrayOf(body, u"data"_s)) {
        const QJsonObject m = value.toObject();
        LoadedModel model;
        model.backendModel = m.value(u"id"_s).toString();
        // vLLM says max_model_len; llama.cpp its training context in meta.
        model.contextLength
            = m.value(u"max_model_len"_s).toInteger(m.value(u"meta"_s).toObject().value(u"n_ctx_train"_s).toInteger());
        out.append(model);
    }
    return out;
}

} // namespace sy::LoadedModelReports
