#!/usr/bin/env python3
"""bench/http_peak.py KLANG STORE USERS ORGS PASSWORD FOLDER — the HTTP path of `bench/run http`
(issue 20, item 3), on the book bench_http_book made. STORE is `--data=DIR` (SQLite) or
`--db=URL` (PostgreSQL).

Starts `klang serve` on a free port of 127.0.0.1 (its JSON access log on, into FOLDER/serve.log,
as in production), signs in once each LAO's accountant and collector listed in USERS (a session
per client, as a browser keeps one), then:

- baseline, in the same run: `GET /healthz` with wrk over the same connections for HTTP_SECONDS/3
  — the server's bare request rate on this machine;
- HTTP_WARMUP_SECONDS (5) of vouchers, unmeasured;
- HTTP_SECONDS (30) over HTTP_CONNECTIONS (64) connections: general vouchers over every
  organisation of ORGS posted by their LAO's accountant, and every fifth request a receipt from
  the LAO collector's book (bench/http_peak.lua).

Then stops the server and runs `klang verify`. Prints (PREFIX: http_, or HTTP_PREFIX)

  RESULT <p>docs_per_s            documents acknowledged (201) per second
  RESULT <p>receipts              receipts sent (every one must be acknowledged: refused counts them)
  RESULT <p>p50_ms, <p>p99_ms     latency of every request
  RESULT <p>refused               answers other than 201 and socket errors (must be 0)
  RESULT <p>rss_bytes             the server's peak resident set (VmHWM)
  RESULT <p>server_cpu_us_per_doc the CPU time `klang serve` used during the run (all its threads,
                                  user and system; not the database server's), per document
  RESULT <p>healthz_per_s         the baseline
  RESULT <p>ratio_docs_vs_healthz

and exits 1 when any request was refused, the acknowledged documents are not the entries written,
or verify fails."""
import os, re, sqlite3, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peak_common import cpu_seconds, free_port, peak_rss, result, sign_in, wait_until_serving  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))




def wrk(base, script, seconds, connections, threads, env, pattern):
    ran = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          *(["-s", script] if script else []), base],
                         env=dict(os.environ, **env), capture_output=True, text=True)
    out = ran.stdout + ran.stderr
    match = re.search(pattern, out)
    if ran.returncode != 0 or not match:
        sys.exit(f"http_peak: wrk failed ({ran.returncode}):\n" + out)
    return match, out


def entries(store):
    if store.startswith("--data="):
        with sqlite3.connect(f"file:{store[7:]}/klang.db?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
    url = store[5:]
    return int(subprocess.run(["psql", url, "-qAtXc", "SELECT count(*) FROM ledger_entries"], check=True,
                              capture_output=True, text=True).stdout)




def check_books(users, connections):
    """Receipt numbers must follow each other in a book: with fewer books than connections, two
    receipts of one book would be in flight at once (http_peak.lua)."""
    with open(users) as listed:
        books = sum(1 for line in listed if line.strip())
    if books < connections:
        sys.exit(f"http_peak: {books} receipt books for {connections} connections; make at least as many LAOs "
                 "(bench_http_book --laos) as connections (HTTP_CONNECTIONS)")


def write_sessions(base, users, orgs, password, path):
    accountants = {}
    with open(users) as listed, open(path, "w") as out:
        for line in listed:
            lao, clerk, collector, book, first = line.split()
            accountants[lao] = sign_in(base, clerk, password)
            cookie, csrf = sign_in(base, collector, password)
            out.write(f"r\t{lao}\t{cookie}\t{csrf}\t{book}\t{first}\n")
        with open(orgs) as listed_orgs:
            for line in listed_orgs:
                org, lao, bank = line.split()
                cookie, csrf = accountants[lao]
                out.write(f"v\t{org}\t{cookie}\t{csrf}\t{bank}\n")


def main():
    klang, store, users, orgs, password, folder = sys.argv[1:7]
    prefix = os.environ.get("HTTP_PREFIX", "http_")
    seconds = int(os.environ.get("HTTP_SECONDS", "30"))
    warmup = int(os.environ.get("HTTP_WARMUP_SECONDS", "5"))
    connections = int(os.environ.get("HTTP_CONNECTIONS", "64"))
    threads = 2
    check_books(users, connections)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    store_args = store.split("=", 1)
    with open(os.path.join(folder, "serve.log"), "w") as log:
        server = subprocess.Popen([klang, "serve", *store_args, "--listen", f"127.0.0.1:{port}"],
                                  stdout=log, stderr=subprocess.STDOUT)
    script = os.path.join(HERE, "http_peak.lua")
    peak = (r"PEAK requests (\d+) seconds ([\d.]+) p50_us (\d+) p99_us (\d+) non201 (\d+) errors (\d+) "
            r"receipts (\d+)")
    try:
        wait_until_serving(server, base, "http_peak")
        sessions = os.path.join(folder, "sessions.tsv")
        write_sessions(base, users, orgs, password, sessions)
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))  # today in Bangkok
        env = {"HTTP_SESSIONS": sessions, "HTTP_DATE": day, "HTTP_THREADS": str(threads)}
        match, _ = wrk(base + "/healthz", None, max(seconds // 3, 5), connections, threads, {},
                       r"Requests/sec:\s+([\d.]+)")
        healthz = float(match.group(1))
        if warmup > 0:  # vouchers only: the measured run numbers receipts from the books' start
            warm_sessions = os.path.join(folder, "warmup.tsv")
            with open(sessions) as src, open(warm_sessions, "w") as dst:
                dst.writelines(line for line in src if line.startswith("v\t"))
            match, out = wrk(base, script, warmup, connections, threads,
                             dict(env, HTTP_SESSIONS=warm_sessions, HTTP_SEED=str(int.from_bytes(os.urandom(3), "big"))), peak)
            if int(match.group(5)) + int(match.group(6)):
                sys.exit("http_peak: requests refused or failed in the warm-up:\n" + out)
        time.sleep(1)  # the warm-up's requests in flight when wrk stopped land before the count
        before = entries(store)
        cpu_before = cpu_seconds(server.pid)
        match, out = wrk(base, script, seconds, connections, threads,
                         dict(env, HTTP_SEED=str(int.from_bytes(os.urandom(3), "big"))), peak)
        cpu_used = cpu_seconds(server.pid) - cpu_before
        requests, took, p50_us, p99_us, refused, errors, receipts = (float(g) for g in match.groups())
        time.sleep(1)
        gained = entries(store) - before
        # Every 201 is a new entry; requests in flight when wrk stopped may add one per connection.
        if not requests - refused <= gained <= requests - refused + connections:
            sys.exit(f"http_peak: {requests - refused:.0f} acknowledged but {gained} entries written")
        docs = (requests - refused) / took
        result(prefix + "docs_per_s", docs, "docs/s")
        result(prefix + "receipts", receipts, "receipts")
        result(prefix + "p50_ms", p50_us / 1000, "ms", 1)
        result(prefix + "p99_ms", p99_us / 1000, "ms", 1)
        result(prefix + "refused", refused + errors, "requests")
        result(prefix + "rss_bytes", peak_rss(server.pid), "bytes")
        # Less noisy than the rate on a shared machine: what each document cost the server.
        result(prefix + "server_cpu_us_per_doc", cpu_used * 1e6 / max(requests - refused, 1), "us", 0)
        result(prefix + "healthz_per_s", healthz, "req/s")
        result(prefix + "ratio_docs_vs_healthz", docs / healthz, "x", 2)
    finally:
        server.terminate()
        server.wait(timeout=60)
    verify = subprocess.run([klang, "verify", *store_args], capture_output=True, text=True)
    if verify.returncode != 0:
        sys.exit("http_peak: klang verify failed:\n" + verify.stdout + verify.stderr)
    if refused + errors:
        sys.exit(f"http_peak: {refused + errors:.0f} requests refused or failed:\n" + out)


if __name__ == "__main__":
    main()
