#!/usr/bin/env python3
"""Summarise bench/run.sh measurements: medians per target, latency added over the direct path,
streams, memory, Switchyard-vs-nginx ratios with PASS/FAIL against each bar, machine info.
Writes the JSON result and the Markdown summary, prints the Markdown, exits 1 when a run is
invalid or a bar does not pass."""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone

# The bars of issue #14, each Switchyard against nginx with one worker (like for like: Switchyard
# serves client connections on one gateway thread). bench/README.md explains them.
P99_BAR = 2.0  # added p99 at one connection <= 2x nginx's
P50_BAR = 1.5  # added p50 at one connection <= 1.5x nginx's
RPS_BAR = 0.8  # requests/s at 32 connections >= 0.8x nginx's
CPU_BAR = 1.5  # CPU per relayed SSE event <= 1.5x nginx's
IDLE_RSS_BAR_MB = 25.0  # headless, right after start
DIALECT_BAR = 1.3  # each translated dialect's added p50 <= 1.3x the chat path's

LABELS = {
    "direct": "direct (mock)",
    "nginx-1w": "nginx, 1 worker",
    "nginx-auto": f"nginx, auto ({os.cpu_count()} workers)",
    "switchyard": "switchyard",
    "switchyard-ollama": "switchyard, Ollama /api/chat (translated)",
}


def label(target):
    if target in LABELS:
        return LABELS[target]
    return "switchyard " + target.removeprefix("switchyard-")


def run(cmd):
    """Output (stdout + stderr) of a command, or '' when it cannot run."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
        return (done.stdout + done.stderr).strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def qt_version(binary):
    """The Qt version a binary loads, read from the libQt6Core it links (e.g. 6.4.2)."""
    if not binary or not os.path.exists(binary):
        return None
    match = re.search(r"libQt6Core\.so[.\d]*\s*=>\s*(\S+)", run(["ldd", binary]))
    if not match:
        return None
    version = re.search(r"\.so\.(\d+\.\d+\.\d+)$", os.path.realpath(match.group(1)))
    return version.group(1) if version else None


def machine_info(args):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")), platform.processor())
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release", encoding="utf-8")
                    if line.startswith("PRETTY_NAME=")), platform.system())
    commit = run(["git", "-C", args.root, "rev-parse", "--short", "HEAD"])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "os": os_name,
        "kernel": platform.release(),
        "loadavg_at_start": args.load_start,
        "loadavg_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "nginx": run([args.nginx_bin, "-v"]).replace("nginx version: ", "") or None,
        "wrk": (run(["wrk", "-v"]).splitlines() or [""])[0].split("Copyright")[0].strip() or None,
        "qt_switchyard": qt_version(args.switchyard_bin),
        "qt_mock": qt_version(args.mock_bin),
        "git_commit": commit if re.fullmatch(r"[0-9a-f]{4,40}", commit or "") else "none",
        "git_dirty_files": len(run(["git", "-C", args.root, "status", "--porcelain"]).splitlines()),
    }


def wrk_summary(rows_lat, rows_tput):
    med = lambda rows, key: statistics.median(r["latency_us"][key] for r in rows) if rows else None
    errors = sum(r["errors"] for r in rows_lat + rows_tput)
    return {
        "latency_us": {k: med(rows_lat, k) for k in ("p50", "p90", "p99")},
        "latency_rounds": [r["latency_us"] for r in rows_lat],
        "rps": statistics.median(r["rps"] for r in rows_tput) if rows_tput else None,
        "rps_rounds": [r["rps"] for r in rows_tput],
        "errors": errors,
        "valid": errors == 0 and bool(rows_lat),
    }


def stream_summary(rows):
    med = lambda get: statistics.median(get(r) for r in rows) if rows and all(get(r) is not None for r in rows) else None
    return {
        "rounds": len(rows),
        "cpu_us_per_event": med(lambda r: r["cpu_us_per_event"]),
        "cpu_rounds": [r["cpu_us_per_event"] for r in rows],
        "ttfe_p50_us": med(lambda r: r["ttfe_us"]["p50"]),
        "gap_p50_us": med(lambda r: r["gap_us"]["p50"]),
        "gap_p99_us": med(lambda r: r["gap_us"]["p99"]),
        "events": sum(r["events"] for r in rows),
        "streams": sum(r["streams"] for r in rows),
        "complete": sum(r["complete"] for r in rows),
        "errors": sum(r["errors"] for r in rows),
        "events_per_stream": sorted({r["events_per_stream_min"] for r in rows} | {r["events_per_stream_max"] for r in rows}),
        "peak_rss_kb": max((r["peak_rss_kb"] or 0) for r in rows) if rows else None,
    }


def summarise(runs, targets, dialects):
    grouped = defaultdict(list)
    for entry in runs:
        grouped[(entry.get("kind", "wrk"), entry["target"], entry.get("mode"))].append(entry.get("result", entry))
    summary = {"wrk": {}, "streams": {}, "capacity": None, "idle_rss_kb": None, "rss_after_kb": []}
    for target in targets:
        summary["wrk"][target] = wrk_summary(grouped[("wrk", target, "latency")], grouped[("wrk", target, "throughput")])
        summary["wrk"][target]["valid"] &= bool(grouped[("wrk", target, "throughput")])
    direct = summary["wrk"]["direct"]["latency_us"]
    for target in targets:
        if target != "direct":
            row = summary["wrk"][target]
            row["added_us"] = {k: row["latency_us"][k] - direct[k] for k in ("p50", "p99")}
    summary["rps_ratio_rounds"] = paired_ratios(grouped[("wrk", "switchyard", "throughput")],
                                                grouped[("wrk", "nginx-1w", "throughput")], lambda r: r["rps"])
    summary["side_by_side"] = side_by_side(grouped, dialects)
    for target in ("direct", "nginx-1w", "switchyard"):
        rows = grouped[("streams", target, None)]
        if rows:
            summary["streams"][target] = stream_summary(rows)
    base = summary["streams"].get("direct")
    for target, row in summary["streams"].items():
        if base and target != "direct":
            row["added_ttfe_p50_us"] = sub(row["ttfe_p50_us"], base["ttfe_p50_us"])
            row["added_gap_p50_us"] = sub(row["gap_p50_us"], base["gap_p50_us"])
            row["added_gap_p99_us"] = sub(row["gap_p99_us"], base["gap_p99_us"])
            row["events_lost"] = base["events"] // max(1, base["streams"]) * row["streams"] - row["events"]
    capacity = grouped[("capacity", "switchyard", None)]
    if capacity:
        summary["capacity"] = {"runs": capacity,
                               "expected_per_stream": (base["events"] // max(1, base["streams"])) if base else None}
    idle = grouped[("idle_rss", "switchyard", None)]
    summary["idle_rss_kb"] = idle[0]["rss_kb"] if idle else None
    summary["rss_after_kb"] = [r["rss_kb"] for r in grouped[("rss_after", "switchyard", None)]]
    summary["skipped"] = [e["target"] for e in runs if e.get("kind") == "skipped"]
    return summary


def paired_ratios(a_rows, b_rows, get):
    """Each round's a over b, the two measured in that round (the rows come in round order):
    paired, so a slow phase of the machine that spans one round moves both sides of its ratio,
    not the median of one side only."""
    return [get(a) / get(b) for a, b in zip(a_rows, b_rows) if get(b)]


def side_by_side(grouped, dialects):
    """The dialect runs: direct, chat and every dialect from one probe per round (run.sh,
    measure_dialects). Per round, each dialect's added p50 over chat's, both less that round's
    direct p50."""
    paths = ["direct", "switchyard"] + dialects
    rows = {t: grouped[("wrk", t, "dialects")] for t in paths}
    if not dialects or not rows["direct"]:
        return None
    out = {"paths": {t: wrk_summary(rows[t], []) for t in paths}, "ratio_rounds": {}, "ratio": {}}
    direct = out["paths"]["direct"]["latency_us"]
    for t in paths[1:]:
        out["paths"][t]["added_us"] = {k: out["paths"][t]["latency_us"][k] - direct[k] for k in ("p50", "p99")}
    for d in dialects:
        ratios = []
        for dr, cr, xr in zip(rows["direct"], rows["switchyard"], rows[d]):
            chat_added = cr["latency_us"]["p50"] - dr["latency_us"]["p50"]
            if chat_added > 0:
                ratios.append((xr["latency_us"]["p50"] - dr["latency_us"]["p50"]) / chat_added)
        out["ratio_rounds"][d] = ratios
        out["ratio"][d] = statistics.median(ratios) if ratios else None
    return out


def sub(a, b):
    return None if a is None or b is None else a - b


def ratio(a, b):
    return a / b if a is not None and b else None


def bar(name, value, limit, passed, valid=True, shown="ratio"):
    verdict = "INVALID" if not valid else ("N/A" if value is None else ("PASS" if passed(value) else "FAIL"))
    return {"bar": name, "value": value, "limit": limit, "verdict": verdict, "shown": shown}


def evaluate(summary):
    """Every bar of bench/README.md that the measured paths allow."""
    bars, w = [], summary["wrk"]
    sy, ng = w.get("switchyard"), w.get("nginx-1w")
    if sy and ng:
        valid = sy["valid"] and ng["valid"] and w["direct"]["valid"]
        r = ratio(sy["added_us"]["p99"], ng["added_us"]["p99"]) if ng["added_us"]["p99"] > 0 else None
        bars.append(bar(f"added p99, 1 connection ≤ {P99_BAR}× nginx", r, P99_BAR, lambda v: v <= P99_BAR, valid))
        r = ratio(sy["added_us"]["p50"], ng["added_us"]["p50"]) if ng["added_us"]["p50"] > 0 else None
        bars.append(bar(f"added p50, 1 connection ≤ {P50_BAR}× nginx", r, P50_BAR, lambda v: v <= P50_BAR, valid))
        rounds = summary["rps_ratio_rounds"]
        bars.append(bar(f"requests/s ≥ {RPS_BAR}× nginx (median of the rounds' ratios)",
                        statistics.median(rounds) if rounds else None, RPS_BAR, lambda v: v >= RPS_BAR, valid))
    st = summary["streams"]
    if "switchyard" in st and "nginx-1w" in st:
        bars.append(bar(f"CPU per relayed event ≤ {CPU_BAR}× nginx",
                        ratio(st["switchyard"]["cpu_us_per_event"], st["nginx-1w"]["cpu_us_per_event"]), CPU_BAR,
                        lambda v: v <= CPU_BAR))
    cap = summary["capacity"]
    if cap:
        expected = cap["expected_per_stream"]
        ok = all(r["errors"] == 0 and r["complete"] == r["streams"]
                 and (expected is None or r["events"] == expected * r["streams"]) for r in cap["runs"])
        n = cap["runs"][0]["streams"]
        bars.append(bar(f"{n} concurrent streams, every event delivered", 1.0 if ok else 0.0, 1.0,
                        lambda v: v == 1.0, shown="yes/no"))
    if summary["idle_rss_kb"] is not None:
        mb = summary["idle_rss_kb"] / 1024
        bars.append(bar(f"idle RSS ≤ {IDLE_RSS_BAR_MB:.0f} MB (headless)", mb, IDLE_RSS_BAR_MB,
                        lambda v: v <= IDLE_RSS_BAR_MB, shown="MB"))
    sbs = summary.get("side_by_side")
    for target in summary.get("dialect_targets", []):
        valid = bool(sbs) and all(sbs["paths"][t]["valid"] for t in ("direct", "switchyard", target))
        bars.append(bar(f"{label(target)} added p50 ≤ {DIALECT_BAR}× chat's (side by side)",
                        sbs["ratio"].get(target) if sbs else None, DIALECT_BAR, lambda v: v <= DIALECT_BAR, valid))
    return bars


def fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(result):
    m, s, targets = result["machine"], result["summary"], result["targets"]
    dialects = result["dialects"]
    lines = [
        f"# Switchyard benchmark — {result['timestamp']}",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['os']}, kernel {m['kernel']}; load average {m['loadavg_at_start']} "
        f"at start, {m['loadavg_at_end']} at end.",
        f"Tools: nginx {m['nginx']}, {m['wrk']}; Qt {m['qt_switchyard'] or m['qt_mock'] or 'unknown'}; "
        f"commit {m['git_commit']} ({m['git_dirty_files']} uncommitted files).",
        f"Config: {result['config']}.",
        "",
        "## Requests",
        "",
        "Latency: `bench/latency-probe`, one connection, one request at a time; every sample is a real request "
        "(wrk's coordinated-omission correction would turn one long stall into thousands of made-up samples). "
        "Throughput: wrk with the configured connections. Figures are medians over the rounds; \"added\" is the "
        "path minus direct; \"max\" is each round's slowest request.",
        "",
        "| path | p50 µs | p90 µs | p99 µs | added p50 µs | added p99 µs | rps | errors | p50 per round | p99 per round | max µs per round | rps per round |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for t in targets:
        row, added = s["wrk"][t], s["wrk"][t].get("added_us", {})
        lat = row["latency_us"]
        p50_rounds = " / ".join(fmt(r["p50"]) for r in row["latency_rounds"])
        p99_rounds = " / ".join(fmt(r["p99"]) for r in row["latency_rounds"])
        max_rounds = " / ".join(fmt(r.get("max")) for r in row["latency_rounds"])
        rps_rounds = " / ".join(fmt(r) for r in row["rps_rounds"])
        lines.append(f"| {label(t)} | {fmt(lat['p50'])} | {fmt(lat['p90'])} | {fmt(lat['p99'])} | "
                     f"{fmt(added.get('p50'))} | {fmt(added.get('p99'))} | {fmt(row['rps'])} | "
                     f"{row['errors']}{'' if row['valid'] else ' **INVALID**'} | {p50_rounds} | {p99_rounds} | {max_rounds} | {rps_rounds} |")
    if s.get("rps_ratio_rounds"):
        lines += ["", "Requests/s, Switchyard over nginx with 1 worker, each round's pair: "
                  + " / ".join(f"{r:.2f}×" for r in s["rps_ratio_rounds"]) + "."]
    sbs = s.get("side_by_side")
    if sbs:
        lines += ["", "## Translated dialects, side by side", "",
                  "One latency-probe per round takes turns over these paths, one request each in a new random order "
                  "every turn, so all of them share the same seconds of the machine. \"added\" is the path minus "
                  "this run's direct; the ratio is each round's added p50 over chat's, and its median is the bar.", "",
                  "| path | p50 µs | p99 µs | added p50 µs | added p99 µs | errors | p50 per round | ratio to chat per round | ratio |",
                  "|---|---:|---:|---:|---:|---:|---|---|---:|"]
        for t, row in sbs["paths"].items():
            added = row.get("added_us", {})
            p50_rounds = " / ".join(fmt(r["p50"]) for r in row["latency_rounds"])
            ratio_rounds = " / ".join(f"{v:.2f}" for v in sbs["ratio_rounds"].get(t, []))
            shown_ratio = f"{sbs['ratio'][t]:.2f}×" if sbs["ratio"].get(t) is not None else "–"
            lines.append(f"| {label(t)} | {fmt(row['latency_us']['p50'])} | {fmt(row['latency_us']['p99'])} | "
                         f"{fmt(added.get('p50'))} | {fmt(added.get('p99'))} | "
                         f"{row['errors']}{'' if row['valid'] else ' **INVALID**'} | {p50_rounds} | {ratio_rounds or '–'} | {shown_ratio} |")
    if s.get("skipped"):
        lines += ["", "Dialects this build does not translate yet (see run.sh), skipped: " + ", ".join(label(t) for t in s["skipped"]) + "."]
    if s["streams"]:
        lines += ["", "## Streams", "",
                  "Concurrent SSE streams (`bench/streams.py`); CPU is the server processes' time on a CPU "
                  "(/proc schedstat) over the events relayed; gaps are between consecutive events of a stream; "
                  "\"added\" is the path minus direct. Medians over the rounds.", "",
                  "| path | CPU µs/event | per round | TTFE p50 µs | added TTFE µs | gap p50 µs | gap p99 µs | "
                  "added gap p50 / p99 µs | streams complete | events lost | peak RSS MB |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for t, row in s["streams"].items():
            rounds = " / ".join(fmt(v, 1) for v in row["cpu_rounds"])
            added_gap = f"{fmt(row.get('added_gap_p50_us'))} / {fmt(row.get('added_gap_p99_us'))}" if t != "direct" else "–"
            lines.append(f"| {label(t)} | {fmt(row['cpu_us_per_event'], 1)} | {rounds} | {fmt(row['ttfe_p50_us'])} | "
                         f"{fmt(row.get('added_ttfe_p50_us'))} | {fmt(row['gap_p50_us'])} | {fmt(row['gap_p99_us'])} | "
                         f"{added_gap} | {row['complete']}/{row['streams']} | {fmt(row.get('events_lost'))} | "
                         f"{fmt((row['peak_rss_kb'] or 0) / 1024, 1)} |")
    if s["capacity"] or s["idle_rss_kb"] is not None:
        lines += ["", "## Memory and capacity (Switchyard)", ""]
        if s["idle_rss_kb"] is not None:
            lines.append(f"- idle RSS 1 s after start: **{s['idle_rss_kb'] / 1024:.1f} MB**")
        if s["capacity"]:
            for i, r in enumerate(s["capacity"]["runs"]):
                after = s["rss_after_kb"][i] / 1024 if i < len(s["rss_after_kb"]) else None
                lines.append(f"- {r['streams']} concurrent streams, run {i + 1}: {r['complete']} complete, "
                             f"{r['events']} events ({r['events_per_stream_min']}–{r['events_per_stream_max']} per stream), "
                             f"{r['errors']} errors, {r['duration_s']} s, peak RSS {fmt((r['peak_rss_kb'] or 0) / 1024, 1)} MB, "
                             f"RSS 3 s after {fmt(after, 1)} MB")
    busy = busy_note(m)
    if busy:
        lines += ["", busy]
    lines += ["", "## Bars (Switchyard against nginx with 1 worker)", ""]
    if not result["bars"]:
        lines.append("Not evaluated: Switchyard and nginx must both be measured (`--paths direct,nginx,switchyard`).")
    else:
        lines += ["| bar | measured | verdict |", "|---|---:|---|"]
        for b in result["bars"]:
            shown = {"ratio": f"{fmt(b['value'], 2)}×", "MB": f"{fmt(b['value'], 1)} MB",
                     "yes/no": "yes" if b["value"] == 1.0 else "no"}[b["shown"]]
            lines.append(f"| {b['bar']} | {shown} | {b['verdict']} |")
        lines += ["", result["verdict_text"]]
    invalid = [t for t in targets if not s["wrk"][t]["valid"]]
    if sbs:
        invalid += [f"{t} (side by side)" for t, row in sbs["paths"].items() if not row["valid"]]
    if invalid:
        lines += ["", f"**Invalid runs** (errors or missing data): {', '.join(invalid)}. See the logs in bench/.work/."]
    return "\n".join(lines) + "\n"


def busy_note(machine):
    """A warning when other work shared the CPUs: every figure is then noisier than usual."""
    try:
        load = float(machine["loadavg_at_start"].split()[0])
    except (ValueError, IndexError, AttributeError):
        return ""
    if load <= 0.5 * (machine["nproc"] or 1):
        return ""
    return (f"**Note:** the 1-minute load average was {load:.2f} on {machine['nproc']} CPUs when the run started: "
            "other work competed for the CPUs, so tails (p90/p99) and throughput are noisier than on an idle machine. "
            "Compare the per-round columns before trusting a small difference.")


def verdict_text(bars):
    if not bars:
        return ""
    failed = [b["bar"] for b in bars if b["verdict"] != "PASS"]
    if not failed:
        return f"Overall: **PASS** ({len(bars)} of {len(bars)} bars)."
    return f"Overall: **FAIL** — {len(bars) - len(failed)} of {len(bars)} bars pass; not: " + "; ".join(failed) + "."


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", required=True)
    parser.add_argument("--targets", required=True, help="space-separated, in report order")
    parser.add_argument("--dialects", default="", help="space-separated dialect targets (switchyard-NAME)")
    parser.add_argument("--json-out", required=True)
    parser.add_argument("--md-out", required=True)
    parser.add_argument("--mock-bin", default="")
    parser.add_argument("--switchyard-bin", default="")
    parser.add_argument("--nginx-bin", default="nginx")
    parser.add_argument("--config", default="")
    parser.add_argument("--load-start", default="")
    parser.add_argument("--root", default=".")
    args = parser.parse_args()

    with open(args.runs, encoding="utf-8") as f:
        runs = [json.loads(line) for line in f if line.strip()]
    targets, dialects = args.targets.split(), args.dialects.split()
    summary = summarise(runs, targets, dialects)
    summary["dialect_targets"] = dialects
    bars = evaluate(summary)
    result = {
        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(args),
        "config": args.config,
        "targets": targets,
        "dialects": dialects,
        "bar": {"added_p99_max": P99_BAR, "added_p50_max": P50_BAR, "rps_min": RPS_BAR, "cpu_per_event_max": CPU_BAR,
                "idle_rss_max_mb": IDLE_RSS_BAR_MB, "dialect_max": DIALECT_BAR},
        "summary": summary,
        "bars": bars,
        "verdict_text": verdict_text(bars),
        "runs": runs,
    }
    with open(args.json_out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    text = markdown(result)
    with open(args.md_out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    sbs = summary["side_by_side"]
    failed = (any(b["verdict"] != "PASS" for b in bars) or not all(w["valid"] for w in summary["wrk"].values())
              or (sbs is not None and not all(p["valid"] for p in sbs["paths"].values())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
