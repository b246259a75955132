#!/usr/bin/env python3
"""Periods over HTTP and the command line, against a real `klang serve` on 127.0.0.1: the months of
a fiscal year; a month that may not close yet (order, permission, another organisation); a close
refused with its differences listed while a paper outage is still open, then allowed once the
paper documents are entered; a voucher dated in the closed month refused naming the month, and
nothing written; reopening refused without an approval or by a role without it, then reopening the
later months too; the form on the page; `klang close month|reopen` with its exit codes; and
`klang verify` afterwards. The months used are those of the fiscal year of last month, so the test
holds on any day. Usage: closing_api_test.py KLANG_BINARY"""
import datetime, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, demo, serve, stop_and_verify  # noqa: E402

klang = sys.argv[1]
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
last_month = today.replace(day=1) - datetime.timedelta(days=1)
october = datetime.date(last_month.year if last_month.month >= 10 else last_month.year - 1, 10, 1)
fiscal_year = october.year + 1 + 543


def months_until_last():
    """'YYYY-MM' of every month from October of that fiscal year to last month."""
    months, month = [], october
    while month <= last_month:
        months.append(month.strftime("%Y-%m"))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def head(client, org):
    status, body, _ = client.call("GET", f"/api/v1/orgs/{org}/integrity")
    assert status == 200, body
    return json.loads(body)["head_seq"]


def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    users = demo(klang, data, orgs=2, days=3)
    orgs = sorted({org for org, _ in users}, key=int)
    org, other = orgs[0], orgs[1]
    server, base = serve(klang, data, f"{tmp}/serve.log")
    try:
        clients = {}
        for key in [(org, "clerk"), (org, "head"), (org, "finance"), (other, "clerk")]:
            clients[key] = Client(base)
            clients[key].login(*users[key], "Kl4ng-closing-" + key[1])
        clerk, head_of_finance = clients[(org, "clerk")], clients[(org, "head")]
        months = months_until_last()
        first = months[0]
        api = f"/api/v1/orgs/{org}/closing"

        status, body, _ = clerk.call("GET", f"{api}?fy={fiscal_year}")
        assert status == 200, body
        listed = json.loads(body)["months"]
        assert [m["month"] for m in listed][0] == first and len(listed) == 12, listed
        assert listed[0]["can_close"] and not listed[0]["closed"], listed[0]
        print("ok: twelve months, October first and closable")

        if len(months) > 1:
            status, body, _ = clerk.call("POST", f"{api}/months/{months[1]}/close", body={})
            assert status == 422 and json.loads(body)["code"] == "closing.month_order", body
        status, _, _ = clients[(org, "finance")].call("POST", f"{api}/months/{first}/close", body={})
        assert status == 403, status
        status, _, _ = clients[(other, "clerk")].call("POST", f"{api}/months/{first}/close", body={})
        assert status in (403, 404), status
        status, body, _ = clerk.call("POST", f"{api}/months/{today.strftime('%Y-%m')}/close", body={})
        assert status == 422 and json.loads(body)["code"] == "closing.month_not_over", body
        print("ok: order, role, another organisation and an unfinished month refused")

        # A paper outage in the first month, paper documents not yet all entered: the close lists it.
        status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/continuity/outages", body={
            "cause_code": "power", "cause_th": "ไฟฟ้าดับทั้งตำบล", "started_at": first + "-15",
            "ended_at": first + "-16", "paper": True})
        assert status == 201, body
        outage = json.loads(body)["id"]
        before = head(clerk, org)
        status, body, _ = clerk.call("POST", f"{api}/months/{first}/close", body={})
        problem = json.loads(body)
        assert status == 422 and problem["code"] == "closing.differences", body
        assert [d["check"] for d in problem["differences"]] == ["continuity.paper_open"], problem
        assert "ยังบันทึกเอกสารที่จัดทำด้วยมือไม่ครบ" in problem["differences"][0]["what_th"], problem
        assert head(clerk, org) == before, "a refused close wrote something"
        status, body, _ = clerk.call("GET", f"{api}/months/{first}/differences")
        assert status == 200 and len(json.loads(body)["differences"]) == 1, body
        status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/continuity/outages/{outage}/paper-done", body={})
        assert status == 201, body
        for month in months:
            status, body, _ = clerk.call("POST", f"{api}/months/{month}/close", body={})
            assert status == 201 and json.loads(body)["closed"], (month, body)
        print(f"ok: refused with the open paper outage listed, then {len(months)} month(s) closed in order")

        before = head(clerk, org)
        day = first + "-20"
        voucher = {"date": day, "description": "รับเงินค่าธรรมเนียมย้อนหลัง",
                   "lines": [{"account": "1101010", "debit": "10.00"}, {"account": "4102010", "credit": "10.00"}]}
        status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/vouchers", body=voucher)
        problem = json.loads(body)
        assert status == 422 and problem["code"] == "closing.period_closed", body
        assert "ตุลาคม" in problem["detail"] or "ตุลาคม" in body, body
        assert head(clerk, org) == before, "a refused voucher wrote something"
        print("ok: a voucher dated in a closed month refused, naming the month")

        status, _, _ = clerk.call("POST", f"{api}/months/{first}/reopen",
                                  body={"reason": "บันทึกรายการไม่ครบ", "approval_ref": "ที่ ขก 1/2570"})
        assert status == 403, status
        status, body, _ = head_of_finance.call("POST", f"{api}/months/{first}/reopen",
                                               body={"reason": "บันทึกรายการไม่ครบ"})
        assert status == 422 and json.loads(body)["code"] == "closing.approval_required", body
        status, body, _ = head_of_finance.call("POST", f"{api}/months/{first}/reopen",
                                               body={"reason": "บันทึกรายการไม่ครบ", "approval_ref": "ที่ ขก 1/2570"})
        assert status == 201 and json.loads(body)["reopened"] == months, body
        status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/vouchers", body=voucher)
        assert status == 201, body
        print("ok: reopening needs the role and an approval, reopens the later months, and the voucher goes in")

        # The page: the form closes the first month again and the page says so.
        page = f"/orgs/{org}/closing"
        status, html, _ = head_of_finance.call("GET", f"{page}?fy={fiscal_year}")
        assert status == 200 and "ปิดบัญชีเดือนนี้" in html and "ที่ ขก 1/2570" in html, status
        status, html, _ = head_of_finance.call("POST", f"{page}/months/{first}/close",
                                               form={"_csrf": head_of_finance.csrf})
        assert status == 200 and "ปิดบัญชีเดือนเรียบร้อยแล้ว" in html and "ปิดบัญชีแล้ว" in html, status
        print("ok: the page closes a month")
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=60)

    def close(*args):
        return subprocess.run([klang, "close", *args, "--data", data, "--org", org], capture_output=True, text=True)
    if len(months) > 1:
        done = close("month", "--month", months[1], "--as", users[(org, "head")][0])
        assert done.returncode == 0 and done.stdout.startswith("CLOSED " + months[1]), done.stdout + done.stderr
    again = close("month", "--month", first, "--as", users[(org, "head")][0])
    assert again.returncode == 2 and "closing.already_closed" in again.stderr, again.stderr
    denied = close("month", "--month", first, "--as", users[(org, "finance")][0])
    assert denied.returncode != 0 and "auth.forbidden" in denied.stderr, denied.stderr
    reopened = close("reopen", "--month", first, "--as", users[(org, "head")][0], "--reason", "ตรวจสอบอีกครั้ง",
                     "--approval", "ที่ ขก 2/2570")
    assert reopened.returncode == 0 and reopened.stdout.startswith("REOPENED"), reopened.stdout + reopened.stderr
    print("ok: klang close month|reopen, with their exit codes")
    stop_and_verify(server, klang, data)
    print("ok: klang verify passes")


if __name__ == "__main__":
    main()
