#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace sy::testing {

/**
 * A server a test starts for itself (redis-server, postgres): on a free loopback port, with its
 * files in a temp dir, and gone when the test is, even when it fails. The child gets SIGKILL
 * if the test process dies first (PR_SET_PDEATHSIG on Linux), and the destructor stops it.
 */
class ServerProcess
{
    Q_DISABLE_COPY_MOVE(ServerProcess)

public:
    ServerProcess();
    ~ServerProcess();

    /** A loopback TCP port nobody listens on right now. */
    static quint16 freePort();
    /** The first executable named @p name in @p directories, then on PATH; empty if none. */
    static QString findExecutable(const QString& name, const QStringList& directories = {});

    /** Runs @p program as user @p user (when root and the user exists) until it exits. */
    static int runAs(const QString& user,
                     const QString& program,
                     const QStringList& args,
                     QByteArray* output = nullptr,
                     int timeoutMs = 60'000);
    /** The uid and gid of @p user; false if there is no such user. */
    static bool lookupUser(const QString& user, uint* uid, uint* gid);

    const QTemporaryDir& dir() const { return m_dir; }
    QString error() const { return m_error; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }

    /** Stops the server: SIGTERM, then SIGKILL after @p graceMs. */
    void stop(int graceMs = 5000);
    /** Freezes (SIGSTOP) or thaws (SIGCONT) it: it keeps its socket but stops answering. */
    void pause(bool paused);

protected:
    /** Starts @p program (as @p user when root; empty: as is). */
    bool launch(const QString& program, const QStringList& args, const QString& user = {});
    void setError(const QString& error) { m_error = error; }
    QByteArray output();

    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_error;
    QByteArray m_output;
};

/** redis-server for one test: no persistence, loopback only. */
class RedisServer : public ServerProcess
{
public:
    /** Starts it (on @p port, or a free one) and waits until it accepts connections; false with
        error() set otherwise. */
    bool start(quint16 port = 0);
    quint16 port() const { return m_port; }

private:
    quint16 m_port = 0;
};

/**
 * A PostgreSQL cluster for one test (initdb into a temp dir, then postgres on a free port,
 * trust authentication on 127.0.0.1). PostgreSQL refuses to run as root: as root it runs as the
 * `postgres` system user, which owns its directory.
 */
class PostgresServer : public ServerProcess
{
public:
    bool start();
    quint16 port() const { return m_port; }
    /** Creates database @p name and returns its URL for general_settings.database_url. */
    QString createDatabase(const QString& name);
    /** postgresql://postgres@127.0.0.1:PORT/NAME */
    QString url(const QString& database) const;

    /** Where initdb and postgres are, or empty. */
    static QString binDir();

private:
    QString m_user; ///< the user it runs as (empty: the current one)
    quint16 m_port = 0;
};

} // namespace sy::testing
