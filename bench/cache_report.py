#!/usr/bin/env python3
"""Report of bench/cache-guardrails.sh: medians per target, the cache-hit ratios, the guardrail bar."""
import json
import statistics
import subprocess
import sys


def main():
    runs_path, guard_json, md_path, slow_ms, root = sys.argv[1:6]
    runs = [json.loads(line) for line in open(runs_path) if line.strip()]
    med, errors = {}, 0
    for target in sorted({r["target"] for r in runs}):
        results = [r["result"] for r in runs if r["target"] == target]
        errors += sum(r["errors"] for r in results)
        med[target] = {k: statistics.median(r["latency_us"][k] for r in results) for k in ("p50", "p99")}
        med[target]["rps"] = statistics.median(r["rps"] for r in results)
    g = json.loads(guard_json)
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    rows = [("direct", "the mock backend directly (answers at once)"),
            ("switchyard", "through Switchyard, no cache"),
            ("cache-hit", "through Switchyard, answered from its cache"),
            ("direct-slow", f"a {slow_ms} ms backend directly"),
            ("cache-hit-slow", f"Switchyard in front of the {slow_ms} ms backend, answered from its cache")]
    out = [f"# Response cache and guardrails (commit {commit}, load average {load})", "",
           "One connection (wrk -t1 -c1), medians of the rounds; latencies in microseconds.", "",
           "| target | what | p50 | p99 | requests/s |", "| --- | --- | ---: | ---: | ---: |"]
    for target, what in rows:
        m = med[target]
        out.append(f"| {target} | {what} | {m['p50']:.0f} | {m['p99']:.0f} | {m['rps']:.0f} |")
    out += ["",
            f"- cache hit ÷ direct backend, p50, instant backend: **{med['cache-hit']['p50'] / med['direct']['p50']:.2f}**",
            f"- cache hit ÷ uncached Switchyard, p50: **{med['cache-hit']['p50'] / med['switchyard']['p50']:.2f}**",
            f"- cache hit ÷ direct backend, p50, {slow_ms} ms backend: "
            f"**{med['cache-hit-slow']['p50'] / med['direct-slow']['p50']:.3f}**",
            "", "## Guardrails, every built-in on", "",
            f"- prompt check of a {g['prompt_bytes']} B prompt by {g['guardrails']} guardrails: "
            f"**{g['prompt_check_us']:.2f} µs** per request (bar ≤ {g['bar_us']:.0f} µs): "
            f"{'pass' if g['pass'] else 'FAIL'}",
            f"- stream scan of a 4 KB answer in 16-character events: {g['stream_scan_us_per_4kb']:.2f} µs",
            f"- findings on ordinary text (false positives): {g['false_positives']}",
            "", f"wrk errors: {errors}"]
    with open(md_path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))
    return 0 if errors == 0 and g["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
