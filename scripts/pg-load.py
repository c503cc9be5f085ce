#!/usr/bin/env python3
"""The shared register under load (issue 28; figures in docs/performance.md).

    scripts/pg-load.py BINARY [--million]

Starts a throwaway PostgreSQL cluster (scripts/pg-test-server.sh, as root), makes the register
as its owner and grants the clerks' role as README.md says, then, as the clerks:
  - records 200 cases to close later;
  - runs 10 `cases add` at once: 8 of distinct 1,000-row registers, and 2 of registers that
    overlap by 500 rows (the same ids with the same facts); while they run, closes the 200
    cases one `cases close` process after another and times each (process start, connect
    with TLS, the versioned update and its audit event, exit);
  - checks: every process exited 0; every id recorded exactly once (`cases list`); one audit
    event per change (recorded or closed: `cases audit`); `cases verify` whole.
With --million: adds synthetic cases as the owner (copies of the recorded rows under new
ids, straight into the table: they are not in the audit trail, so verify is not run on
them) until there are 1,000,000, and times `cases report --year 2025 --format json`
(median of 3). Prints the figures; exits 1 if a check fails.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    million = "--million" in sys.argv[2:]
    work = tempfile.mkdtemp(prefix="pg-load-")
    os.chmod(work, 0o755)  # the server runs as postgres, and its folder is in here
    pg_dir = os.path.join(work, "pg")
    os.makedirs(pg_dir)
    port = str(30000 + os.getpid() % 20000)
    server = os.path.join(ROOT, "scripts", "pg-test-server.sh")
    env_text = subprocess.run([server, "start", pg_dir, port], check=True, capture_output=True,
                              text=True).stdout
    env = dict(os.environ)
    for line in env_text.splitlines():
        k, v = line.removeprefix("export ").split("=", 1)
        env[k] = v
    env["DELEGATION_TRACKER_DATA_DIR"] = os.path.join(work, "data")
    owner = env["DELEGATION_TRACKER_TEST_PG"]
    clerk = env["DELEGATION_TRACKER_TEST_PG_CLERK"]
    failed = []
    try:
        run(binary, env, ["cases", "init", "--store", owner])
        psql(env, pg_dir, port, """
            GRANT USAGE ON SCHEMA public TO dt_clerk;
            GRANT SELECT ON schema_version TO dt_clerk;
            GRANT SELECT, UPDATE ON chain_head TO dt_clerk;
            GRANT SELECT, INSERT, UPDATE ON cases TO dt_clerk;
            GRANT SELECT, INSERT ON events TO dt_clerk;
            GRANT SELECT, INSERT, UPDATE, DELETE ON limits TO dt_clerk;
            REVOKE UPDATE, DELETE, TRUNCATE ON events FROM dt_clerk;
            GRANT SELECT, INSERT, UPDATE ON handover_records TO dt_clerk;""")
        env["DELEGATION_TRACKER_STORE"] = clerk

        gen = os.path.join(ROOT, "scripts", "gen-register.py")
        base = os.path.join(work, "base.csv")
        subprocess.run([sys.executable, gen, "1500", base, "7"], check=True)
        with open(base, encoding="utf-8", newline="") as f:
            lines = f.read().split("\r\n")
        header, rows = lines[0], [r for r in lines[1:] if r]

        def register(name, body):
            path = os.path.join(work, name + ".csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write("\r\n".join([header] + body) + "\r\n")
            return path

        pre = register("pre", [r.replace("GEN-", "PRE-", 1) for r in rows[:200]])
        run(binary, env, ["cases", "add", pre, "--as", "前台"], ok=(0, 1))
        to_close = [c["id"] for c in cases(binary, env)]

        # Rounds of the 10 at once (new ids each round), closing meanwhile, until 100 closes
        # have been timed under load.
        close_times, load_s, rounds, prefixes = [], 0.0, 0, []
        while len(close_times) < 100 and rounds < 20 and to_close:
            tag = f"R{rounds}"
            distinct = [register(f"{tag}p{n}", [r.replace("GEN-", f"{tag}P{n}-", 1)
                                                for r in rows[:1000]]) for n in range(8)]
            overlap = [register(f"{tag}ov-a", [r.replace("GEN-", f"{tag}OV-", 1)
                                               for r in rows[:1000]]),
                       register(f"{tag}ov-b", [r.replace("GEN-", f"{tag}OV-", 1)
                                               for r in rows[500:1500]])]
            prefixes += [(f"{tag}OV-", 1500)] + [(f"{tag}P{n}-", 1000) for n in range(8)]
            t0 = time.monotonic()
            procs = [(p, subprocess.Popen([binary, "cases", "add", p, "--as", f"clerk{n}"],
                                          env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
                     for n, p in enumerate(distinct + overlap)]
            while to_close and any(p.poll() is None for _, p in procs):
                t = time.monotonic()
                run(binary, env, ["cases", "close", to_close.pop(), "--on", "2026-12-31",
                                  "--result", "granted", "--as", "coordinator"])
                close_times.append(time.monotonic() - t)
            for path, p in procs:
                out, err = p.communicate()
                # INVALID rows (exit 1) would be named, not recorded.
                if p.returncode not in (0, 1):
                    failed.append(f"{os.path.basename(path)} exited {p.returncode}: {err.strip()}")
                if rounds == 0:
                    print(f"{os.path.basename(path)}: exit {p.returncode}: "
                          f"{err.strip().splitlines()[-1]}")
            load_s += time.monotonic() - t0
            rounds += 1

        listed = cases(binary, env)
        ids = [c["id"] for c in listed]
        if len(ids) != len(set(ids)):
            failed.append("an id is listed twice")
        # Every row that routes (not INVALID) is recorded exactly once, under each prefix.
        routed = [json.loads(line) for line in
                  run(binary, env, ["route", base, "--format", "json"], ok=(0, 1)).splitlines()]
        good = [i for i, r in enumerate(routed) if r["outcome"] != "INVALID"]
        for prefix, n_rows in prefixes:
            want = {prefix + rows[i].split(",", 1)[0].removeprefix("GEN-")
                    for i in good if i < n_rows}
            got = {i for i in ids if i.startswith(prefix)}
            if want != got:
                failed.append(f"{prefix}: {len(want - got)} missing, {len(got - want)} not asked for")
        events = subprocess.run([binary, "cases", "audit", "--format", "json"], env=env,
                                capture_output=True, text=True, check=True).stdout.splitlines()
        kinds = {}
        for e in events:
            k = json.loads(e)["kind"]
            kinds[k] = kinds.get(k, 0) + 1
        closed = sum(1 for c in listed if c["status"] == "closed")
        if kinds.get("recorded", 0) != len(listed):
            failed.append(f"{kinds.get('recorded', 0)} 'recorded' events for {len(listed)} cases")
        if kinds.get("closed", 0) != closed:
            failed.append(f"{kinds.get('closed', 0)} 'closed' events for {closed} closed cases")
        verify = subprocess.run([binary, "cases", "verify"], env=env, capture_output=True,
                                text=True)
        if verify.returncode != 0:
            failed.append("cases verify: " + verify.stdout + verify.stderr)
        print(f"load: {rounds} rounds of 10 cases add at once, {load_s:.1f} s in all; "
              f"{len(listed)} cases in the register, events {kinds}; verify exit "
              f"{verify.returncode}")
        if close_times:
            ranked = sorted(close_times)
            p95 = ranked[max(0, -(-95 * len(ranked) // 100) - 1)]  # nearest rank
            print(f"cases close under that load: {len(ranked)} closes, median "
                  f"{statistics.median(ranked) * 1000:.0f} ms, 95th percentile "
                  f"{p95 * 1000:.0f} ms, max {ranked[-1] * 1000:.0f} ms")

        if million:
            have = len(listed)
            copies = -(-(1_000_000 - have) // have)
            psql(env, pg_dir, port, f"""
                INSERT INTO cases SELECT id || '-x' || g, item, received, in_zone, facts,
                    applicant, notice, outcome, approving_body, decisions, status, closed,
                    result, note, working_days, recorded_by, recorded_at, version, last_event
                FROM cases, generate_series(1, {copies}) g;""")
            # As autovacuum does after a bulk load (it is not waited for here): the year's
            # figures read the cases_figures index alone once the table's pages are all-visible.
            psql(env, pg_dir, port, "VACUUM ANALYZE cases")
            n = int(psql(env, pg_dir, port, "SELECT count(*) FROM cases", out=True))
            env["DELEGATION_TRACKER_STORE"] = clerk
            times = []
            for _ in range(3):
                t = time.monotonic()
                run(binary, env, ["cases", "report", "--year", "2025", "--format", "json",
                                  "--today", "2026-12-07"])
                times.append(time.monotonic() - t)
            print(f"cases report --year 2025 over {n} cases: median {statistics.median(times):.2f} s "
                  f"({', '.join(f'{t:.2f}' for t in times)})")
    finally:
        subprocess.run([server, "stop", pg_dir])
        subprocess.run(["rm", "-rf", work])
    if failed:
        print("pg-load: FAILED:\n  " + "\n  ".join(failed), file=sys.stderr)
        sys.exit(1)


def run(binary, env, args, ok=(0,)):
    p = subprocess.run([binary] + args, env=env, capture_output=True, text=True)
    if p.returncode not in ok:
        sys.exit(f"pg-load: {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def cases(binary, env):
    out = run(binary, env, ["cases", "list", "--format", "json", "--today", "2026-12-07"])
    return [json.loads(line) for line in out.splitlines()]


def psql(env, pg_dir, port, sql, out=False):
    """Runs `sql` as the register's owner (its password from the cluster's password file)."""
    bin_dir = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    p = subprocess.run([f"/usr/lib/postgresql/{bin_dir}/bin/psql", "-X", "-q", "-t", "-A",
                        "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", "dt_owner",
                        "-d", "dt", "-c", sql], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"pg-load: psql: {p.stderr}")
    return p.stdout.strip() if out else None


if __name__ == "__main__":
    main()
