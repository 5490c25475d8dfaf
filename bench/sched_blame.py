#!/usr/bin/env python3
"""Who kept a thread off the CPU: reads `perf sched timehist` output (all tasks) and, for every
time THREAD waited runnable longer than --min-ms (its "sch delay"), adds up which other tasks
ran meanwhile on the CPU it then ran on (the run queue it waited in). Also prints each thread of the watched process's total run time.
Recipe in bench/README.md ("Profiling").

    perf sched record -o sched.data -- sleep 5        # while the load runs
    perf sched timehist -i sched.data > timehist.txt
    bench/sched_blame.py timehist.txt --thread gateway --process switchyard
"""

import argparse
import bisect
import collections
import sys


def rows_of(path):
    """(start s, end s, task, sch delay s, cpu) per line of timehist output."""
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 6 or not p[0][:1].isdigit():
                continue
            try:
                end, delay, run = float(p[0]), float(p[-2]) / 1000, float(p[-1]) / 1000
            except ValueError:
                continue
            rows.append((end - run, end, p[2], delay, p[1]))
    rows.sort()
    return rows


def name_of(task):
    return task.split("[", 1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("timehist")
    parser.add_argument("--thread", default="gateway", help="thread name (comm) to explain")
    parser.add_argument("--process", default="", help="also list the run time of this process's threads (pid)")
    parser.add_argument("--min-ms", type=float, default=0.5)
    args = parser.parse_args()

    rows = rows_of(args.timehist)
    watched = [r for r in rows if name_of(r[2]) == args.thread]
    if not watched:
        print(f"no task named {args.thread} in {args.timehist}", file=sys.stderr)
        return 1
    delayed = [r for r in watched if r[3] * 1000 > args.min_ms]
    span = rows[-1][1] - rows[0][0]
    print(f"{args.thread}: {len(watched)} times on a CPU over {span:.1f} s, "
          f"{sum(r[1] - r[0] for r in watched) * 1000:.0f} ms running; "
          f"{len(delayed)} waits runnable > {args.min_ms} ms, {sum(r[3] for r in delayed) * 1000:.1f} ms in all, "
          f"longest {max((r[3] for r in delayed), default=0) * 1000:.2f} ms")
    blame = collections.Counter()
    starts = [r[0] for r in rows]
    for r in delayed:
        begin, end = r[0] - r[3], r[0]
        i = max(0, bisect.bisect_left(starts, begin - 0.1))
        while i < len(rows) and rows[i][0] < end:
            o = rows[i]
            overlap = min(end, o[1]) - max(begin, o[0])
            if overlap > 0 and o[4] == r[4] and o[2] != r[2] and name_of(o[2]) != "<idle>":
                blame[name_of(o[2])] += overlap * 1000
            i += 1
    print("running on its CPU while it waited (ms):")
    for task, ms in blame.most_common(10):
        print(f"  {task:24s} {ms:8.1f}")
    if args.process:
        threads = collections.Counter()
        for r in rows:
            if r[2].endswith(f"/{args.process}]"):
                threads[name_of(r[2])] += (r[1] - r[0]) * 1000
        print(f"threads of process {args.process}, ms on a CPU:")
        for task, ms in threads.most_common():
            print(f"  {task:24s} {ms:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
