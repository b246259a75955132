#!/usr/bin/env python3
"""bench/national_peak.py KLANG DB_URL USERS PASSWORD FOLDER — the month-end peak of
`bench/run national`, on the book bench_national made.

Starts `klang serve --db DB_URL` on a free port of 127.0.0.1 (its JSON access log on, into
FOLDER/serve.log, as in production), signs in once each accountant listed in USERS
("unit<TAB>username<TAB>bank account" lines: the LAO's accountant posts for its unit), then
drives POST /api/v1/orgs/{org}/vouchers with wrk and bench/national_peak.lua for NATIONAL_PEAK_SECONDS (60) over NATIONAL_PEAK_CONNECTIONS (32)
connections, after NATIONAL_PEAK_WARMUP_SECONDS (5) unmeasured. Then stops the server and runs
`klang verify` on the whole national book. Prints

  RESULT national_peak_docs_per_s    documents acknowledged (201) per second
  RESULT national_peak_p50_ms, national_peak_p99_ms
  RESULT national_peak_refused       answers other than 201 and socket errors (must be 0)
  RESULT national_peak_rss_bytes     the server's peak resident set (VmHWM)
  RESULT national_verify_s           `klang verify` of every chain and projection

and exits 1 when any request was refused, a 201 wrote no entry, or verify fails."""
import os, re, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peak_common import free_port, peak_rss, result, sign_in, wait_until_serving  # noqa: E402




def wrk(base, sessions, seconds, connections, day, seed):
    env = dict(os.environ, NATIONAL_SESSIONS=sessions, NATIONAL_DATE=day, NATIONAL_SEED=str(seed))
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "national_peak.lua")
    ran = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, base],
                         env=env, capture_output=True, text=True)
    out = ran.stdout + ran.stderr
    match = re.search(r"PEAK requests (\d+) seconds ([\d.]+) p50_us (\d+) p99_us (\d+) non201 (\d+) errors (\d+)", out)
    if ran.returncode != 0 or not match:
        sys.exit(f"national_peak: wrk failed ({ran.returncode}):\n" + out)
    return [float(g) for g in match.groups()]


def seed():
    """A fresh seed for one wrk run's entry ids (31 bits: exact in Lua's numbers)."""
    return int.from_bytes(os.urandom(4), "big") >> 1


def entries(url):
    return int(subprocess.run(["psql", url, "-qAtXc", "SELECT count(*) FROM ledger_entries"], check=True,
                              capture_output=True, text=True).stdout)




def main():
    klang, url, users, password, folder = sys.argv[1:6]
    seconds = int(os.environ.get("NATIONAL_PEAK_SECONDS", "60"))
    warmup = int(os.environ.get("NATIONAL_PEAK_WARMUP_SECONDS", "5"))
    connections = int(os.environ.get("NATIONAL_PEAK_CONNECTIONS", "32"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(os.path.join(folder, "serve.log"), "w") as log:
        server = subprocess.Popen([klang, "serve", "--db", url, "--listen", f"127.0.0.1:{port}"],
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(server, base, "national_peak")
        sessions = os.path.join(folder, "sessions.tsv")
        with open(users) as listed, open(sessions, "w") as out:
            for line in listed:
                org, user, bank = line.split()
                cookie, csrf = sign_in(base, user, password)
                out.write(f"{org}\t{cookie}\t{csrf}\t{bank}\n")
        if os.path.getsize(sessions) == 0:
            sys.exit("national_peak: no organisation to post for (" + users + " is empty)")
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))  # today in Bangkok
        if warmup > 0:
            warm = wrk(base, sessions, warmup, connections, day, seed())
            if warm[4] + warm[5]:
                sys.exit(f"national_peak: {warm[4] + warm[5]:.0f} requests refused or failed in the warm-up")
        before = entries(url)
        requests, took, p50_us, p99_us, refused, errors = wrk(base, sessions, seconds, connections, day, seed())
        # Every 201 must be a new entry (an answer from a stored voucher, for a repeated id, is no
        # document); requests still in flight when wrk stopped may add up to one per connection.
        time.sleep(1)
        gained = entries(url) - before
        if not requests - refused <= gained <= requests - refused + connections:
            sys.exit(f"national_peak: {requests - refused:.0f} acknowledged but {gained} entries written")
        result("national_peak_docs_per_s", (requests - refused) / took, "docs/s")
        result("national_peak_p50_ms", p50_us / 1000, "ms", 1)
        result("national_peak_p99_ms", p99_us / 1000, "ms", 1)
        result("national_peak_refused", refused + errors, "requests")
        result("national_peak_rss_bytes", peak_rss(server.pid), "bytes")
    finally:
        server.terminate()
        server.wait(timeout=60)
    began = time.monotonic()
    verify = subprocess.run([klang, "verify", "--db", url], capture_output=True, text=True)
    result("national_verify_s", time.monotonic() - began, "s", 1)
    if verify.returncode != 0:
        sys.exit("national_peak: klang verify failed:\n" + verify.stdout + verify.stderr)
    if refused + errors:
        sys.exit(f"national_peak: {refused + errors:.0f} requests refused or failed (see {folder}/serve.log)")


if __name__ == "__main__":
    main()
