#!/usr/bin/env python3
"""A hostile client against a real `klang serve` on 127.0.0.1: KLANG_HOSTILE_REQUESTS (default
20,000) random requests over every POST route the server has (`klang routes`), each a mutation of
a plausible body — fields of the wrong type, hidden characters, huge or negative numbers, deep or
truncated JSON, invalid UTF-8, unknown fields, other organisations' ids — sent by users whose role
holds the route's permission, eight at a time. Asserts: no 5xx, no exception text in an answer,
no answer slower than the limit, the server's memory back under a bound afterwards, and both the
integrity check and `klang verify` passing. The seed is printed so a failure can be replayed
(KLANG_HOSTILE_SEED). Usage: hostile_test.py KLANG_BINARY"""
import concurrent.futures, datetime, json, os, random, re, sys, tempfile, time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, demo, run, serve, stop_and_verify  # noqa: E402

klang = sys.argv[1]
requests_total = int(os.environ.get("KLANG_HOSTILE_REQUESTS", "20000"))
seed = int(os.environ.get("KLANG_HOSTILE_SEED", str(int(time.time()))))
answer_seconds_max = 10
# The sanitizer build keeps 256 MiB of freed memory in quarantine and returns little to the system
# (measured there: 282 MiB before, 730 after 4,000 requests), so CMake gives it its own bound.
rss_mib_max = int(os.environ.get("KLANG_HOSTILE_RSS_MIB_MAX", "400"))
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()

# Routes that would end the test's own sessions or lock its users out: tried by hardening_test.
SPARED = re.compile(r"^/(login|logout|password|totp)|/users/\{user\}/(disable|reset|role|totp-reset)$|^/api/v1/sync/")

FIELDS = ["date", "description", "entry_id", "lines", "account", "debit", "credit", "amount", "item",
          "payer_name", "payer_kind", "payer_id_no", "payer_address", "means", "means_reference", "book",
          "number", "receipts", "remittances", "bank_account", "reference", "reason", "kind",
          "fiscal_year", "title", "base", "estimates", "work", "category", "explanation", "line",
          "subject", "method", "division", "request", "vendor_name", "instalments", "inspection",
          "committee", "claims", "payee_name", "deductions", "attachments", "username", "display_name",
          "role", "until", "paper", "to_org", "from", "to", "authority", "approval_ref", "note", "type"]
SEEDS = [
    {"date": "{today}", "description": "รับเงิน", "lines": [{"account": "1101010", "debit": "10.00"}, {"account": "4102010", "credit": "10.00"}]},
    {"book": 1, "number": 1, "date": "{today}", "payer_name": "นาย ก", "means": "cash", "lines": [{"item": "414001", "amount": "10.00"}]},
    {"kind": "annual", "fiscal_year": 2571, "date": "{today}", "title": "ร่าง", "lines": [{"work": "00111", "category": "533000", "item": "x", "explanation": "-", "amount": "1.00"}]},
    {"date": "{today}", "line": 1, "subject": "ซื้อ", "reason": "ใช้", "method": "specific", "amount": "100.00", "division": "สำนักปลัด"},
    {"date": "{today}", "request": 1, "vendor_name": "ร้าน", "instalments": [{"instalment_amount": "100.00", "instalment_due": "{today}"}]},
    {"date": "{today}", "reason": "ผิด"},
    {"date": "{today}", "receipts": [1, 2], "received_by": "งานการเงิน"},
    {"username": "new.user", "display_name": "ผู้ใช้", "role": "accountant"},
]
NASTY_TEXT = ["", " ", "\x00", "a\x1b[2J", "\r\nX-Injected: 1", "\u202egnp.exe", "\u200b", "\ufeff",
              "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "ก" * 600,
              "x" * 6000, "๑,๒๓๔.๕๐", "-1", "1e308", "99999999999999999999", "0.001", "NaN",
              "2569-02-30", "1900-01-01", "9999-12-31", "{today}", "🙂", "\ud800"]
NASTY_VALUES = [None, True, False, 0, -1, 2**63, -(2**63) - 1, 1.5, 1e308, [], {}, [[[]]], {"a": {"b": []}},
                [1, "2", None], "00000000-0000-0000-0000-000000000000"]


def nasty(rng):
    if rng.random() < 0.5:
        return rng.choice(NASTY_TEXT).replace("{today}", today.isoformat())
    return rng.choice(NASTY_VALUES)


def mutate(rng, body):
    body = json.loads(json.dumps(body).replace("{today}", today.isoformat()))
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
        roll = rng.random()
        if roll < 0.35 and body:
            body[rng.choice(list(body))] = nasty(rng)
        elif roll < 0.55:
            body[rng.choice(FIELDS)] = nasty(rng)
        elif roll < 0.7 and isinstance(body.get("lines"), list) and body["lines"]:
            row = rng.choice(body["lines"])
            if isinstance(row, dict):
                row[rng.choice(list(row) or ["item"])] = nasty(rng)
        elif roll < 0.8:
            body["lines"] = [dict(rng.choice(SEEDS[:3])["lines"][0])] * rng.choice([0, 1, 101, 1001])
        elif roll < 0.9 and body:
            del body[rng.choice(list(body))]
        else:
            body["entry_id"] = rng.choice(["", "x", 12345, None, "6f1c2a57-6b0f-4d0b-9c44-3a1f4c7e2a10"])
    return body


def raw_garbage(rng):
    return rng.choice(['{"date": ', "[1,2,3]", "null", '"x"', "{" * 100 + "}" * 100, '{"x":' + "[" * 70 + "]" * 70 + "}",
                       '{"a":1,"a":2}', "\xff\xfe{}", '{"date": "\\ud800"}', "", "   ", '{"lines": ' + "[" * 5000])


def fill(rng, pattern, org, other):
    def value(match):
        name = match.group(1)
        if name == "org":
            return rng.choices([org, other, "0", "-1", "99999999999", "abc"], [80, 10, 3, 2, 3, 2])[0]
        return rng.choice([str(rng.randint(1, 40)), "0", "-5", "999999999999999999999", "x", "1.pdf"])
    return re.sub(r"\{(\w+)\}", value, pattern)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) // 1024


def main():
    print(f"seed {seed}, {requests_total} requests")
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    demo_users = demo(klang, data)
    users = {}  # org -> [(user, one-time password)]
    for (at, _), login in demo_users.items():
        users.setdefault(at, []).append(login)
    org, other = sorted(users, key=int)[:2]
    routes = [line.split("\t") for line in run(klang, "routes", "--data", data).splitlines()]
    routes = [r for r in routes if r[0] == "POST" and not SPARED.search(r[1])]
    roles_csv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../data/roles.csv")
    permissions = {}
    for line in open(roles_csv, encoding="utf-8").read().splitlines()[1:]:
        role, _, _, perms = line.split(",", 3)
        permissions[role] = set(perms.split())
    server, base = serve(klang, data, f"{tmp}/server.log")
    try:
        clients = {}  # role -> Client
        for index, (name, password) in enumerate(users[org]):
            c = Client(base)
            c.login(name, password, f"Nong-Khai-{index}-2570")
            me = c.call("GET", "/api/v1/orgs")  # any signed-in call proves the session
            assert me[0] == 200, me
            clients[name] = c
        admin = next(c for n, c in clients.items() if n.startswith("admin"))
        listed = json.loads(admin.call("GET", f"/api/v1/orgs/{org}/users")[1])["users"]
        role_of = {u["username"]: u["role"] for u in listed}
        by_permission = {}
        for name, c in clients.items():
            for permission in permissions.get(role_of.get(name, ""), ()):
                by_permission.setdefault(permission, []).append(c)
        assert len(routes) > 50, len(routes)
        start_rss = rss_mib(server.pid)

        plan = []
        for _ in range(requests_total):
            method, pattern, permission, _, _ = rng.choice(routes)
            candidates = by_permission.get(permission) or list(clients.values())
            c = rng.choice(candidates)
            path = fill(rng, pattern, org, other)
            if rng.random() < 0.15:
                plan.append((c, path, {"raw": raw_garbage(rng)}))
            elif path.startswith("/api/"):
                plan.append((c, path, {"body": mutate(rng, rng.choice(SEEDS))}))
            else:
                form = {k: (v if isinstance(v, str) else json.dumps(v)).encode("utf-8", "replace").decode()
                        for k, v in mutate(rng, rng.choice(SEEDS)).items() if not isinstance(v, (list, dict))}
                form["_csrf"] = c.csrf
                plan.append((c, path, {"form": form}))

        failures, slowest, statuses = [], 0.0, {}

        def send(item):
            c, path, kwargs = item
            started = time.monotonic()
            status, body, _ = c.call("POST", path, **kwargs)
            return path, kwargs, status, body, time.monotonic() - started

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for path, kwargs, status, body, seconds in pool.map(send, plan):
                statuses[status] = statuses.get(status, 0) + 1
                slowest = max(slowest, seconds)
                leaked = "json.exception" in body or "what()" in body or "terminate called" in body
                if status >= 500 or leaked or seconds > answer_seconds_max:
                    failures.append((path, str(kwargs)[:300], status, body[:300], round(seconds, 2)))
        elapsed = time.monotonic() - started
        print(f"{len(plan)} requests in {elapsed:.0f} s; answers {dict(sorted(statuses.items()))}; slowest {slowest:.2f} s")
        for failure in failures[:20]:
            print("FAIL", failure)
        assert not failures, f"{len(failures)} bad answers (seed {seed})"
        end_rss = rss_mib(server.pid)
        print(f"server memory {start_rss} MiB before, {end_rss} MiB after (bound {rss_mib_max} MiB)")
        assert end_rss < rss_mib_max, end_rss
        status, body, _ = admin.call("GET", f"/api/v1/orgs/{org}/integrity")
        assert status == 200 and json.loads(body)["ok"], body
        assert urllib.request.urlopen(base + "/healthz", timeout=5).status == 200
        stop_and_verify(server, klang, data)
        print("ok: no 5xx, no exception text, memory bounded, integrity and klang verify pass")
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
