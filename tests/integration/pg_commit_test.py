#!/usr/bin/env python3
"""A COMMIT the synchronous standby has not confirmed is never acknowledged (issue 19, item 2).

Usage: pg_commit_test.py KLANG_BINARY PG_CLUSTER_SCRIPT

A private PostgreSQL 15 cluster whose synchronous standby ("ghost", set once the store is
prepared) never connects, so every
COMMIT under synchronous_commit = on waits for it — as a primary does whose standby is gone, or a
"zombie" primary whose Patroni was killed. The store is prepared with synchronous_commit = local.

1. The wait is cancelled (pg_cancel_backend): PostgreSQL answers the COMMIT with success and the
   warning "canceling wait for synchronous replication". Klang does not acknowledge; it retries by
   entry id, and the retry, which finds its entry stored, waits for the standby again. Once the
   standby condition is lifted, exactly one ACK, and the entry is stored once.
2. The wait is never answered: after KLANG_PG_COMMIT_WAIT_MS Klang abandons the connection (no
   cancel) and retries on new ones; the abandoned COMMIT keeps the organisation's lock while it
   waits, so the retries time out on the lock (lock_timeout) and try again; nothing is
   acknowledged, and nothing hangs for good. Once the standby confirms, the retry finds the entry.
"""
import os
import subprocess
import sys
import tempfile
import time

WAIT_S = 15  # for a server-side state to appear
STARTED = []  # every klang process started, stopped at the end whatever happens


def main():
    klang, cluster = sys.argv[1], sys.argv[2]
    # The cluster's own folder (pg_cluster.sh gives it to the postgres user when run as root).
    folder = f"{tempfile.gettempdir()}/klang-pg-commit-{os.getpid()}"
    env = dict(os.environ, PG_CLUSTER_OPTS="-c lc_messages=C")
    started = subprocess.run([cluster, "start", folder], env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    try:
        run_cases(klang, started.stdout.strip())
    finally:
        for process in STARTED:
            if process.poll() is None:
                process.kill()
        subprocess.run([cluster, "stop", folder], check=False)


def psql(url, sql):
    local = url + "?options=-csynchronous_commit%3Dlocal"
    return subprocess.run(["psql", local, "-qAtc", sql], check=True, capture_output=True, text=True,
                          timeout=30).stdout.strip()


def wait_for(what, predicate):
    deadline = time.time() + WAIT_S
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not seen within {WAIT_S} s: {what}")


def waiting_pids(url):
    rows = psql(url, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND application_name = 'klang'")
    return [int(pid) for pid in rows.split()] if rows else []


def set_standby(url, names):
    psql(url, f"ALTER SYSTEM SET synchronous_standby_names = '{names}'")
    psql(url, "SELECT pg_reload_conf()")


def entries(url):
    return int(psql(url, "SELECT COUNT(*) FROM ledger_entries"))


def load(klang, url, commit_wait_ms):
    env = dict(os.environ, KLANG_PG_COMMIT_WAIT_MS=str(commit_wait_ms))
    process = subprocess.Popen([klang, "append-load", "--db", url, "--orgs", "1", "--count", "1", "--threads", "1"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    STARTED.append(process)
    return process


def finish(process, url, before, label):
    out, err = process.communicate(timeout=60)
    acks = [line for line in out.splitlines() if line.startswith("ACK ")]
    assert process.returncode == 0 and len(acks) == 1, (label, process.returncode, out, err)
    entry_id = acks[0].split()[3]
    assert int(psql(url, f"SELECT COUNT(*) FROM ledger_entries WHERE entry_id = '{entry_id}'")) == 1, label
    assert entries(url) == before + 1, (label, entries(url), before)


def run_cases(klang, url):
    local = url + "?options=-csynchronous_commit%3Dlocal"
    for command in (["init", "--db", local], ["demo", "--db", local, "--orgs", "1", "--days", "2"]):
        done = subprocess.run([klang, *command], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    set_standby(url, "ghost")  # from now on every synchronous COMMIT waits for a standby that never comes

    # 1. The wait cancelled: success with a warning is not an acknowledgement.
    before = entries(url)
    process = load(klang, url, commit_wait_ms=60_000)
    first = wait_for("a COMMIT waiting for the standby", lambda: waiting_pids(url))
    assert entries(url) == before  # committed locally, not visible while it waits
    psql(url, f"SELECT pg_cancel_backend({first[0]})")
    again = wait_for("the retry waiting for the standby on a new connection",
                     lambda: [pid for pid in waiting_pids(url) if pid not in first])
    assert process.poll() is None, process.communicate()
    assert entries(url) == before + 1  # the first COMMIT happened locally; the retry found it
    print(f"ok: the cancelled wait (backend {first[0]}) was not acknowledged; the retry (backend {again[0]}) "
          "found its entry and waits for the standby too")
    set_standby(url, "")
    finish(process, url, before, "cancelled")
    print("ok: once the standby condition is lifted, one ACK and the entry stored once")

    # 2. The wait never answered: abandoned after 1.5 s, no cancel, retried on new connections.
    set_standby(url, "ghost")
    before = entries(url)
    process = load(klang, url, commit_wait_ms=1_500)
    first = wait_for("a COMMIT waiting for the standby", lambda: waiting_pids(url))
    time.sleep(5)
    assert process.poll() is None, process.communicate()
    assert entries(url) == before  # still waiting for the standby, so not visible yet
    retries = int(psql(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'klang'"))
    assert waiting_pids(url) == first, (first, waiting_pids(url))
    print(f"ok: after 5 s the abandoned COMMIT (backend {first[0]}) still waits, the retries time out on its "
          f"lock ({retries} klang connections), nothing acknowledged")
    set_standby(url, "")
    finish(process, url, before, "abandoned")
    print("ok: the standby confirms, one ACK, the entry stored once")


if __name__ == "__main__":
    main()
