#!/usr/bin/env python3
"""Oversight over HTTP against a real `klang serve` on 127.0.0.1, after `klang demo` and
`klang demo --oversight`: the province's table and its counts; an LAO raises a problem, the office
advises and fixes it, the LAO sees the fix; and every refusal the issue lists answers with a Thai
message and a stable code and writes nothing — a unit's user (added with `klang user add`) reading
the province or raising a problem, an LAO's user writing the office's records, a report for a
month to come, a second report of the same month; the daily report downloaded by the LAO's own
clerk counts as made, the office reading it does not; `klang verify` records its outcome for the
table and passes. Usage: oversight_api_test.py KLANG_BINARY"""
import datetime, json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, run, serve, stop_and_verify  # noqa: E402

klang = sys.argv[1]
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
this_month = today.strftime("%Y-%m")
next_month = (today.replace(day=28) + datetime.timedelta(days=4)).strftime("%Y-%m")


def users_of(output):
    """{login: (org id, one-time password)} from the output of klang demo."""
    users = {}
    for line in output.splitlines():
        m = re.search(r"^(\d+)\t.*user (\S+) one-time password (\S+)", line)
        if m:
            users[m.group(2)] = (m.group(1), m.group(3))
    return users


def refused(status, body, code):
    problem = json.loads(body)
    assert problem.get("code") == code, (status, body)
    assert re.search("[\u0e00-\u0e7f]", problem.get("title", "") + problem.get("detail", "")), body
    return problem


def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    run(klang, "init", "--data", data)
    users = users_of(run(klang, "demo", "--data", data, "--orgs", "1", "--days", "10"))
    users.update(users_of(run(klang, "demo", "--data", data, "--oversight")))
    kru = next(login for login in users if re.fullmatch(r"kru\d+", login))
    province = users[kru][0]
    lao = next(org for login, (org, _) in users.items() if login == f"head{org}" and login.startswith("head"))
    units = [line.split("\t") for line in run(klang, "orgs", "--data", data).splitlines()]
    unit = next(fields[0] for fields in units if len(fields) >= 4 and fields[1] == "unit" and fields[3] == lao)
    added = run(klang, "user", "add", "--data", data, "--org", unit, "--username", "unitclerk",
                "--name", "ครูผู้ดูแลเด็ก", "--role", "accountant")
    unit_password = re.search(r"One-time password: (\S+)", added).group(1)
    server, base = serve(klang, data, f"{tmp}/serve.log")
    try:
        office = Client(base)
        office.login(kru, users[kru][1], "office-pass-2569-x")
        status, body, _ = office.call("GET", f"/api/v1/orgs/{province}/oversight")
        assert status == 200, body
        table = json.loads(body)
        standings = [row["standing"] for row in table["rows"]]
        assert table["counts"]["total"] == len(standings) == 5, table["counts"]
        for standing in ("current", "behind", "help"):
            assert table["counts"][standing] == standings.count(standing), (standing, table["counts"])
        names = {row["name"]: row for row in table["rows"]}
        behind = next(row for name, row in names.items() if "โนนสูง" in name)
        assert behind["standing"] == "behind" and behind["posting_lag"] == 10, behind

        # โนนสูง's own head downloads a daily report after its last: made. The office reading it: not.
        late = str(behind["org"])
        day = (today - datetime.timedelta(days=5)).isoformat()
        late_head = Client(base)
        late_head.login(f"head{late}", users[f"head{late}"][1], "late-pass-2569-xy")
        status, _, _ = office.call("GET", f"/orgs/{late}/reports/revenue/daily/pdf?date={day}")
        assert status == 200
        status, body, _ = office.call("GET", f"/api/v1/orgs/{late}/oversight")
        row = next(r for r in json.loads(body)["rows"] if str(r["org"]) == late)
        assert row["daily_report"] == behind["daily_report"] != day, row
        status, _, _ = late_head.call("GET", f"/orgs/{late}/reports/revenue/daily/pdf?date={day}")
        assert status == 200
        status, body, _ = late_head.call("GET", f"/api/v1/orgs/{late}/oversight")
        assert status == 200, body
        row = next(r for r in json.loads(body)["rows"] if str(r["org"]) == late)
        assert row["daily_report"] == day, row

        head_login = f"head{lao}"
        head = Client(base)
        head.login(head_login, users[head_login][1], "head-pass-2569-xy")

        # A problem raised by the LAO, advised and fixed by the office.
        status, body, _ = head.call("POST", f"/api/v1/orgs/{lao}/oversight/problems",
                                    body={"org": int(lao), "category": "revenue", "description": "พิมพ์ใบเสร็จแล้วตัวอักษรเพี้ยน",
                                          "date": today.isoformat()})
        assert status == 201, body
        problem = json.loads(body)["id"]
        status, body, _ = office.call("POST", f"/api/v1/orgs/{province}/oversight/problems/{problem}/notes",
                                      body={"kind": "advice", "text": "ติดตั้งแบบอักษร TH Sarabun ในเครื่องพิมพ์"})
        assert status == 201 and json.loads(body)["state"] == "advised", body
        status, body, _ = office.call("POST", f"/api/v1/orgs/{province}/oversight/problems/{problem}/notes",
                                      body={"kind": "fix", "text": "ติดตั้งแล้ว พิมพ์ได้ถูกต้อง"})
        assert status == 201 and json.loads(body)["state"] == "fixed", body
        status, body, _ = head.call("GET", f"/api/v1/orgs/{lao}/oversight/problems/{problem}")
        assert status == 200 and json.loads(body)["state"] == "fixed" and len(json.loads(body)["notes"]) == 2, body

        # Refusals, nothing written.
        def problems_count():
            status, body, _ = office.call("GET", f"/api/v1/orgs/{province}/oversight/problems")
            return len(json.loads(body)["problems"])
        before = problems_count()
        unit_user = Client(base)
        unit_user.login("unitclerk", unit_password, "unit-pass-2569-xyz")
        status, body, _ = unit_user.call("GET", f"/api/v1/orgs/{province}/oversight")
        assert status == 403, (status, body)
        refused(status, body, "auth.out_of_scope")
        status, body, _ = unit_user.call("POST", f"/api/v1/orgs/{unit}/oversight/problems",
                                         body={"category": "login", "description": "เข้าระบบไม่ได้"})
        assert status == 422, (status, body)
        refused(status, body, "ovs.lao_only")
        status, body, _ = head.call("POST", f"/api/v1/orgs/{province}/oversight/reports",
                                    body={"month": this_month, "meeting_on": today.isoformat(), "attendees": "ปลัด"})
        assert status == 403, (status, body)
        assert problems_count() == before

        report = {"month": next_month, "meeting_on": today.isoformat(), "attendees": "นางสาวกานดา ศรีสุข",
                  "obstacles": "ไฟฟ้าดับ", "needs": "", "suggestions": ""}
        status, body, _ = office.call("POST", f"/api/v1/orgs/{province}/oversight/reports", body=report)
        assert status == 422, (status, body)
        refused(status, body, "ovs.report_future_month")
        report["month"] = this_month
        status, body, _ = office.call("POST", f"/api/v1/orgs/{province}/oversight/reports", body=report)
        assert status == 201, body
        status, body, _ = office.call("POST", f"/api/v1/orgs/{province}/oversight/reports", body=report)
        assert status == 409, (status, body)
        refused(status, body, "ovs.report_exists")
        status, body, _ = office.call("GET", f"/api/v1/orgs/{province}/oversight/reports")
        assert [r["month"] for r in json.loads(body)["reports"]] == [this_month], body
    finally:
        stop_and_verify(server, klang, data)
    # verify recorded its outcome: every organisation shows a verification.
    server, base = serve(klang, data, f"{tmp}/serve2.log")
    try:
        office = Client(base)
        office.sign_in(kru, "office-pass-2569-x")
        status, body, _ = office.call("GET", f"/api/v1/orgs/{province}/oversight")
        rows = json.loads(body)["rows"]
        assert all(row["verified_th"] and not row["damaged"] for row in rows), rows
    finally:
        stop_and_verify(server, klang, data)
    print("oversight API test passed")


main()
