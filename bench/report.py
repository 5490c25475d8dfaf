#!/usr/bin/env python3
"""Summarise bench/run.sh measurements: medians per target, latency added over the direct path,
Switchyard-vs-nginx ratios with PASS/FAIL against the bar, machine info. Writes the JSON result
and the Markdown summary, prints the Markdown, exits 1 when a run is invalid or a bar fails."""

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

LATENCY_BAR = 2.0  # Switchyard's added p50 may be at most 2x nginx's
RPS_BAR = 0.5  # Switchyard's throughput must be at least half of nginx's

LABELS = {
    "direct": "direct (mock)",
    "nginx-1w": "nginx, 1 worker",
    "nginx-auto": f"nginx, auto ({os.cpu_count()} workers)",
    "switchyard": "switchyard",
    "switchyard-ollama": "switchyard, Ollama /api/chat (translated)",
}


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


def summarise(runs, targets):
    grouped = defaultdict(list)
    for entry in runs:
        grouped[(entry["target"], entry["mode"])].append(entry["result"])
    summary = {}
    for target in targets:
        lat, tput = grouped[(target, "latency")], grouped[(target, "throughput")]
        med = lambda rows, key: statistics.median(r["latency_us"][key] for r in rows) if rows else None
        errors = sum(r["errors"] for r in lat + tput)
        summary[target] = {
            "latency_us": {k: med(lat, k) for k in ("p50", "p90", "p99")},
            "latency_rounds": [r["latency_us"] for r in lat],
            "rps": statistics.median(r["rps"] for r in tput) if tput else None,
            "rps_rounds": [r["rps"] for r in tput],
            "throughput_latency_us": {k: med(tput, k) for k in ("p50", "p99")},
            "errors": errors,
            "valid": errors == 0 and bool(lat) and bool(tput),
        }
    direct = summary["direct"]["latency_us"]
    for target in targets:
        if target != "direct":
            summary[target]["added_us"] = {k: summary[target]["latency_us"][k] - direct[k] for k in ("p50", "p99")}
    return summary


def evaluate(summary):
    """The bar, against each nginx variant that was measured (needs Switchyard too)."""
    bars = []
    if "switchyard" not in summary:
        return bars
    sy = summary["switchyard"]
    for nginx in ("nginx-1w", "nginx-auto"):
        if nginx not in summary:
            continue
        ng = summary[nginx]
        valid = sy["valid"] and ng["valid"] and summary["direct"]["valid"]
        ng_added = ng["added_us"]["p50"]
        latency_ratio = sy["added_us"]["p50"] / ng_added if ng_added > 0 else None
        rps_ratio = sy["rps"] / ng["rps"] if ng["rps"] else None
        for name, ratio, passed in (
            ("added_p50", latency_ratio, latency_ratio is not None and latency_ratio <= LATENCY_BAR),
            ("rps", rps_ratio, rps_ratio is not None and rps_ratio >= RPS_BAR),
        ):
            verdict = "INVALID" if not valid else ("N/A" if ratio is None else ("PASS" if passed else "FAIL"))
            bars.append({"against": nginx, "bar": name, "ratio": ratio, "verdict": verdict})
    return bars


def fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(result):
    m, s, targets = result["machine"], result["summary"], result["targets"]
    lines = [
        f"# Switchyard benchmark — {result['timestamp']}",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['os']}, kernel {m['kernel']}; load average {m['loadavg_at_start']} "
        f"at start, {m['loadavg_at_end']} at end.",
        f"Tools: nginx {m['nginx']}, {m['wrk']}; Qt {m['qt_switchyard'] or m['qt_mock'] or 'unknown'}; "
        f"commit {m['git_commit']} ({m['git_dirty_files']} uncommitted files).",
        f"Config: {result['config']}.",
        "",
        "Latency: wrk `-t1 -c1` (one request in flight). Throughput: wrk with the configured connections. "
        "Figures are medians over the rounds; \"added\" is the path minus direct.",
        "",
        "| path | p50 µs | p90 µs | p99 µs | added p50 µs | added p99 µs | rps | errors | p50 per round | rps per round |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for t in targets:
        row, added = s[t], s[t].get("added_us", {})
        lat = row["latency_us"]
        p50_rounds = " / ".join(fmt(r["p50"]) for r in row["latency_rounds"])
        rps_rounds = " / ".join(fmt(r) for r in row["rps_rounds"])
        lines.append(f"| {LABELS.get(t, t)} | {fmt(lat['p50'])} | {fmt(lat['p90'])} | {fmt(lat['p99'])} | "
                     f"{fmt(added.get('p50'))} | {fmt(added.get('p99'))} | {fmt(row['rps'])} | "
                     f"{row['errors']}{'' if row['valid'] else ' **INVALID**'} | {p50_rounds} | {rps_rounds} |")
    busy = busy_note(m)
    if busy:
        lines += ["", busy]
    lines += ["", "## Bar: Switchyard added p50 ≤ 2× nginx's, Switchyard rps ≥ 0.5× nginx's", ""]
    if not result["bars"]:
        lines.append("Not evaluated: Switchyard and nginx must both be measured (`--paths direct,nginx,switchyard`).")
    else:
        lines += ["| against | added p50 ratio | verdict | rps ratio | verdict |", "|---|---:|---|---:|---|"]
        for nginx in ("nginx-1w", "nginx-auto"):
            pair = {b["bar"]: b for b in result["bars"] if b["against"] == nginx}
            if pair:
                lat, rps = pair["added_p50"], pair["rps"]
                lines.append(f"| {LABELS[nginx]} | {fmt(lat['ratio'], 2)}× | {lat['verdict']} | "
                             f"{fmt(rps['ratio'], 2)}× | {rps['verdict']} |")
        lines += ["", result["verdict_text"]]
    invalid = [t for t in targets if not s[t]["valid"]]
    if invalid:
        lines += ["", f"**Invalid runs** (errors or missing data): {', '.join(invalid)}. See the wrk logs in bench/.work/."]
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
    parts = []
    for nginx in ("nginx-1w", "nginx-auto"):
        verdicts = [b["verdict"] for b in bars if b["against"] == nginx]
        if verdicts:
            overall = "PASS" if all(v == "PASS" for v in verdicts) else next(v for v in ("INVALID", "FAIL", "N/A") if v in verdicts)
            parts.append(f"against {LABELS[nginx]}: **{overall}**")
    return ("Overall — " + "; ".join(parts) + ". nginx with 1 worker is the like-for-like comparison "
            "(Switchyard serves from one gateway thread); auto uses every CPU.") if parts else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", required=True)
    parser.add_argument("--targets", required=True, help="space-separated, in report order")
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
    targets = args.targets.split()
    summary = summarise(runs, targets)
    bars = evaluate(summary)
    result = {
        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(args),
        "config": args.config,
        "targets": targets,
        "bar": {"added_p50_max_ratio": LATENCY_BAR, "rps_min_ratio": RPS_BAR},
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
    failed = any(b["verdict"] in ("FAIL", "INVALID") for b in bars) or not all(s["valid"] for s in summary.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
