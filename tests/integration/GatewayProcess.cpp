#include "GatewayProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <csignal>

namespace sy::testing {

GatewayProcess::GatewayProcess()
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
}

GatewayProcess::~GatewayProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString GatewayProcess::binary()
{
    return qEnvironmentVariable("SWITCHYARD_BINARY");
}

void GatewayProcess::writeConfig(const QByteArray& yaml) const
{
    QFile file(configPath());
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(yaml);
}

QByteArray GatewayProcess::stdoutText()
{
    m_stdout += m_process.readAllStandardOutput();
    return m_stdout;
}

QByteArray GatewayProcess::stderrText()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

quint16 GatewayProcess::start(const QByteArray& yaml, const QStringList& extraArgs, int timeoutMs)
{
    writeConfig(yaml);
    QStringList args{QStringLiteral("--headless"), QStringLiteral("--config"), configPath()};
    args += extraArgs;
    return launch(args, timeoutMs);
}

quint16 GatewayProcess::launch(const QStringList& args, int timeoutMs)
{
    // Each gateway keeps its key and usage database in its own temp dir, never in the home of
    // whoever runs the tests, unless the test chose a place.
    QProcessEnvironment environment = m_process.processEnvironment();
    if (environment.isEmpty())
        environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("SWITCHYARD_DATA_DIR")))
        environment.insert(QStringLiteral("SWITCHYARD_DATA_DIR"), dataDir());
    m_process.setProcessEnvironment(environment);
    m_process.start(binary(), args);
    if (!m_process.waitForStarted(timeoutMs))
        return 0;
    static const QRegularExpression listening(QStringLiteral("listening on http://[^ ]+:(\\d+)/v1"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && isRunning()) {
        m_process.waitForReadyRead(50);
        const auto match = listening.match(QString::fromUtf8(stdoutText()));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return m_port;
        }
    }
    stderrText();
    return 0;
}

void GatewayProcess::sendSignal(int signal)
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), signal);
}

void GatewayProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

int GatewayProcess::terminate(int timeoutMs)
{
    sendSignal(SIGTERM);
    return waitForExit(timeoutMs);
}

int GatewayProcess::waitForExit(int timeoutMs)
{
    if (isRunning() && !m_process.waitForFinished(timeoutMs))
        return -1;
    stdoutText();
    stderrText();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

int GatewayProcess::openFileDescriptors() const
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid()));
    return fds.exists() ? int(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size()) : -1;
}

QString mockBackendBinary()
{
    return qEnvironmentVariable("SWITCHYARD_TEST_SUPPORT_DIR") + QStringLiteral("/mock-backend");
}

QByteArray mockModelEntry(const QByteArray& group, quint16 port, const QByteArray& extraParams)
{
    QByteArray out = "  - model_name: " + group + "\n    litellm_params:\n      model: openai/backend-" + group
        + "\n      api_base: http://127.0.0.1:" + QByteArray::number(port) + "/v1\n      api_key: sk-backend\n";
    for (const QByteArray& line : extraParams.split('\n')) {
        if (!line.trimmed().isEmpty())
            out += "      " + line.trimmed() + '\n';
    }
    return out;
}

} // namespace sy::testing
