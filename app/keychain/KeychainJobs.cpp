#include "app/keychain/KeychainJobs.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace sy::KeychainJobs {

namespace {

constexpr int kTimeoutMs = 15'000;

QString service()
{
    return QStringLiteral("Switchyard"); // KeychainSecrets::kService
}

// Runs @p job to its end. A keyring that never answers (e.g. locked, no D-Bus) becomes an error.
bool run(QKeychain::Job& job, QString* error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    bool timedOut = false;
    QTimer::singleShot(kTimeoutMs, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    job.start();
    loop.exec();
    if (timedOut) {
        if (error)
            *error = u"the keychain did not answer within %1 s"_s.arg(kTimeoutMs / 1000);
        return false;
    }
    if (job.error() != QKeychain::NoError) {
        if (error)
            *error = job.errorString();
        return false;
    }
    return true;
}

} // namespace

std::optional<QString> read(const QString& name, QString* error)
{
    QKeychain::ReadPasswordJob job(service());
    job.setKey(name);
    if (!run(job, error))
        return std::nullopt;
    return job.textData();
}

bool write(const QString& name, const QString& value, QString* error)
{
    QKeychain::WritePasswordJob job(service());
    job.setKey(name);
    job.setTextData(value);
    return run(job, error);
}

void writeAsync(const QString& name,
                const QString& value,
                QObject* context,
                std::function<void(const QString& error)> done)
{
    auto* job = new QKeychain::WritePasswordJob(service());
    job->setAutoDelete(true);
    job->setKey(name);
    job->setTextData(value);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* finished) {
        done(finished->error() == QKeychain::NoError ? QString() : finished->errorString());
    });
    job->start();
}

bool remove(const QString& name, QString* error)
{
    QKeychain::DeletePasswordJob job(service());
    job.setKey(name);
    return run(job, error);
}

} // namespace sy::KeychainJobs
