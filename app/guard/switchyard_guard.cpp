// switchyard-guard: runs one managed model server so that it never outlives Switchyard.
//
//   switchyard-guard [--grace-ms N] [--cleanup "PROG<TAB>ARG…"]… [-- PROGRAM ARG…]
//
// Switchyard starts the guard with a pipe on its stdin and keeps the write end. The guard runs
// PROGRAM in a process group of its own and watches that pipe: it reads end-of-file only when
// every copy of the write end is closed, which the kernel does when Switchyard exits, however it
// exits (quit, crash, kill -9). Then the guard runs the cleanup commands in turn (e.g. `lms unload`
// and `lms server stop`,
// for a server that lives in another process), stops the group with SIGTERM, waits --grace-ms,
// and kills what is left. SIGTERM to the guard means the same: a graceful stop. When PROGRAM
// exits on its own, the guard kills its stragglers and exits with PROGRAM's status (128 + signal
// for a signal), so the supervisor sees the crash. Without PROGRAM the guard only waits, to run
// the cleanup. Plain POSIX, no Qt: it must be small, start fast and never depend on the app.
//
// Its first line on stdout is "@switchyard-guard pgid=N": the server's process group, which the
// supervisor kills itself should the guard ever hang.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

volatile sig_atomic_t g_stopRequested = 0;

void onStopSignal(int)
{
    g_stopRequested = 1;
}

long long nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::vector<std::string> splitTabs(const std::string& text)
{
    std::vector<std::string> out;
    std::string::size_type start = 0;
    while (start <= text.size()) {
        const auto tab = text.find('\t', start);
        out.push_back(text.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos)
            break;
        start = tab + 1;
    }
    return out;
}

std::vector<char*> argvOf(std::vector<std::string>& args)
{
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

// The child side of fork(): default signal handling, stdin from /dev/null (the lifeline pipe is
// the guard's alone), a process group of its own, then exec.
[[noreturn]] void execChild(std::vector<std::string>& args)
{
    setpgid(0, 0);
    struct sigaction dfl
    { };
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD})
        sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const int devNull = open("/dev/null", O_RDONLY);
    if (devNull >= 0) {
        dup2(devNull, STDIN_FILENO);
        close(devNull);
    }
    std::vector<char*> argv = argvOf(args);
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "switchyard-guard: cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
}

pid_t spawn(std::vector<std::string>& args)
{
    const pid_t pid = fork();
    if (pid == 0)
        execChild(args);
    if (pid > 0)
        setpgid(pid, pid); // also here: whichever side runs first, the group exists before we signal it
    return pid;
}

// Waits for @p pid up to @p ms; true once it was reaped (its status in *status).
bool waitFor(pid_t pid, long long ms, int* status)
{
    const long long deadline = nowMs() + ms;
    while (true) {
        const pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD))
            return true;
        if (nowMs() >= deadline)
            return false;
        usleep(20 * 1000);
    }
}

int exitCodeOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 1;
}

// Graceful, then forced: SIGTERM to the whole group, SIGKILL to whatever is left after the grace.
int stopGroup(pid_t child, long long graceMs)
{
    int status = 0;
    kill(-child, SIGTERM);
    if (!waitFor(child, graceMs, &status)) {
        std::fprintf(stderr, "switchyard-guard: still running after %lld ms; killing it\n", graceMs);
        kill(-child, SIGKILL);
        waitFor(child, 5000, &status);
    }
    kill(-child, SIGKILL); // stragglers the server left in its group
    return status;
}

void runCleanup(std::vector<std::string> cleanup, long long graceMs)
{
    const pid_t pid = spawn(cleanup);
    int status = 0;
    if (pid > 0 && !waitFor(pid, graceMs, &status)) {
        kill(-pid, SIGKILL);
        waitFor(pid, 1000, &status);
    }
}

int usage()
{
    std::fprintf(stderr,
                 "usage: switchyard-guard [--grace-ms N] [--cleanup \"PROG<TAB>ARG...\"]... [-- PROGRAM ARG...]\n");
    return 64;
}

} // namespace

int main(int argc, char* argv[])
{
    long long graceMs = 10000;
    std::vector<std::vector<std::string>> cleanups;
    std::vector<std::string> program;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--grace-ms" && i + 1 < argc) {
            graceMs = std::atoll(argv[++i]);
        } else if (arg == "--cleanup" && i + 1 < argc) {
            cleanups.push_back(splitTabs(argv[++i]));
        } else if (arg == "--") {
            for (++i; i < argc; ++i)
                program.emplace_back(argv[i]);
        } else {
            return usage();
        }
    }
    if (graceMs < 0)
        return usage();

    struct sigaction stop
    { };
    stop.sa_handler = onStopSignal;
    sigemptyset(&stop.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        sigaction(sig, &stop, nullptr);
    signal(SIGPIPE, SIG_IGN);

    pid_t child = 0;
    if (!program.empty()) {
        child = spawn(program);
        if (child < 0) {
            std::fprintf(stderr, "switchyard-guard: fork failed: %s\n", std::strerror(errno));
            return 71;
        }
    }
    std::printf("@switchyard-guard pgid=%d\n", static_cast<int>(child));
    std::fflush(stdout);

    bool orphaned = false;
    while (true) {
        if (child > 0) {
            int status = 0;
            const pid_t r = waitpid(child, &status, WNOHANG);
            if (r == child) {
                kill(-child, SIGKILL);
                if (WIFSIGNALED(status))
                    std::fprintf(stderr, "switchyard-guard: server killed by signal %d\n", WTERMSIG(status));
                else
                    std::fprintf(stderr, "switchyard-guard: server exited with code %d\n", WEXITSTATUS(status));
                return exitCodeOf(status);
            }
        }
        if (g_stopRequested || orphaned)
            break;
        pollfd lifeline{STDIN_FILENO, POLLIN, 0};
        const int ready = poll(&lifeline, 1, 100);
        if (ready > 0) {
            char buffer[256];
            const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                orphaned = true; // Switchyard is gone
        }
    }
    if (orphaned)
        std::fprintf(stderr, "switchyard-guard: Switchyard is gone; stopping the server\n");
    for (auto& cleanup : cleanups)
        runCleanup(cleanup, graceMs);
    if (child <= 0)
        return 0;
    return exitCodeOf(stopGroup(child, graceMs));
}
