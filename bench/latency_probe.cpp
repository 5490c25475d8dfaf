// latency-probe: the one-connection latency runs of bench/run.sh. Sends the same request over
// one keep-alive connection, one at a time, for a fixed time, and prints every request's
// latency distribution as one line: BENCH_JSON {...} (the shape of bench/chat.lua's).
//
// Given several targets (each --url starts one; --body and --header after it belong to it), it
// keeps one connection per target and takes turns, one request each, so every target's samples
// come from the same seconds: a slow phase of the machine lands on all of them alike, and their
// ratios do not depend on which target happened to run during it. One BENCH_JSON line per
// target, in the order given. --shuffle draws a new order for every turn: a request right after
// another process ran finds colder caches than one right after its own server answered, and a
// fixed order would hand that cost to the same targets every time.
//
// Why not wrk: wrk "corrects" its histogram for coordinated omission. For every sample longer
// than twice the mean interval it adds made-up samples at each interval below it, so at one
// connection a single 100 ms stall in a 10 s run becomes ~2,000 samples between 50 µs and
// 100 ms, and its p99 reads ~50 ms although 99.99 % of the requests took under 0.1 ms. Whether
// one such stall falls into a run is luck, and the added p99 (path minus direct) came out
// negative. Here every sample is one real request; the longest one is still reported (max).
//
// Plain POSIX and no Qt, so the probe costs the same against every target.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

namespace {

struct Errors
{
    long connect = 0, read = 0, write = 0, status = 0, timeout = 0;
    long total() const { return connect + read + write + status + timeout; }
};

struct Target
{
    std::string url;
    std::string host;
    std::string port;
    std::string path = "/";
    std::string body;
    std::vector<std::string> headers;

    std::string request;
    int fd = -1;
    std::string in;
    std::vector<long long> samples;
    Errors errors;
    long bytes = 0;
};

struct Options
{
    std::vector<Target> targets;
    double seconds = 10;
    double timeoutSeconds = 5;
    bool shuffle = false;
};

[[noreturn]] void usage(const char* why)
{
    std::fprintf(stderr,
                 "latency-probe: %s\n"
                 "usage: latency-probe --url http://HOST:PORT/PATH [--body TEXT] [--header 'Name: value']...\n"
                 "                     [--url ... [--body ...] [--header ...]...]...\n"
                 "                     [--duration SECONDS] [--timeout SECONDS] [--shuffle]\n",
                 why);
    std::exit(2);
}

Options parseArgs(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--shuffle") {
            o.shuffle = true;
            continue;
        }
        if (i + 1 >= argc)
            usage(("missing value for " + arg).c_str());
        const char* value = argv[++i];
        if (arg == "--url") {
            Target t;
            t.url = value;
            if (t.url.rfind("http://", 0) != 0)
                usage("only http:// URLs");
            const std::string rest = t.url.substr(7);
            const size_t slash = rest.find('/');
            const std::string authority = rest.substr(0, slash);
            t.path = slash == std::string::npos ? "/" : rest.substr(slash);
            const size_t colon = authority.rfind(':');
            if (colon == std::string::npos)
                usage("the URL needs a port");
            t.host = authority.substr(0, colon);
            t.port = authority.substr(colon + 1);
            o.targets.push_back(std::move(t));
        } else if (arg == "--body" || arg == "--header") {
            if (o.targets.empty())
                usage((arg + " before any --url").c_str());
            if (arg == "--body")
                o.targets.back().body = value;
            else
                o.targets.back().headers.emplace_back(value);
        } else if (arg == "--duration") {
            o.seconds = std::atof(value);
        } else if (arg == "--timeout") {
            o.timeoutSeconds = std::atof(value);
        } else {
            usage(("unknown option " + arg).c_str());
        }
    }
    if (o.targets.empty())
        usage("no --url");
    if (o.seconds <= 0 || o.timeoutSeconds <= 0)
        usage("durations must be positive");
    return o;
}

long long nowNs()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<long long>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

int connectTo(const Target& t, double timeoutSeconds)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &found) != 0)
        return -1;
    int fd = -1;
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        return -1;
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); // as wrk does
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(timeoutSeconds);
    timeout.tv_usec = static_cast<suseconds_t>((timeoutSeconds - double(timeout.tv_sec)) * 1e6);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    return fd;
}

bool sendAll(int fd, const std::string& bytes)
{
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        sent += size_t(n);
    }
    return true;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

enum class ReadResult
{
    Complete,
    Closed, ///< the server closed the connection after this response (or before any)
    Timeout,
    Error,
};

/**
 * Reads one response (Content-Length or chunked) into @p in, consuming it; sets @p status and
 * @p keepAlive. Bytes past the response stay in @p in.
 */
ReadResult readResponse(int fd, std::string& in, int* status, bool* keepAlive, long* bytes)
{
    size_t headEnd = std::string::npos;
    size_t bodyStart = 0;
    long long contentLength = -1;
    bool chunked = false;
    size_t scanFrom = 0; // chunked: where the next chunk-size line starts
    char buffer[65536];
    for (;;) {
        if (headEnd == std::string::npos && (headEnd = in.find("\r\n\r\n")) != std::string::npos) {
            bodyStart = headEnd + 4;
            const std::string head = lower(in.substr(0, headEnd));
            if (std::sscanf(head.c_str(), "http/1.%*d %d", status) != 1)
                return ReadResult::Error;
            *keepAlive = head.find("\r\nconnection: close") == std::string::npos;
            const size_t cl = head.find("\r\ncontent-length:");
            if (cl != std::string::npos)
                contentLength = std::atoll(head.c_str() + cl + 17);
            chunked = head.find("\r\ntransfer-encoding: chunked") != std::string::npos;
            scanFrom = bodyStart;
        }
        if (headEnd != std::string::npos) {
            if (chunked) {
                // Walk whole chunks; the last one (size 0) ends with an empty trailer line.
                for (;;) {
                    const size_t lineEnd = in.find("\r\n", scanFrom);
                    if (lineEnd == std::string::npos)
                        break;
                    const long long size = std::strtoll(in.c_str() + scanFrom, nullptr, 16);
                    if (size == 0) {
                        const size_t end = in.find("\r\n\r\n", lineEnd);
                        if (end == std::string::npos)
                            break;
                        *bytes += long(end + 4);
                        in.erase(0, end + 4);
                        return ReadResult::Complete;
                    }
                    if (in.size() < lineEnd + 2 + size_t(size) + 2)
                        break;
                    scanFrom = lineEnd + 2 + size_t(size) + 2;
                }
            } else if (contentLength >= 0 && in.size() >= bodyStart + size_t(contentLength)) {
                const size_t end = bodyStart + size_t(contentLength);
                *bytes += long(end);
                in.erase(0, end);
                return ReadResult::Complete;
            }
        }
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            in.append(buffer, size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return ReadResult::Timeout;
        if (n == 0 && headEnd != std::string::npos && !chunked && contentLength < 0) {
            *bytes += long(in.size()); // a body that ends with the connection
            in.clear();
            *keepAlive = false;
            return ReadResult::Complete;
        }
        return n == 0 ? ReadResult::Closed : ReadResult::Error;
    }
}

double percentile(const std::vector<long long>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    // Nearest rank: the smallest sample with at least p % of the samples at or below it.
    const size_t rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return double(sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1]) / 1000.0;
}

/// One request on @p t's connection (opened first if needed), its latency kept as a sample.
void requestOnce(Target& t, double timeoutSeconds)
{
    if (t.fd < 0) {
        t.in.clear();
        t.fd = connectTo(t, timeoutSeconds);
        if (t.fd < 0) {
            ++t.errors.connect;
            usleep(10'000);
            return;
        }
    }
    const long long sentAt = nowNs();
    if (!sendAll(t.fd, t.request)) {
        ++t.errors.write;
        close(t.fd);
        t.fd = -1;
        return;
    }
    int status = 0;
    bool keepAlive = true;
    const ReadResult result = readResponse(t.fd, t.in, &status, &keepAlive, &t.bytes);
    const long long took = nowNs() - sentAt;
    if (result != ReadResult::Complete) {
        ++(result == ReadResult::Timeout ? t.errors.timeout : t.errors.read);
        close(t.fd);
        t.fd = -1;
        return;
    }
    t.samples.push_back(took);
    if (status >= 400)
        ++t.errors.status;
    if (!keepAlive) {
        close(t.fd);
        t.fd = -1;
    }
}

void report(Target& t, long long duration)
{
    std::vector<long long>& samples = t.samples;
    std::sort(samples.begin(), samples.end());
    double mean = 0, variance = 0;
    for (long long s : samples)
        mean += double(s) / 1000.0;
    mean = samples.empty() ? 0 : mean / double(samples.size());
    for (long long s : samples)
        variance += (double(s) / 1000.0 - mean) * (double(s) / 1000.0 - mean);
    const double stdev = samples.size() > 1 ? std::sqrt(variance / double(samples.size() - 1)) : 0;
    std::printf("BENCH_JSON {\"requests\":%zu,\"duration_us\":%lld,\"rps\":%.1f,\"bytes\":%ld,\"errors\":%ld,"
                "\"errors_detail\":{\"connect\":%ld,\"read\":%ld,\"write\":%ld,\"status\":%ld,\"timeout\":%ld},"
                "\"latency_us\":{\"p50\":%.0f,\"p90\":%.0f,\"p99\":%.0f,\"p999\":%.0f,\"mean\":%.1f,\"stdev\":%.1f,"
                "\"min\":%.0f,\"max\":%.0f},\"client\":\"latency-probe\",\"url\":\"%s\"}\n",
                samples.size(),
                duration / 1000,
                double(samples.size()) / (double(duration) / 1e9),
                t.bytes,
                t.errors.total(),
                t.errors.connect,
                t.errors.read,
                t.errors.write,
                t.errors.status,
                t.errors.timeout,
                percentile(samples, 50),
                percentile(samples, 90),
                percentile(samples, 99),
                percentile(samples, 99.9),
                mean,
                stdev,
                samples.empty() ? 0.0 : double(samples.front()) / 1000.0,
                samples.empty() ? 0.0 : double(samples.back()) / 1000.0,
                t.url.c_str());
}

} // namespace

int main(int argc, char** argv)
{
    Options o = parseArgs(argc, argv);
    for (Target& t : o.targets) {
        t.request = "POST " + t.path + " HTTP/1.1\r\nHost: " + t.host + ":" + t.port + "\r\n";
        for (const std::string& h : t.headers)
            t.request += h + "\r\n";
        t.request += "Content-Length: " + std::to_string(t.body.size()) + "\r\n\r\n" + t.body;
        t.samples.reserve(size_t(1 << 20) / o.targets.size());
    }

    const long long start = nowNs();
    const long long end = start + static_cast<long long>(o.seconds * 1e9);
    std::vector<Target*> order;
    for (Target& t : o.targets)
        order.push_back(&t);
    std::mt19937 random(20261207); // fixed: the same orders every run
    while (nowNs() < end) {
        if (o.shuffle)
            std::shuffle(order.begin(), order.end(), random);
        for (Target* t : order)
            requestOnce(*t, o.timeoutSeconds);
    }
    const long long duration = nowNs() - start;
    bool allAnswered = true;
    for (Target& t : o.targets) {
        if (t.fd >= 0)
            close(t.fd);
        report(t, duration);
        allAnswered = allAnswered && !t.samples.empty();
    }
    return allAnswered ? 0 : 1;
}
