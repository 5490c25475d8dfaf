#include "tests/support/MockControlApi.h"

#include "tests/support/MockResponses.h"
#include "tests/support/MockState.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {
QByteArray toJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

MockControlApi::Reply MockControlApi::handle(const MockHttpRequest& request, MockState& state)
{
    const QByteArrayView path = request.path;
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (path == "/mock/stats" && get)
        return {200, toJson(state.stats())};
    if (path == "/mock/reset" && post) {
        state.resetCounters();
        return {200, toJson({{u"ok"_s, true}})};
    }
    if (path == "/mock/config" && get)
        return {200, toJson(state.defaults().toJson())};
    if (path == "/mock/config" && post)
        return config(request, state);
    if (path == "/mock/listen" && post)
        return listen(request, state);
    return error(404,
                 u"unknown mock control endpoint %1 %2"_s.arg(QString::fromLatin1(request.method),
                                                              QString::fromUtf8(request.path)));
}

MockControlApi::Reply MockControlApi::config(const MockHttpRequest& request, MockState& state)
{
    const QJsonDocument document = QJsonDocument::fromJson(request.body.isEmpty() ? "{}" : request.body);
    if (!document.isObject())
        return error(400, u"/mock/config expects a JSON object of knobs"_s);
    QJsonObject object = document.object();
    // {"reset": true} restores the startup defaults before applying the other keys.
    MockKnobs knobs = object.take(u"reset"_s).toBool() ? state.startupDefaults() : state.defaults();
    QString message;
    if (!knobs.apply(object, &message))
        return error(400, message);
    state.setDefaults(knobs);
    return {200, toJson(knobs.toJson())};
}

MockControlApi::Reply MockControlApi::listen(const MockHttpRequest& request, MockState& state)
{
    const QJsonObject object = QJsonDocument::fromJson(request.body).object();
    if (!object.value(u"enabled"_s).isBool())
        return error(400, u"/mock/listen expects {\"enabled\": true|false}"_s);
    const bool enabled = object.value(u"enabled"_s).toBool();
    const bool listening = state.setListening(enabled);
    return {listening == enabled ? 200 : 500, toJson({{u"listening"_s, listening}})};
}

MockControlApi::Reply MockControlApi::error(int status, const QString& message)
{
    return {status, MockResponses::errorBody(status, message)};
}

} // namespace sy::testing
