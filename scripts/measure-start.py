#!/usr/bin/env python3
"""The start against a blank window (issue 29): time to the first frame, wall time to the exit,
CPU and maximum RSS, for the app's `--smoke` and `examples/blank_window.rs`, alternating.

    python3 scripts/measure-start.py APP BLANK [--series 5] [--each 7]

Both programs print `first frame: <ns since DELEGATION_TRACKER_STARTED_AT>` to standard error
when that variable is set (unix time in nanoseconds, taken here just before the spawn). Run
under a display (Xvfb) with the app's settings and data folders in the environment. Prints one
line per start and, per series and pooled, the medians and the app's ratio to the blank's.
"""
import argparse
import os
import re
import statistics
import subprocess
import time


def start(cmd):
    env = dict(os.environ)
    t0 = time.time_ns()
    env["DELEGATION_TRACKER_STARTED_AT"] = str(t0)
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.time_ns() - t0) / 1e6
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[0]} exited {status}: {err.decode(errors='replace')}")
    m = re.search(rb"first frame: (\d+)", err)
    if not m:
        raise SystemExit(f"{cmd[0]} printed no first frame: {err.decode(errors='replace')}")
    return {
        "first": int(m.group(1)) / 1e6,
        "wall": wall,
        "cpu": (ru.ru_utime + ru.ru_stime) * 1e3,
        "rss": ru.ru_maxrss / 1024,
    }


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("blank")
    ap.add_argument("--series", type=int, default=5)
    ap.add_argument("--each", type=int, default=7)
    a = ap.parse_args()
    progs = {"app": [a.app, "--smoke"], "blank": [a.blank]}
    pooled = {k: [] for k in progs}
    for s in range(a.series):
        runs = {k: [] for k in progs}
        for i in range(a.each):
            order = ["app", "blank"] if (s + i) % 2 == 0 else ["blank", "app"]
            for k in order:
                r = start(progs[k])
                runs[k].append(r)
                print(f"series {s + 1} start {i + 1} {k:5}: first frame {r['first']:6.1f} ms, "
                      f"exit {r['wall']:6.1f} ms, cpu {r['cpu']:5.1f} ms, rss {r['rss']:5.1f} MB")
        for k in progs:
            pooled[k] += runs[k]
        print(f"series {s + 1}: first frame app {med(runs['app'], 'first'):.1f} / blank "
              f"{med(runs['blank'], 'first'):.1f} ms = "
              f"{med(runs['app'], 'first') / med(runs['blank'], 'first'):.3f}x")
    print("pooled medians (app / blank / ratio):")
    for key, unit in (("first", "ms"), ("wall", "ms"), ("cpu", "ms"), ("rss", "MB")):
        x, b = med(pooled["app"], key), med(pooled["blank"], key)
        extra = f"{x / b:.3f}x" if key != "rss" else f"+{x - b:.1f} MB"
        print(f"  {key:5}: {x:7.1f} / {b:7.1f} {unit}  {extra}")


if __name__ == "__main__":
    main()
