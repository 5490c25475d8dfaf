#!/usr/bin/env python3
"""Stream load for bench/run.sh: opens N concurrent SSE streams against one target at once and
prints one JSON line with what the client saw and what the server processes spent.

Each stream is one POST whose body asks the mock backend for `--events` tokens `--gap-ms` apart.
The client counts `data: ` lines as they arrive (no parsing per event, so the client stays cheap
and the same for every target), notes the time to the first event and the gaps between events,
and closes a stream after its terminating chunk. CPU is the time the given processes (and their
children, for nginx's workers) spent on a CPU, from /proc before and after; RSS from /proc too.
"""

import argparse
import json
import os
import selectors
import socket
import sys
import time

DATA = b"data: "
DONE = b"[DONE]"


def proc_cpu_seconds(pids):
    """CPU time of @p pids and their direct children (nginx: master and workers), summed over
    their threads' /proc/PID/task/TID/schedstat (nanoseconds; /proc/PID/stat counts 10 ms ticks)."""
    total = 0
    for pid in with_children(pids):
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as f:
                    total += int(f.read().split()[0])
            except (OSError, IndexError, ValueError):
                pass
    return total / 1e9


def with_children(pids):
    out = set(pids)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid in pids:
            out.add(int(entry))
    return sorted(out)


def proc_memory_kb(pids):
    """Sum of VmRSS and of VmHWM (peak) over @p pids and their children, in KiB."""
    rss = hwm = 0
    for pid in with_children(pids):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return rss, hwm


class Stream:
    __slots__ = ("sock", "head", "chunked", "tail", "done_tail", "events", "sent", "first", "last", "finished",
                 "after_done", "status")

    def __init__(self, sock):
        self.sock = sock
        self.head = b""
        self.chunked = False
        self.tail = b""
        self.done_tail = b""
        self.events = 0
        self.sent = 0.0
        self.first = None
        self.last = None
        self.finished = False
        self.after_done = None  # bytes seen after [DONE], until the terminating chunk
        self.status = 0


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


class Runner:
    def __init__(self, args):
        self.args = args
        self.sel = selectors.DefaultSelector()
        self.gaps = []
        self.ttfe = []
        self.errors = 0
        host, _, port = args.host_port.partition(":")
        self.addr = (host, int(port))
        body = json.dumps(json.loads(args.body)).encode() if args.body else self.default_body()
        headers = [f"POST {args.path} HTTP/1.1", f"Host: {args.host_port}", "Content-Type: application/json",
                   "Accept: text/event-stream", f"Content-Length: {len(body)}"]
        if args.key:
            headers.append(f"Authorization: Bearer {args.key}")
        self.request = ("\r\n".join(headers) + "\r\n\r\n").encode() + body

    def default_body(self):
        return json.dumps({"model": self.args.model, "stream": True,
                           "messages": [{"role": "user", "content": "Count to sixty-four."}],
                           "mock": {"tokens": self.args.events, "token_delay_ms": self.args.gap_ms}}).encode()

    def open_all(self):
        streams = []
        for _ in range(self.args.streams):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect(self.addr)
            streams.append(Stream(sock))
        for s in streams:
            s.sent = time.perf_counter()
            s.sock.sendall(self.request)
            s.sock.setblocking(False)
            self.sel.register(s.sock, selectors.EVENT_READ, s)
        return streams

    def on_head(self, s, now):
        end = s.head.find(b"\r\n\r\n")
        if end < 0:
            return b""
        head, rest = s.head[:end].decode("latin-1"), s.head[end + 4:]
        s.head = None
        try:
            s.status = int(head.split(" ", 2)[1])
        except (IndexError, ValueError):
            s.status = 0
        s.chunked = "transfer-encoding: chunked" in head.lower()
        if s.status != 200:
            self.errors += 1
            self.close(s)
            return b""
        return rest

    def on_body(self, s, data, now):
        window = s.tail + data
        n = window.count(DATA)
        s.tail = window[-(len(DATA) - 1):]
        if n:
            if s.first is None:
                s.first = now
                self.ttfe.append(now - s.sent)
                n -= 1
                s.events += 1
                s.last = now
            if n:
                self.gaps.append(now - s.last)
                self.gaps.extend([0.0] * (n - 1))
                s.events += n
                s.last = now
        if s.after_done is None:
            done_window = s.done_tail + data
            pos = done_window.find(DONE)
            s.done_tail = done_window[-(len(DONE) - 1):]
            if pos >= 0:
                s.after_done = done_window[pos + len(DONE):]
        else:
            s.after_done += data
        if s.after_done is not None and (not s.chunked or s.after_done.endswith(b"0\r\n\r\n")):
            s.finished = True
            self.close(s)

    def close(self, s):
        try:
            self.sel.unregister(s.sock)
        except (KeyError, ValueError):
            pass
        s.sock.close()

    def run(self):
        streams = self.open_all()
        open_count = len(streams)
        deadline = time.perf_counter() + self.args.timeout
        while open_count and time.perf_counter() < deadline:
            for key, _ in self.sel.select(timeout=0.5):
                s = key.data
                try:
                    data = s.sock.recv(262144)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                now = time.perf_counter()
                if not data:
                    if s.after_done is None:
                        self.errors += 1
                    else:
                        s.finished = True
                    self.close(s)
                else:
                    if s.head is not None:
                        s.head += data
                        data = self.on_head(s, now)
                    if data and s.head is None and s.sock.fileno() >= 0:
                        self.on_body(s, data, now)
                if s.sock.fileno() < 0:
                    open_count -= 1
        for s in streams:
            if s.sock.fileno() >= 0:
                self.close(s)
        return streams


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="host:port")
    parser.add_argument("--path", default="/v1/chat/completions")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--events", type=int, default=64)
    parser.add_argument("--gap-ms", type=int, default=20)
    parser.add_argument("--model", default="bench-model")
    parser.add_argument("--key", default="")
    parser.add_argument("--body", default="", help="JSON request body (default: a chat stream for the mock)")
    parser.add_argument("--pids", default="", help="comma-separated server pids to measure (CPU, RSS)")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    args.host_port = args.target
    pids = {int(p) for p in args.pids.split(",") if p}

    runner = Runner(args)
    cpu_before = proc_cpu_seconds(pids) if pids else 0.0
    started = time.perf_counter()
    streams = runner.run()
    elapsed = time.perf_counter() - started
    cpu = proc_cpu_seconds(pids) - cpu_before if pids else None
    rss, hwm = proc_memory_kb(pids) if pids else (None, None)
    events = sum(s.events for s in streams)
    us = lambda v: None if v is None else round(v * 1e6)
    result = {
        "streams": len(streams),
        "complete": sum(1 for s in streams if s.finished),
        "events": events,
        "events_per_stream_min": min((s.events for s in streams), default=0),
        "events_per_stream_max": max((s.events for s in streams), default=0),
        "errors": runner.errors,
        "duration_s": round(elapsed, 3),
        "ttfe_us": {"p50": us(percentile(runner.ttfe, 50)), "p99": us(percentile(runner.ttfe, 99))},
        "gap_us": {"p50": us(percentile(runner.gaps, 50)), "p99": us(percentile(runner.gaps, 99))},
        "cpu_s": cpu,
        "cpu_us_per_event": None if cpu is None or not events else round(cpu * 1e6 / events, 2),
        "rss_kb": rss,
        "peak_rss_kb": hwm,
    }
    print("STREAM_JSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
