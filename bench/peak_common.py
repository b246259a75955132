"""What the HTTP peaks of the benchmarks share (bench/national_peak.py, bench/http_peak.py): RESULT
lines, a session signed in once, waiting for `klang serve`, the server's peak resident set."""
import os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from api_client import Client, free_port  # noqa: E402,F401  (free_port for the peaks)


def result(name, value, unit, decimals=0):
    print(f"RESULT {name} {value:.{decimals}f} {unit}", flush=True)


def sign_in(base, user, password):
    """(cookie header, CSRF token) of a new session of `user`."""
    client = Client(base).sign_in(user, password)
    return "; ".join(f"{c.name}={c.value}" for c in client.jar), client.csrf


def wait_until_serving(server, base, who):
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"{who}: klang serve ended ({server.returncode})")
        try:
            Client(base).call("GET", "/healthz")
            return
        except Exception:
            time.sleep(0.1)
    sys.exit(f"{who}: klang serve did not answer within 30 s")


def cpu_seconds(pid):
    """The CPU time (user and system, all threads) process `pid` has used so far, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss(pid):
    """The peak resident set (VmHWM) of process `pid`, in bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0
