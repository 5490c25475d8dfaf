#include "tests/support/PrometheusServer.h"

#include "tests/support/RawHttpClient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>
#include <QUrl>

namespace sy::testing {

namespace {

const QStringList kBinDirs{
    QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin"), QStringLiteral("/opt/homebrew/bin")};

} // namespace

QString PrometheusServer::binary()
{
    return findExecutable(QStringLiteral("prometheus"), kBinDirs);
}

QString PrometheusServer::promtool()
{
    return findExecutable(QStringLiteral("promtool"), kBinDirs);
}

bool PrometheusServer::start(const QByteArray& configYaml)
{
    const QString program = binary();
    if (program.isEmpty()) {
        setError(QStringLiteral("prometheus not found: run scripts/install-deps.sh --with-tests"));
        return false;
    }
    const QString configPath = m_dir.filePath(QStringLiteral("prometheus.yml"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly) || config.write(configYaml) != configYaml.size()) {
        setError(QStringLiteral("cannot write %1").arg(configPath));
        return false;
    }
    config.close();
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        if (!launch(program,
                    {QStringLiteral("--config.file=") + configPath,
                     QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
                     QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
                     QStringLiteral("--log.level=warn")}))
            return false;
        // A hang guard, not a time bound: a loaded machine opens the TSDB slowly.
        if (waitReady(120'000))
            return true;
        stop(2000);
    }
    setError(QStringLiteral("prometheus did not become ready: %1").arg(QString::fromLocal8Bit(output())));
    return false;
}

bool PrometheusServer::waitReady(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && isRunning()) {
        const auto ready = RawHttpClient::fetch(m_port, "GET", "/-/ready", {}, {}, 2000);
        if (ready && ready->status == 200)
            return true;
        QThread::msleep(100);
    }
    return false;
}

QByteArray PrometheusServer::api(const QByteArray& path)
{
    const auto reply = RawHttpClient::fetch(m_port, "GET", path);
    return reply ? reply->body : QByteArray("(no answer)");
}

QJsonArray PrometheusServer::query(const QByteArray& promql)
{
    const QByteArray path = "/api/v1/query?query=" + QUrl::toPercentEncoding(QString::fromUtf8(promql));
    const auto reply = RawHttpClient::fetch(m_port, "GET", path);
    if (!reply) {
        m_queryError = QStringLiteral("no answer from prometheus");
        return {};
    }
    const QJsonObject body = QJsonDocument::fromJson(reply->body).object();
    if (reply->status != 200 || body.value(QStringLiteral("status")).toString() != QStringLiteral("success")) {
        m_queryError = QStringLiteral("HTTP %1: %2").arg(reply->status).arg(QString::fromUtf8(reply->body));
        return {};
    }
    m_queryError.clear();
    return body.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray();
}

} // namespace sy::testing
