#include "tests/support/ServerProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUuid>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace sy::testing {

namespace {

// Runs in the child between fork and exec: drop to @p uid/@p gid (when given), then ask for
// SIGKILL when the test process dies. (Changing uid clears the death signal, so it comes last.)
void prepareChild(uint uid, uint gid, bool switchUser)
{
    if (switchUser) {
        ::setgroups(0, nullptr);
        if (::setgid(gid) != 0 || ::setuid(uid) != 0)
            ::_exit(126);
    }
#ifdef Q_OS_LINUX
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}

bool waitForPort(quint16 port, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (socket.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace

ServerProcess::ServerProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // Servers running as another user must reach their files under the temp dir.
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
}

ServerProcess::~ServerProcess()
{
    stop(3000);
}

quint16 ServerProcess::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString ServerProcess::findExecutable(const QString& name, const QStringList& directories)
{
    for (const QString& dir : directories) {
        const QFileInfo candidate(QDir(dir).filePath(name));
        if (candidate.isExecutable())
            return candidate.absoluteFilePath();
    }
    return QStandardPaths::findExecutable(name);
}

bool ServerProcess::lookupUser(const QString& user, uint* uid, uint* gid)
{
    const passwd* pw = ::getpwnam(user.toLocal8Bit().constData());
    if (!pw)
        return false;
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return true;
}

int ServerProcess::runAs(
    const QString& user, const QString& program, const QStringList& args, QByteArray* output, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    uint uid = 0;
    uint gid = 0;
    const bool switchUser = !user.isEmpty() && lookupUser(user, &uid, &gid);
    process.setChildProcessModifier([uid, gid, switchUser] { prepareChild(uid, gid, switchUser); });
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        if (output)
            *output = process.readAll() + "\n(timed out)";
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool ServerProcess::launch(const QString& program, const QStringList& args, const QString& user)
{
    uint uid = 0;
    uint gid = 0;
    const bool switchUser = !user.isEmpty() && lookupUser(user, &uid, &gid);
    m_process.setChildProcessModifier([uid, gid, switchUser] { prepareChild(uid, gid, switchUser); });
    m_process.start(program, args);
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    return true;
}

QByteArray ServerProcess::output()
{
    m_output += m_process.readAll();
    return m_output;
}

void ServerProcess::stop(int graceMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    pause(false);
    m_process.terminate();
    if (!m_process.waitForFinished(graceMs)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

void ServerProcess::pause(bool paused)
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), paused ? SIGSTOP : SIGCONT);
}

bool RedisServer::start(quint16 port)
{
    const QString binary = findExecutable(
        QStringLiteral("redis-server"),
        {QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin"), QStringLiteral("/opt/homebrew/bin")});
    if (binary.isEmpty()) {
        setError(QStringLiteral("redis-server not found: run scripts/install-deps.sh --with-tests"));
        return false;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = port ? port : freePort();
        if (!launch(binary,
                    {QStringLiteral("--port"),
                     QString::number(m_port),
                     QStringLiteral("--bind"),
                     QStringLiteral("127.0.0.1"),
                     QStringLiteral("--save"),
                     QString(),
                     QStringLiteral("--appendonly"),
                     QStringLiteral("no"),
                     QStringLiteral("--dir"),
                     m_dir.path()}))
            return false;
        if (waitForPort(m_port, 5000) && isRunning())
            return true;
        stop(1000);
    }
    setError(QStringLiteral("redis-server did not start: %1").arg(QString::fromLocal8Bit(output())));
    return false;
}

QString PostgresServer::binDir()
{
    QStringList candidates;
    const QDir debian(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = debian.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(
        versions.begin(), versions.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions)
        candidates.append(debian.filePath(v + QStringLiteral("/bin")));
    for (const char* brew : {"/opt/homebrew/opt/postgresql@16/bin",
                             "/usr/local/opt/postgresql@16/bin",
                             "/opt/homebrew/bin",
                             "/usr/local/bin"})
        candidates.append(QString::fromLatin1(brew));
    for (const QString& dir : candidates) {
        if (QFileInfo(QDir(dir).filePath(QStringLiteral("initdb"))).isExecutable()
            && QFileInfo(QDir(dir).filePath(QStringLiteral("postgres"))).isExecutable())
            return dir;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

bool PostgresServer::start()
{
    const QString bin = binDir();
    if (bin.isEmpty()) {
        setError(QStringLiteral("PostgreSQL (initdb, postgres) not found: run scripts/install-deps.sh --with-tests"));
        return false;
    }
    // PostgreSQL will not run as root: then it runs as the postgres user, owning its directory.
    uint uid = 0;
    uint gid = 0;
    if (::geteuid() == 0) {
        if (!lookupUser(QStringLiteral("postgres"), &uid, &gid)) {
            setError(QStringLiteral("running as root and there is no postgres user to run PostgreSQL as"));
            return false;
        }
        m_user = QStringLiteral("postgres");
    }
    const QString root = m_dir.filePath(QStringLiteral("pg"));
    const QString data = root + QStringLiteral("/data");
    const QString sockets = root + QStringLiteral("/sock");
    QDir().mkpath(sockets);
    if (!m_user.isEmpty()) {
        ::chown(QFile::encodeName(root).constData(), uid, gid);
        ::chown(QFile::encodeName(sockets).constData(), uid, gid);
    }
    QByteArray out;
    const int initdb = runAs(m_user,
                             QDir(bin).filePath(QStringLiteral("initdb")),
                             {QStringLiteral("-D"),
                              data,
                              QStringLiteral("-U"),
                              QStringLiteral("postgres"),
                              QStringLiteral("-A"),
                              QStringLiteral("trust"),
                              QStringLiteral("-E"),
                              QStringLiteral("UTF8"),
                              QStringLiteral("--no-sync")},
                             &out);
    if (initdb != 0) {
        setError(QStringLiteral("initdb failed (%1): %2").arg(initdb).arg(QString::fromLocal8Bit(out)));
        return false;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        if (!launch(QDir(bin).filePath(QStringLiteral("postgres")),
                    {QStringLiteral("-D"),
                     data,
                     QStringLiteral("-p"),
                     QString::number(m_port),
                     QStringLiteral("-k"),
                     sockets,
                     QStringLiteral("-c"),
                     QStringLiteral("listen_addresses=127.0.0.1"),
                     QStringLiteral("-c"),
                     QStringLiteral("fsync=off"),
                     QStringLiteral("-c"),
                     QStringLiteral("full_page_writes=off"),
                     QStringLiteral("-c"),
                     QStringLiteral("max_connections=40")},
                    m_user))
            return false;
        QDeadlineTimer deadline(30'000);
        while (!deadline.hasExpired() && isRunning()) {
            {
                const QString name = QUuid::createUuid().toString();
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(QStringLiteral("127.0.0.1"));
                db.setPort(m_port);
                db.setUserName(QStringLiteral("postgres"));
                db.setDatabaseName(QStringLiteral("postgres"));
                const bool ok = db.open();
                db.close();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                if (ok)
                    return true;
            }
            QThread::msleep(100);
        }
        stop(2000);
    }
    setError(QStringLiteral("postgres did not start: %1").arg(QString::fromLocal8Bit(output())));
    return false;
}

QString PostgresServer::url(const QString& database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

QString PostgresServer::createDatabase(const QString& name)
{
    const QString connection = QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
            if (!ok)
                setError(query.lastError().text());
        } else {
            setError(db.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok ? url(name) : QString();
}

} // namespace sy::testing
