#!/usr/bin/env python3
"""HTTP tests against a real `klang serve` on 127.0.0.1: login (with the forced password change),
posting a voucher through the JSON API, and every kind of bad input — malformed JSON, unbalanced
lines, unknown account, amount overflow, date outside the fiscal year, another organisation's id,
missing CSRF token, unauthenticated — each answered with the right 4xx problem+json and nothing
written. Usage: api_test.py KLANG_BINARY"""
import json, os, re, signal, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, free_port, run  # noqa: E402

klang = sys.argv[1]
def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    init = run(klang, "init", "--data", data)
    demo = run(klang, "demo", "--data", data, "--orgs", "2", "--days", "3")
    lines = [l.split("\t") for l in demo.splitlines() if "\tuser clerk" in l]
    org, other_org = lines[0][0], lines[1][0]
    user, password = re.search(r"user (\S+) one-time password (\S+)", lines[0][2]).groups()
    port = free_port()
    server = subprocess.Popen([klang, "serve", "--data", data, "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1); break
            except Exception:
                time.sleep(0.1)
        c = Client(base)
        status, body, _ = c.call("GET", f"/api/v1/orgs/{org}/vouchers")
        assert status == 401, (status, body)
        # Login: the form carries a double-submit token from its own cookie.
        status, page, _ = c.call("GET", "/login")
        token = re.search(r'name="login_csrf" value="([^"]+)"', page).group(1)
        status, page, _ = c.call("POST", "/login", form={"login_csrf": token, "username": user, "password": "wrong-password"})
        assert status == 401 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page, status
        status, page, _ = c.call("GET", "/login")
        token = re.search(r'name="login_csrf" value="([^"]+)"', page).group(1)
        status, page, _ = c.call("POST", "/login", form={"login_csrf": token, "username": user, "password": password})
        assert status == 200 and "เปลี่ยนรหัสผ่าน" in page, (status, page[:200])
        c.csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        # Until the password is changed, the API refuses work.
        status, body, _ = c.call("GET", f"/api/v1/orgs/{org}/vouchers")
        assert status == 403 and "auth.password_change_required" in body, (status, body)
        status, page, _ = c.call("POST", "/password", form={"_csrf": c.csrf, "current_password": password,
                                 "new_password": "Khon-Kaen-2570", "confirm_password": "Khon-Kaen-2570"})
        assert status == 200, status

        def head():
            status, body, _ = c.call("GET", f"/api/v1/orgs/{org}/integrity")
            assert status == 200, body
            result = json.loads(body)
            assert result["ok"], result
            return result["head_seq"]
        before = head()
        today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
        good = {"date": today, "description": "รับค่าธรรมเนียม",
                "lines": [{"account": "1101010", "debit": "1,250.50"}, {"account": "4102010", "credit": "1250.50"}]}
        status, body, _ = c.call("POST", f"/api/v1/orgs/{org}/vouchers", body=good)
        assert status == 201, (status, body)
        voucher = json.loads(body)
        assert voucher["total"] == "1250.50" and voucher["total_words"] == "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์", voucher
        assert head() == before + 1
        before = head()

        def expect(name, status_wanted, code, **kwargs):
            path = kwargs.pop("path", f"/api/v1/orgs/{org}/vouchers")
            status, body, headers = c.call("POST", path, **kwargs)
            assert status == status_wanted, (name, status, body)
            problem = json.loads(body)
            assert problem["code"] == code, (name, problem)
            assert problem["title"] and re.search("[\u0e00-\u0e7f]", problem["title"]), (name, problem)
            assert headers.get("Content-Type", "").startswith("application/problem+json"), (name, headers)
            assert head() == before, f"{name}: something was written"
            print(f"ok: {name} -> {status} {code}")
        expect("malformed JSON", 400, "http.malformed", raw="{not json")
        expect("unbalanced lines", 422, "ledger.unbalanced",
               body={**good, "lines": [{"account": "1101010", "debit": "100"}, {"account": "4102010", "credit": "90"}]})
        expect("unknown account", 422, "accounting.unknown_account",
               body={**good, "lines": [{"account": "9999999", "debit": "100"}, {"account": "4102010", "credit": "100"}]})
        expect("amount overflow", 422, "money.overflow",
               body={**good, "lines": [{"account": "1101010", "debit": "99999999999999999999"}, {"account": "4102010", "credit": "1"}]})
        expect("amount above the per-line limit", 422, "ledger.amount_too_large",
               body={**good, "lines": [{"account": "1101010", "debit": "20000000000000"}, {"account": "4102010", "credit": "20000000000000"}]})
        fy = int(today[:4]) + 543 + (1 if int(today[5:7]) >= 10 else 0)
        expect("date outside the fiscal year", 422, "gl.date_outside_fiscal_year", body={**good, "fiscal_year": fy - 1})
        expect("another organisation's id", 403, "auth.out_of_scope", body=good, path=f"/api/v1/orgs/{other_org}/vouchers")
        expect("missing CSRF token", 403, "http.csrf", body=good, csrf=False)
        # Reversal once only.
        status, body, _ = c.call("POST", f"/api/v1/orgs/{org}/vouchers/{voucher['seq']}/reverse", body={"date": today, "reason": "ทดสอบ"})
        assert status == 403, "a clerk (accountant) may not reverse"
        # The list comes a page at a time and says when there is more (never cut silently).
        for n in range(51):
            status, body, _ = c.call("POST", f"/api/v1/orgs/{org}/vouchers",
                                     body={**good, "description": f"รายการที่ {n}"})
            assert status == 201, (status, body)
        last = json.loads(body)
        seen, page = [], 0
        while page is not None:
            status, body, _ = c.call("GET", f"/api/v1/orgs/{org}/vouchers?page={page}")
            assert status == 200, (status, body)
            listed = json.loads(body)
            assert len(listed["vouchers"]) <= 50, len(listed["vouchers"])
            assert listed["truncated"] == (listed["next_page"] is not None), listed
            if page == 0:
                assert listed["truncated"] and listed["vouchers"][0]["seq"] == last["seq"], listed["vouchers"][0]
            seen += [v["seq"] for v in listed["vouchers"]]
            page = listed["next_page"]
        assert len(seen) == len(set(seen)) and last["seq"] in seen and voucher["seq"] in seen, len(seen)
        print(f"ok: {len(seen)} vouchers listed over {len(seen) // 50 + 1} pages")
        print("api test passed")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(["rm", "-rf", tmp])

main()
