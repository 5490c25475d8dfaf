// mock-backend: a fast, configurable OpenAI-compatible server for tests and the benchmark.
// Prints "LISTENING <port>" on stdout once it accepts connections; exits on SIGTERM/SIGINT.

#include "tests/support/MockBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using sy::testing::MockBackend;
using sy::testing::MockKnobs;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    // Only async-signal-safe work here: hand the signal number to the event loop through the pipe.
    const char byte = static_cast<char>(signal);
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void installSignalHandlers(QCoreApplication& app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app]() {
        char signal = 0;
        if (::read(g_signalPipe[0], &signal, 1) == 1) // say why we stop: a silent exit is hard to diagnose
            std::fprintf(stderr, "mock-backend: exiting on signal %d\n", signal);
        app.quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
}

void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        u"Mock OpenAI-compatible backend. Every knob below is a process default; a request overrides it with a "
        u"top-level \"mock\": {...} object in its JSON body or with x-mock-<knob> headers (e.g. x-mock-latency-ms). "
        u"Control endpoints: GET /mock/stats, POST /mock/reset, GET|POST /mock/config, POST /mock/listen."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"host"_s, u"Address to listen on."_s, u"address"_s, u"127.0.0.1"_s},
        {u"port"_s, u"Port to listen on; 0 picks a free one."_s, u"port"_s, u"0"_s},
        {u"models"_s, u"Comma-separated model ids served by /v1/models."_s, u"ids"_s, u"mock-model"_s},
        {u"id"_s, u"Backend identity: x-mock-backend header and system_fingerprint."_s, u"id"_s, u"mock"_s},
        {u"latency-ms"_s, u"Delay before the response head."_s, u"ms"_s, u"0"_s},
        {u"token-delay-ms"_s,
         u"Delay between SSE events (non-stream: tokens x delay before answering)."_s,
         u"ms"_s,
         u"0"_s},
        {u"tokens"_s, u"Tokens to generate per completion."_s, u"n"_s, u"5"_s},
        {u"status"_s,
         u"Answer every API request with this HTTP status and an OpenAI error body."_s,
         u"code"_s,
         u"200"_s},
        {u"retry-after"_s, u"Retry-After seconds sent with status 429."_s, u"s"_s, u"1"_s},
        {u"behavior"_s, u"normal | hang | close | garbage | cut | bad_json."_s, u"name"_s, u"normal"_s},
        {u"cut-after"_s, u"Events sent before a 'cut' stream is closed."_s, u"n"_s, u"2"_s},
        {u"gzip"_s, u"Send Content-Encoding: gzip (streams are gzipped incrementally)."_s},
        {u"chunked"_s, u"Use chunked transfer encoding for non-stream responses."_s},
        {u"context-error"_s, u"Answer 400 context_length_exceeded."_s},
        {u"embedding-dim"_s, u"Dimension of /v1/embeddings vectors."_s, u"n"_s, u"8"_s},
        {u"threads"_s, u"Event-loop threads serving connections."_s, u"n"_s, u"1"_s},
        // Playing a model server under supervision (tests of gateway/servers):
        {u"listen-after-ms"_s, u"Start listening only after this delay, as a loading server."_s, u"ms"_s, u"0"_s},
        {u"crash-after-ms"_s, u"Abort (SIGABRT) this long after listening; -1 never."_s, u"ms"_s, u"-1"_s},
        {u"ignore-sigterm"_s, u"Ignore SIGTERM, so only SIGKILL stops it."_s},
        {u"pid-file"_s, u"Write the process id here at start."_s, u"path"_s},
    });
}

// Builds the knob set from the command line through the same validation /mock/config uses.
bool knobsFromParser(const QCommandLineParser& parser, MockKnobs* knobs, QString* error)
{
    QJsonObject object;
    const std::pair<const char*, const char*> ints[] = {{"latency-ms", "latency_ms"},
                                                        {"token-delay-ms", "token_delay_ms"},
                                                        {"tokens", "tokens"},
                                                        {"status", "status"},
                                                        {"retry-after", "retry_after"},
                                                        {"cut-after", "cut_after"},
                                                        {"embedding-dim", "embedding_dim"}};
    for (const auto& [option, key] : ints) {
        bool ok = false;
        const int value = parser.value(QString::fromLatin1(option)).toInt(&ok);
        if (!ok) {
            *error = u"--%1 must be an integer"_s.arg(QString::fromLatin1(option));
            return false;
        }
        object.insert(QString::fromLatin1(key), value);
    }
    object.insert(u"behavior"_s, parser.value(u"behavior"_s));
    object.insert(u"gzip"_s, parser.isSet(u"gzip"_s));
    object.insert(u"chunked"_s, parser.isSet(u"chunked"_s));
    object.insert(u"context_error"_s, parser.isSet(u"context-error"_s));
    return knobs->apply(object, error);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "mock-backend: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char* argv[])
{
    // The plain UNIX event dispatcher does less work per wake-up than glib's; the benchmark wants
    // the mock's own cost to be as close to zero as possible. An explicit QT_NO_GLIB still wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"mock-backend"_s);
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);

    MockBackend::Options options;
    options.id = parser.value(u"id"_s);
    options.models = parser.value(u"models"_s).split(u',', Qt::SkipEmptyParts);
    options.threads = parser.value(u"threads"_s).toInt();
    QString error;
    if (options.models.isEmpty() || options.threads < 1 || options.threads > 256)
        return fail(u"--models needs at least one id and --threads must be in [1, 256]"_s);
    if (!knobsFromParser(parser, &options.knobs, &error))
        return fail(error);
    const QString host = parser.value(u"host"_s);
    const QHostAddress address(host == "localhost"_L1 ? u"127.0.0.1"_s : host);
    bool portOk = false;
    const uint port = parser.value(u"port"_s).toUInt(&portOk);
    if (address.isNull() || !portOk || port > 65535)
        return fail(u"invalid --host or --port"_s);

    if (parser.isSet(u"pid-file"_s)) {
        QFile pidFile(parser.value(u"pid-file"_s));
        if (!pidFile.open(QIODevice::WriteOnly) || pidFile.write(QByteArray::number(::getpid()) + '\n') < 0)
            return fail(u"cannot write --pid-file "_s + pidFile.fileName());
    }
    installSignalHandlers(app);
    if (parser.isSet(u"ignore-sigterm"_s))
        ::signal(SIGTERM, SIG_IGN);
    const int listenAfterMs = parser.value(u"listen-after-ms"_s).toInt();
    const int crashAfterMs = parser.value(u"crash-after-ms"_s).toInt();

    MockBackend backend(options);
    bool listenFailed = false;
    auto listen = [&] {
        const quint16 bound = backend.start(address, static_cast<quint16>(port));
        if (bound == 0) {
            fail(u"cannot listen on %1:%2"_s.arg(host).arg(port));
            listenFailed = true;
            app.exit(2);
            return;
        }
        std::printf("LISTENING %u\n", static_cast<unsigned>(bound));
        std::fflush(stdout);
        if (crashAfterMs >= 0)
            QTimer::singleShot(crashAfterMs, &app, [] { std::abort(); });
    };
    if (listenAfterMs > 0)
        QTimer::singleShot(listenAfterMs, &app, listen);
    else
        listen();
    if (listenFailed)
        return 2;
    return app.exec();
}
