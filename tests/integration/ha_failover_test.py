#!/usr/bin/env python3
"""Zero-loss failover of the national store, on one machine (issue 19, item 4).

Usage: ha_failover_test.py KLANG_BINARY DEPLOY_CLUSTER_SH VERIFY_CHAIN_TOOL

deploy/cluster.sh brings up three etcd members, three PostgreSQL nodes under Patroni (strict
synchronous replication, remote_apply) and HAProxy; two `klang serve` processes use the store
through HAProxy. Eight clients post general vouchers through both servers, each with an entry id
it chose, retrying the same id after any failure, and record every acknowledgement (201: seq and
hash). Then:

1. kill -9 the leader (Patroni and PostgreSQL): writes resume within 60 s (the gap is printed);
   the old leader is started again and rejoins as a replica.
2. the zombie: kill -9 only the new leader's Patroni, PostgreSQL keeps running; writes resume,
   no request hangs for good (each is answered within ANSWER_S); Patroni started again demotes
   and rewinds it, and it rejoins.
3. every acknowledged voucher is stored once, with the same seq and hash; `klang verify` passes;
   tools/klang-verify-chain passes on each organisation's export with --expect-head at the last
   acknowledgement.
4. pgBackRest point-in-time restore to an instant between marker A and marker B holds A and not B,
   and verifies.
"""
import collections
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, free_port  # noqa: E402

RESUME_S = 60  # writes must flow again within this after a leader is lost
ANSWER_S = 150  # no request waits longer (the server's retries end after 60 s, a commit's wait after 30 s)
REJOIN_S = 120
CLIENTS_PER_SERVER_AND_ORG = 2
STARTED = []


def run(*args, env=None, timeout=600, check=True):
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def free_port_block(size):
    """A base port with `size` free ports above it."""
    for base in range(26000, 60000, 97):
        try:
            for port in range(base, base + size):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise AssertionError("no free block of ports")


def today_bangkok():
    return datetime.now(ZoneInfo("Asia/Bangkok")).date().isoformat()


class Cluster:
    def __init__(self, script, folder):
        self.script, self.folder = script, folder
        self.env = dict(os.environ, KLANG_CLUSTER_PORT=str(free_port_block(40)))

    def __call__(self, *args, timeout=300):
        return run(self.script, args[0], self.folder, *args[1:], env=self.env, timeout=timeout).stdout.strip()

    def members(self):
        rows = run(self.script, "members", self.folder, env=self.env, check=False).stdout.split()
        return {rows[i]: (rows[i + 1], rows[i + 2]) for i in range(0, len(rows) - 3, 4)}

    def wait_new_leader(self, old, since):
        """Until a node other than `old` leads (a node restarted within the TTL would lead again);
        returns when it was seen."""
        deadline = since + RESUME_S
        while time.time() < deadline:
            leaders = [name for name, (role, state) in self.members().items()
                       if role == "leader" and state == "running" and name != f"pg{old}"]
            if leaders:
                print(f"ok: {leaders[0]} leads {time.time() - since:.1f} s after pg{old} was lost")
                return time.time()
            time.sleep(0.2)
        raise AssertionError(f"no new leader within {RESUME_S} s: {self.members()}")

    def wait_rejoined(self, node):
        deadline = time.time() + REJOIN_S
        while time.time() < deadline:
            role, state = self.members().get(f"pg{node}", ("", ""))
            if role in ("replica", "sync_standby") and state in ("running", "streaming"):
                return time.time()
            time.sleep(0.5)
        raise AssertionError(f"pg{node} did not rejoin as a replica within {REJOIN_S} s: {self.members()}")


class Load:
    """Clients posting vouchers; each acknowledgement is (entry id, org, seq, hash, time)."""

    def __init__(self, sessions):
        self.sessions = sessions  # [(Client, org)]
        self.acks, self.longest_s, self.failures = [], 0.0, collections.Counter()
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.errors = []  # what ended a client thread: raised again by finish()
        self.threads = [threading.Thread(target=self.client, args=(c, o), daemon=True) for c, o in sessions]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=ANSWER_S * 2)
            assert not thread.is_alive(), "a client is still waiting for an answer"
        assert not self.errors, f"a client failed: {self.errors[0]!r}"

    def client(self, session, org):
        try:
            while not self.stop.is_set():
                self.post_until_acknowledged(session, org, "ค่าธรรมเนียม (ทดสอบสลับเครื่อง)")
        except BaseException as error:  # an assertion in a thread must fail the test, not end the thread
            with self.lock:
                self.errors.append(error)

    def post_until_acknowledged(self, session, org, description):
        entry_id, first_try = str(uuid.uuid4()), time.time()
        body = {"entry_id": entry_id, "type": "general", "date": today_bangkok(), "description": description,
                "lines": [{"account": "1101010", "debit": "10.00"}, {"account": "4102010", "credit": "10.00"}]}
        while True:
            began = time.time()
            status, text = post(session, f"/api/v1/orgs/{org}/vouchers", body)
            took = time.time() - began
            with self.lock:
                self.longest_s = max(self.longest_s, took)
                if status == 201:
                    voucher = json.loads(text)
                    assert voucher["entry_id"] == entry_id, voucher
                    ack = (entry_id, org, voucher["seq"], voucher["hash"], time.time(), first_try)
                    self.acks.append(ack)
                    return ack
                self.failures[f"{status} {error_code(text)}" if status else text[:60]] += 1
            assert status in (0, 502, 503, 504), (status, text[:300])
            time.sleep(0.2)

    def wait_resumed(self, instant, leader_at, what):
        """Once a voucher is acknowledged after the new leader was seen: the longest pause between
        acknowledgements, from the last one before `instant` until then (the writers' outage)."""
        deadline = instant + RESUME_S + 30
        while time.time() < deadline:
            with self.lock:
                assert not self.errors, f"a client failed: {self.errors[0]!r}"
                answers = sorted(a[4] for a in self.acks)
            after = [t for t in answers if t > leader_at]
            if after:
                before = [t for t in answers if t <= instant]
                window = ([before[-1]] if before else [instant]) + [t for t in answers if instant < t <= after[0]]
                pause = max(b - a for a, b in zip(window, window[1:]))
                print(f"ok: {what}: writes paused for {pause:.1f} s (limit {RESUME_S} s)")
                assert pause < RESUME_S, f"{what}: writes paused for {pause:.1f} s"
                return pause
            time.sleep(0.2)
        raise AssertionError(f"{what}: no write acknowledged within {RESUME_S + 30} s")


def error_code(text):
    try:
        problem = json.loads(text)
        return problem.get('code', '?')
    except (ValueError, AttributeError):
        return text[:60]


def post(session, path, body):
    """(status, text); status 0 when the connection failed."""
    request = urllib.request.Request(session.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              "X-CSRF-Token": session.csrf})
    try:
        with session.opener.open(request, timeout=ANSWER_S) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout) as error:
        return 0, str(error)


def serve(klang, url, env, log_path):
    port = free_port()
    log = open(log_path, "w")
    process = subprocess.Popen([klang, "serve", "--db", url, "--listen", f"127.0.0.1:{port}"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    STARTED.append(process)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return base
        except Exception:
            time.sleep(0.1)
    raise AssertionError(f"klang serve did not answer (log {log_path})")


def psql(url, env, sql):
    return run("psql", url, "-qAtXc", sql, env=env, timeout=60).stdout.strip()


def stored_entries(url, env):
    rows = psql(url, env, "SELECT entry_id, org_id, seq, hash FROM ledger_entries")
    stored = {}
    for row in rows.splitlines():
        entry_id, org, seq, digest = row.split("|")
        assert entry_id not in stored, f"entry {entry_id} stored twice"
        stored[entry_id] = (org, int(seq), digest)
    return stored


def check_acknowledged(load, url, env):
    stored = stored_entries(url, env)
    missing = [a for a in load.acks if a[0] not in stored]
    moved = [a for a in load.acks if a[0] in stored and stored[a[0]] != (a[1], a[2], a[3])]
    assert not missing, f"LOST {len(missing)} acknowledged vouchers: {missing[:3]}"
    assert not moved, f"{len(moved)} acknowledged vouchers stored with another seq or hash: {moved[:3]}"
    print(f"ok: all {len(load.acks)} acknowledged vouchers stored once with the same seq and hash "
          f"(failed attempts, retried with the same entry id: {dict(load.failures) or 'none'})")


def check_chains(klang, verify_chain, url, env, load, orgs):
    verify = run(klang, "verify", "--db", url, env=env)
    assert "OK" in verify.stdout, verify.stdout
    for org in orgs:
        last = max((a for a in load.acks if a[1] == org), key=lambda a: a[2])
        export = run(klang, "export", "--db", url, "--org", org, "--format", "jsonl", env=env).stdout
        checked = subprocess.run([verify_chain, "--expect-head", f"{last[2]}:{last[3]}"], input=export,
                                 capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stdout.startswith("OK"), checked.stdout + checked.stderr
    print(f"ok: klang verify and klang-verify-chain --expect-head pass for organisations {', '.join(orgs)}")


def point_in_time(cluster, klang, url, env, marker_client, org, folder):
    # After a failover the archive may lack a segment the killed primary had not archived: the
    # documented step is a backup, from which the archive is whole (docs/deployment.md).
    cluster("backup", "diff")
    a = Load([]).post_until_acknowledged(marker_client, org, "marker A")
    instant = psql(url, env, "SELECT clock_timestamp()")
    time.sleep(1.0)
    b = Load([]).post_until_acknowledged(marker_client, org, "marker B")
    cluster("backup", "diff")  # also archives the WAL holding marker B
    port = free_port()
    restored = cluster("restore", instant, f"{folder}/restore", str(port)).splitlines()[-1]
    held = stored_entries(restored, env)
    assert held.get(a[0]) == (org, a[2], a[3]), f"marker A {a[:4]} is not in the restored store: {held.get(a[0])}"
    assert b[0] not in held, "marker B, posted after the restore point, is in the restored store"
    verify = run(klang, "verify", "--db", restored, env=env)
    assert "OK" in verify.stdout, verify.stdout
    print(f"ok: point-in-time restore to {instant}: marker A (seq {a[2]}) present, marker B absent; verifies")
    run(cluster.script, "verify", cluster.folder, env=cluster.env)
    print("ok: pgbackrest verify")


def postgres_runs(pid):
    """True while `pid` is a live postgres (a zombie's command line is empty)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"postgres" in cmdline.read()
    except OSError:
        return False


def failover(cluster, load, what, only):
    """kill -9 the leader (only its Patroni when `only` is "patroni"), under load: a new leader,
    writes resume, the old leader started again rejoins as a replica."""
    node = cluster("leader")
    postmaster = int(open(f"{cluster.folder}/pg{node}/data/postmaster.pid").readline())
    cluster("kill", node, *([only] if only else []))
    killed_at = time.time()
    time.sleep(0.5)
    assert postgres_runs(postmaster) == (only == "patroni"), f"pg{node}'s PostgreSQL: not as the drill wants"
    print(f"{what}: killed {'only the Patroni of ' if only else ''}pg{node} "
          f"with {len(load.acks)} vouchers acknowledged")
    load.wait_resumed(killed_at, cluster.wait_new_leader(node, killed_at), what)
    cluster("start", node)
    cluster.wait_rejoined(node)
    cluster("wait")
    print(f"ok: pg{node} rejoined as a replica{' (demoted by its Patroni)' if only else ''}")


def check_replication_metrics(base):
    """/metrics shows the standbys as the primary sees them (after both rejoined)."""
    deadline = time.time() + 30
    while True:
        with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
            text = response.read().decode()
        values = {line.split(" ")[0]: float(line.split(" ")[1]) for line in text.splitlines()
                  if line.startswith("klang_pg_")}
        standbys = [name for name in values if name.startswith("klang_pg_replication_lag_bytes{")]
        if values.get("klang_pg_synchronous_standbys") == 1 and len(standbys) == 2:
            break
        assert time.time() < deadline, f"/metrics does not show one synchronous standby of two: {values}"
        time.sleep(0.5)
    assert values["klang_pg_replication_up"] == 1, values
    print(f"ok: /metrics shows one synchronous standby of two, lag {sorted(standbys)}")


def demo_users(klang, url, env):
    users = {}
    for line in run(klang, "demo", "--db", url, "--orgs", "2", "--days", "3", env=env).stdout.splitlines():
        match = re.search(r"^(\d+)\t.*user (clerk\d+) one-time password (\S+)", line)
        if match:
            users[match.group(1)] = (match.group(2), match.group(3))
    assert len(users) == 2, users
    return users


def main():
    klang, script, verify_chain = sys.argv[1:4]
    folder = tempfile.mkdtemp(prefix="klang-ha-")
    os.chmod(folder, 0o755)
    cluster = Cluster(script, f"{folder}/cluster")
    try:
        began = time.time()
        settings = dict(line.split("=", 1) for line in cluster("up").splitlines() if "=" in line)
        print(f"ok: three etcd members, three Patroni nodes, HAProxy, pgBackRest up in {time.time() - began:.0f} s")
        env = dict(os.environ, PGPASSFILE=settings["PGPASSFILE"])
        url = settings["KLANG_DB_URL"]
        run(klang, "init", "--db", url, env=env)
        users = demo_users(klang, url, env)
        orgs = sorted(users, key=int)
        bases = [serve(klang, url, env, f"{folder}/serve{i}.log") for i in (1, 2)]
        passwords = {}
        for org, (user, one_time) in users.items():
            passwords[org] = "Kl4ng-failover-" + org
            Client(bases[0]).login(user, one_time, passwords[org])
        sessions = [(Client(base).sign_in(users[org][0], passwords[org]), org)
                    for base in bases for org in orgs for _ in range(CLIENTS_PER_SERVER_AND_ORG)]
        load = Load(sessions)
        load.start()
        time.sleep(3)

        failover(cluster, load, "leader killed", "")
        failover(cluster, load, "zombie primary", "patroni")
        time.sleep(2)
        load.finish()
        assert load.longest_s < ANSWER_S, load.longest_s
        print(f"ok: the longest request took {load.longest_s:.1f} s (limit {ANSWER_S} s)")

        # The server waits out a failover itself (connections and transactions retried for 60 s):
        # a client hears 503 only for a request already running on a connection that was cut.
        failed = sum(load.failures.values())
        assert failed <= 2 * len(sessions), f"{failed} requests failed: {dict(load.failures)}"
        check_acknowledged(load, url, env)
        check_replication_metrics(bases[0])
        check_chains(klang, verify_chain, url, env, load, orgs)
        point_in_time(cluster, klang, url, env, sessions[0][0], sessions[0][1], f"{folder}/cluster")
        print("ha_failover_test passed")
    finally:
        for process in STARTED:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if os.environ.get("KLANG_HA_KEEP"):  # for a look afterwards: deploy/cluster.sh down FOLDER
            print(f"kept {folder} (KLANG_CLUSTER_PORT={cluster.env['KLANG_CLUSTER_PORT']})")
        else:
            run(script, "down", cluster.folder, env=cluster.env, check=False)
            run("rm", "-rf", folder, check=False)


if __name__ == "__main__":
    main()
