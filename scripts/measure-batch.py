#!/usr/bin/env python3
"""The batch screen's speed in a real window (issue 20), as docs/performance.md's tables report it.

    scripts/measure-batch.py BIN REGISTER [DISPLAY]

Starts BIN on REGISTER in an Xvfb of 1280x800 (DISPLAY, default :78, started here when no
server answers there), then does each action below three times and prints, per action, the
median latency and the app's CPU time: from just before xdotool sends the event the app acts
on until the app's threads last ran (their run time from /proc/PID/task/*/schedstat, polled
every 1 ms) before 400 ms of quiet. Then it opens the path prompt and reads the window's CPU
time over 10 s idle. Needs xdotool and Xvfb; the app runs at the niceness APP_NICE (default 0).
The coordinates are those of the batch screen at 1.0x in zh.
"""

import glob, json, os, signal, statistics, subprocess, sys, tempfile, time

BIN = sys.argv[1]
FILE = sys.argv[2]
DISPLAY = sys.argv[3] if len(sys.argv) > 3 else ':78'
env = dict(os.environ, DISPLAY=DISPLAY)
tmp = tempfile.mkdtemp()
env['DELEGATION_TRACKER_DATA_DIR'] = tmp + '/data'
env['DELEGATION_TRACKER_CONFIG_DIR'] = tmp + '/config'
env.pop('DBUS_SESSION_BUS_ADDRESS', None)

def run_ns(pid):
    t = 0
    for d in glob.glob(f'/proc/{pid}/task/*'):
        try:
            # The async runtime's helper threads (blocking-N, async-io) wake now and then
            # for about 0.03 ms a second whatever the window does: not the window's work.
            if open(d + '/comm').read().strip().startswith(('blocking-', 'async-io')):
                continue
            t += int(open(d + '/schedstat').read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return t

def all_ns(pid):
    return sum(int(open(f).read().split()[0]) for f in glob.glob(f'/proc/{pid}/task/*/schedstat'))

def settle(pid, t0, quiet=0.4, limit=60, ns0=None):
    last_ns = run_ns(pid) if ns0 is None else ns0; last_change = t0
    while True:
        time.sleep(0.001)
        now = time.monotonic(); ns = run_ns(pid)
        if ns != last_ns:
            last_ns = ns; last_change = now
        elif now - last_change >= quiet:
            return last_change - t0
        if now - t0 > limit:
            return float('inf')

def xdo(*args):
    subprocess.run(['xdotool', *args], env=env, check=True)

def act(pid, *cmds):
    # Commands before the one marked '>' are sent untimed; the marked one is timed from just
    # before it is sent until the app is quiet; the ones after it are sent untimed.
    timed = [i for i, c in enumerate(cmds) if c[0].startswith('>')]
    k = timed[0] if timed else 0
    for c in cmds[:k]:
        xdo(*c)
    settle(pid, time.monotonic())  # start from quiet
    ns0 = run_ns(pid)
    t0 = time.monotonic()
    xdo(cmds[k][0].lstrip('>'), *cmds[k][1:])
    lat = settle(pid, t0, ns0=ns0)
    cpu = (run_ns(pid) - ns0) / 1e6
    for c in cmds[k + 1:]:
        xdo(*c)
    settle(pid, time.monotonic())
    return lat, cpu

ACTIONS = [
    'scroll_1|mousemove 600 450|>mousedown 5|mouseup 5',
    'scroll_10|mousemove 600 450|>click --repeat 10 --delay 1 5',
    'scroll_up_10|mousemove 600 450|>click --repeat 10 --delay 1 4',
    'open_filter|mousemove 760 127|>mousedown 1|mouseup 1',
    'pick_filter|mousemove 760 209|>mousedown 1|mouseup 1',
    'open_filter|mousemove 760 127|>mousedown 1|mouseup 1',
    'back_to_all|mousemove 760 155|>mousedown 1|mouseup 1',
    'sort_outcome|mousemove 190 184|mousedown 1|>mouseup 1',
    'sort_id|mousemove 45 184|mousedown 1|>mouseup 1',
    'row_card|mousemove 300 220|mousedown 1|>mouseup 1',
    'close_card|mousemove 510 189|mousedown 1|>mouseup 1',
    'nav_away|>keydown --delay 0 ctrl+1|keyup --delay 0 ctrl+1',
    'nav_back|>keydown --delay 0 ctrl+7|keyup --delay 0 ctrl+7',
]

def main():
    results = {}
    p = subprocess.Popen(['nice', '-n', os.environ.get('APP_NICE', '0'), BIN, FILE], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    wid = None
    while wid is None:
        if p.poll() is not None or time.monotonic() - t0 > 60:
            sys.exit(f'measure-batch: no window from {BIN} (exit {p.poll()})')
        r = subprocess.run(['xdotool', 'search', '--onlyvisible', '--class', '.'], env=env, capture_output=True, text=True)
        if r.stdout.strip():
            wid = r.stdout.split()[0]
        else:
            time.sleep(0.05)
    load = settle(p.pid, t0, quiet=1.0)
    print(json.dumps({'window': wid, 'load_until_quiet_s': round(load, 3)}), flush=True)
    xdo('windowfocus', wid)
    # commands from stdin: lines "name|xdotool args|xdotool args..."; "idle|secs"; "shot|path"
    seq = ACTIONS * 3 + ['rss|', 'open_prompt|mousemove 75 127|mousedown 1|>mouseup 1', 'idle|10']
    for line in seq:
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        name, *rest = line.split('|')
        if name == 'idle':
            settle(p.pid, time.monotonic())
            a = run_ns(p.pid); a_all = all_ns(p.pid); time.sleep(float(rest[0])); b = run_ns(p.pid); b_all = all_ns(p.pid)
            print(json.dumps({'idle_cpu_ms_window': (b - a) / 1e6, 'idle_cpu_ms_all_threads': (b_all - a_all) / 1e6, 'over_s': float(rest[0])}), flush=True)
        elif name == 'shot':
            settle(p.pid, time.monotonic())
            subprocess.run(['import', '-window', 'root', rest[0]], env=env, check=True)
        elif name == 'rss':
            print(json.dumps({'rss_mb': int([l for l in open(f'/proc/{p.pid}/status') if l.startswith('VmRSS')][0].split()[1]) / 1024}), flush=True)
        else:
            lat, cpu = act(p.pid, *[c.split() for c in rest])
            results.setdefault(name, []).append((lat * 1000, cpu))
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
    for k, v in results.items():
        print(f"{k:14} median {statistics.median(x[0] for x in v):6.1f} ms   cpu {statistics.median(x[1] for x in v):5.1f} ms   all {[round(x[0], 1) for x in v]}")


if __name__ == '__main__':
    if subprocess.run(['xdotool', 'getdisplaygeometry'], env=env, capture_output=True).returncode != 0:
        xvfb = subprocess.Popen(['Xvfb', DISPLAY, '-screen', '0', '1280x800x24'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    else:
        xvfb = None
    try:
        main()
    finally:
        if xvfb:
            xvfb.terminate()
