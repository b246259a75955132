"""What the continuity test and the catch-up benchmark share: klang servers run as processes on
127.0.0.1, logins, JSON calls, an edge node's status, and an office's day of documents of mixed
kinds (receipts, remittances, general vouchers for the อบต. and its unit, purchase requests)."""
import json, re, signal, subprocess, threading, time, urllib.request

from api_client import Client

PASSWORD = "Khon-Kaen-2570-office"
TODAY = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


class Server:
    def __init__(self, klang, tmp, name, args, port):
        self.klang, self.tmp = klang, tmp
        self.name, self.args, self.port = name, args, port
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None
        self.logfile = None

    def start(self):
        self.logfile = open(f"{self.tmp}/{self.name}.log", "a")
        self.proc = subprocess.Popen([self.klang] + self.args + ["--listen", f"127.0.0.1:{self.port}"],
                                     stdout=self.logfile, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited: {open(f'{self.tmp}/{self.name}.log').read()[-2000:]}")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return self
            except Exception:
                time.sleep(0.05)
        raise AssertionError(f"{self.name} did not start")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill9()


def login(base, user, one_time):
    """Logs in: with the one-time password (forced change to PASSWORD) or with PASSWORD."""
    c = Client(base)
    status, page, _ = c.call("GET", "/login")
    token = re.search(r'name="login_csrf" value="([^"]+)"', page).group(1)
    status, page, _ = c.call("POST", "/login", form={"login_csrf": token, "username": user, "password": PASSWORD})
    if status == 200 and 'name="_csrf"' in page and "current_password" not in page:
        c.csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        return c
    c = Client(base)
    c.login(user, one_time, PASSWORD)
    return c


def call(c, method, path, body=None):
    status, text, _ = c.call(method, path, body=body)
    try:
        return status, json.loads(text) if text else {}
    except ValueError:
        return status, {"raw": text}


def ok(result, what):
    status, body = result
    assert 200 <= status < 300, (what, status, body)
    return body


def edge_status(c, org):
    body = ok(call(c, "GET", f"/api/v1/orgs/{org}/continuity"), "continuity status")
    return body["edge"], next(o for o in body["edge"]["orgs"] if o["org"] == org)


def wait_for(predicate, what, timeout=600, every=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting for " + what)



def voucher(c, org, satang):
    amount = f"{satang // 100}.{satang % 100:02d}"
    return call(c, "POST", f"/api/v1/orgs/{org}/vouchers",
                {"date": TODAY, "description": f"รับค่าธรรมเนียม {amount}",
                 "lines": [{"account": "1101010", "debit": amount}, {"account": "4101010", "credit": amount}]})


class OfficeDay:
    """`count` documents of an อบต.'s day, made by three people at once as they would: the
    collector issues receipts from `book` and remits them in batches, the clerk enters general
    vouchers (every third for the unit 4), the procurement officer files purchase requests on
    budget line `line`. Each stream keeps its own order. `first_number` is the next receipt
    number of the book."""

    def __init__(self, collector, clerk, procure, book, line, first_number=1):
        self.collector, self.clerk, self.procure = collector, clerk, procure
        self.book, self.line, self.number = book, line, first_number
        self.made = {"rev.receipt": 0, "rev.remittance": 0, "gl.voucher": 0, "exp.request": 0}
        self.remittance_numbers = []
        self.lock = threading.Lock()

    def make(self, count):
        plan = {"receipt": int(count * 0.55), "remittance": max(1, count // 20), "request": count // 10}
        plan["voucher"] = count - sum(plan.values())
        threads = [threading.Thread(target=self.receipts, args=(plan["receipt"], plan["remittance"])),
                   threading.Thread(target=self.vouchers, args=(plan["voucher"],)),
                   threading.Thread(target=self.requests, args=(plan["request"],))]
        started = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.time() - started

    def count(self, kind):
        with self.lock:
            self.made[kind] += 1

    def receipts(self, receipts, remittances):
        per_remittance, remitted, pending = max(1, receipts // max(remittances, 1)), 0, []
        for index in range(receipts):
            satang = 1000 + (index * 37) % 90000
            body = ok(call(self.collector, "POST", "/api/v1/orgs/3/revenue/receipts",
                           {"book": self.book, "number": self.number, "date": TODAY, "payer_name": f"ผู้ชำระ {index}",
                            "means": "cash", "lines": [{"item": "414001", "amount": f"{satang // 100}.{satang % 100:02d}"}]}),
                      "receipt")
            self.number += 1
            pending.append(body["id"])
            self.count("rev.receipt")
            if len(pending) >= per_remittance and remitted < remittances:
                slip = ok(call(self.collector, "POST", "/api/v1/orgs/3/revenue/remittances",
                               {"date": TODAY, "receipts": pending, "received_by": "งานการเงิน"}), "remittance")
                self.remittance_numbers.append(slip["number_text"])
                pending, remitted = [], remitted + 1
                self.count("rev.remittance")

    def vouchers(self, vouchers):
        for index in range(vouchers):
            ok(voucher(self.clerk, 3 if index % 3 else 4, 500 + index), "voucher")
            self.count("gl.voucher")

    def requests(self, requests):
        for index in range(requests):
            ok(call(self.procure, "POST", "/api/v1/orgs/3/expenditure/requests",
                    {"date": TODAY, "line": self.line, "subject": f"ซื้อวัสดุสำนักงาน ชุดที่ {index}",
                     "reason": "ใช้ในสำนักงาน", "method": "specific", "amount": "150.00", "division": "office"}),
               "request")
            self.count("exp.request")
