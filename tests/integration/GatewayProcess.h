#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace sy::testing {

/**
 * Runs the real `switchyard --headless` binary on a config written from YAML, and reads the
 * port it reports. Everything between test and gateway goes over real sockets.
 */
class GatewayProcess
{
public:
    /** Default for start, stop and exit waits: a hang guard for a loaded machine (see RawHttpClient::kWaitMs). */
    static constexpr int kWaitMs = 60'000;

    GatewayProcess();
    ~GatewayProcess();

    /** Writes @p yaml to a temp file and starts the gateway on it; returns the port, or 0. */
    quint16 start(const QByteArray& yaml, const QStringList& extraArgs = {}, int timeoutMs = kWaitMs);
    /** Starts the gateway with exactly @p args (no config written); returns the port, or 0. */
    quint16 launch(const QStringList& args, int timeoutMs = kWaitMs);
    void setEnvironment(const QProcessEnvironment& environment) { m_process.setProcessEnvironment(environment); }
    /** Sends SIGTERM and waits; returns the exit code, or -1 if it did not exit. */
    int terminate(int timeoutMs = kWaitMs);
    /** Waits for the process to exit by itself (e.g. a config error); returns its exit code or -1. */
    int waitForExit(int timeoutMs = kWaitMs);
    void sendSignal(int signal);
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    /** Open file descriptors of the gateway process (Linux /proc); -1 where unknown. */
    int openFileDescriptors() const;

    quint16 port() const { return m_port; }
    QString configPath() const { return m_dir.filePath(QStringLiteral("config.yaml")); }
    /** SWITCHYARD_DATA_DIR of the gateway unless the environment sets another: the SQLite file is there. */
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    /** Sends SIGKILL: no shutdown at all. */
    void kill();
    void writeConfig(const QByteArray& yaml) const;
    QByteArray stdoutText();
    QByteArray stderrText();

    static QString binary();

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
};

/** The mock backend's executable, built next to the tests. */
QString mockBackendBinary();

/** A YAML model_list entry for @p group served by a mock backend on @p port. */
QByteArray mockModelEntry(const QByteArray& group, quint16 port, const QByteArray& extraParams = {});

} // namespace sy::testing
