#!/usr/bin/env python3
"""The year-end close over HTTP and the command line, against a real `klang serve` on 127.0.0.1.
A demo organisation lives from 1 October of the last fiscal year to today, so that year is over
on any day the test runs. The plan shows before closing; the close is refused (422, the twelve
open months listed) and refused to a role without close.year (403); once the months are closed
the year closes, and its figures hold together (surplus = revenue − expenditure − investment =
reserve + funds, lines balanced, the reserve ⌊25 %⌋ of the surplus unless the cap binds); a
second close is refused and writes nothing; reopening needs an approval, and closing again gives
the same lines; `klang close year|reopen-year` and their exit codes; `klang verify` passes.
Usage: year_end_api_test.py KLANG_BINARY"""
import csv, datetime, io, json, os, subprocess, sys, tempfile
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, demo, serve, stop_and_verify  # noqa: E402

klang = sys.argv[1]
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
this_fy_start = datetime.date(today.year if today.month >= 10 else today.year - 1, 10, 1)
last_fy_start = this_fy_start.replace(year=this_fy_start.year - 1)
last_fy = this_fy_start.year + 543  # BE year that ended on 30 September before this_fy_start
days = (today - last_fy_start).days + 1


def months_of_last_year():
    months, month = [], last_fy_start
    while month < this_fy_start:
        months.append(month.strftime("%Y-%m"))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def amount(value):
    return Decimal(value["value"])


def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    users = demo(klang, data, orgs=1, days=days)
    org = sorted({o for o, _ in users}, key=int)[0]
    server, base = serve(klang, data, f"{tmp}/serve.log")
    try:
        head, clerk = Client(base), Client(base)
        head.login(*users[(org, "head")], "Kl4ng-year-head")
        clerk.login(*users[(org, "clerk")], "Kl4ng-year-clerk")
        api = f"/api/v1/orgs/{org}/closing"

        status, body, _ = head.call("GET", f"{api}?fy={last_fy}")
        assert status == 200, body
        year = json.loads(body)["year"]
        assert not year["closed"] and year["over"] and "plan" in year, year
        new_year = f"/api/v1/orgs/{org}/trial-balance?from={this_fy_start.isoformat()}&to={today.isoformat()}"
        status, body, _ = head.call("GET", new_year)
        opening = json.loads(body)["opening_from"]
        assert status == 200 and opening["fiscal_year"] == last_fy and not opening["closed"], opening
        print(f"ok: FY {last_fy} not closed, its plan shown beforehand; this year's trial balance says its ยอดยกมา is not final")

        status, _, _ = clerk.call("POST", f"{api}/years/{last_fy}/close", body={})
        assert status == 403, status
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/close", body={})
        problem = json.loads(body)
        assert status == 422 and problem["code"] == "closing.differences", body
        assert len(problem["differences"]) == 12 and problem["differences"][0]["check"] == "closing.month_open", problem
        status, body, _ = head.call("POST", f"{api}/years/25x0/close", body={})
        assert status == 422 and json.loads(body)["code"] == "closing.fiscal_year", body
        print("ok: a role without close.year, the open months and a malformed year refused")

        # The demo's road contract of 1 September, carried over with its debt on 30 September and
        # built from its carry-over on 15 November (when today is past it).
        status, body, _ = clerk.call("GET", f"{api}/carryovers?fy={last_fy}")
        assert status == 200, body
        register = json.loads(body)
        roads = [c for c in register["carryovers"] if c["kind"] == "debt"]
        assert len(roads) == 1 and roads[0]["investment"], register
        road = roads[0]
        assert road["date"] == datetime.date(this_fy_start.year, 9, 30).isoformat(), road
        assert road["expiry"] == datetime.date(this_fy_start.year + 1, 3, 31).isoformat(), road
        built = today >= datetime.date(this_fy_start.year, 11, 15)
        assert amount(road["used"]) == (amount(road["amount"]) if built else 0), road
        assert register["can_carry"] and not register["orders"], register  # nothing else left open
        status, body, _ = clerk.call("POST", f"{api}/carryovers?fy={last_fy}",
                                     body={"kind": "no_debt", "line": road["line"], "amount": "9999999",
                                           "approver": "สภา อบต.", "approval_ref": "มติ 1/2569"})
        assert status == 422 and json.loads(body)["code"] == "budget.carryover_exceeds", body
        status, pdf, headers = clerk.call("GET", f"{api}/carryovers/report/carryovers.pdf?fy={last_fy}")
        assert status == 200 and headers["Content-Type"].startswith("application/pdf"), headers
        status, csv_text, _ = clerk.call("GET", f"{api}/carryovers/report/carryovers.csv?fy={last_fy}")
        assert status == 200 and road["number_text"] in csv_text, csv_text[:300]
        print(f"ok: the road carried over ({road['number_text']}, {road['amount']['value']}), "
              f"{'built from it' if built else 'not yet built'}; an over-carry refused; the report as PDF and CSV")

        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/preliminary", body={})
        assert status == 201, body
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/preliminary", body={})
        assert status == 422 and json.loads(body)["code"] == "closing.preliminary_done", body
        status, body, _ = head.call("GET", f"{api}?fy={last_fy}")
        assert json.loads(body)["year"]["preliminary"], body
        print("ok: the preliminary closing, once")

        for month in months_of_last_year():
            status, body, _ = clerk.call("POST", f"{api}/months/{month}/close", body={})
            assert status == 201, (month, body)
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/close", body={})
        assert status == 201, body
        plan = json.loads(body)
        surplus = amount(plan["surplus"])
        assert surplus == amount(plan["revenue"]) - amount(plan["operating"]) - amount(plan["investment"]), plan
        assert amount(plan["to_reserve"]) + amount(plan["to_funds"]) == surplus, plan
        quarter = (surplus * 25 / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        assert amount(plan["to_reserve"]) <= quarter, plan
        debit = sum(amount(line["debit"]) for line in plan["lines"])
        credit = sum(amount(line["credit"]) for line in plan["lines"])
        assert debit == credit and debit > 0, plan
        print(f"ok: FY {last_fy} closed, surplus {surplus} = reserve {plan['to_reserve']['value']} + funds {plan['to_funds']['value']}")
        status, body, _ = head.call("GET", new_year)
        opening = json.loads(body)["opening_from"]
        assert opening["closed"] and opening["act_seq"] == plan["seq"], (opening, plan["seq"])
        status, page, _ = head.call("GET", f"/orgs/{org}/trial-balance?from={this_fy_start.isoformat()}&to={today.isoformat()}")
        assert status == 200 and f"(รายการลำดับที่ {plan['seq']})" in page, page[:600]
        print("ok: this year's trial balance links its ยอดยกมา to the close's entry")

        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/integrity")
        seq = json.loads(body)["head_seq"]
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/close", body={})
        assert status == 422 and json.loads(body)["code"] == "closing.year_closed", body
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/reopen", body={"reason": "ตรวจทาน"})
        assert status == 422 and json.loads(body)["code"] == "closing.approval_required", body
        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/integrity")
        assert json.loads(body)["head_seq"] == seq and json.loads(body)["registers_ok"], body
        print("ok: a second close and a reopening without approval refused, nothing written; registers agree")

        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/reopen",
                                    body={"reason": "ตรวจทานงบการเงิน", "approval_ref": "ที่ ขก 0023/9"})
        assert status == 201, body
        status, body, _ = head.call("POST", f"{api}/years/{last_fy}/close", body={})
        assert status == 201 and json.loads(body)["lines"] == plan["lines"], body
        print("ok: reopened and closed again to the same lines")

        status, page, _ = head.call("GET", f"/orgs/{org}/closing?fy={last_fy}")
        assert status == 200 and "ปิดบัญชีประจำปีแล้ว" in page and 'id="year-figures"' in page, page[:400]
        print("ok: the closing page shows the year closed with its figures")

        # The statements tie: assets = liabilities + funds = the trial balance's; the operations
        # statement's result = the close's surplus.
        status, body, _ = clerk.call("GET", f"{api}/statements/balance_sheet?fy={last_fy}")
        assert status == 200, body
        sheet = json.loads(body)
        totals = {line["name_th"]: amount(line["amount"]) for line in sheet["lines"] if line["total"]}
        assert totals["รวมสินทรัพย์"] == totals["รวมหนี้สิน ทุน และเงินสะสม"] > 0, totals
        year_end = datetime.date(this_fy_start.year, 9, 30).isoformat()
        status, body, _ = clerk.call("GET", f"/api/v1/orgs/{org}/trial-balance?from={last_fy_start.isoformat()}&to={year_end}")
        assert status == 200, body
        trial = json.loads(body)
        assets = sum(Decimal(row["closing_debit"]["value"] if isinstance(row["closing_debit"], dict) else row["closing_debit"])
                     - Decimal(row["closing_credit"]["value"] if isinstance(row["closing_credit"], dict) else row["closing_credit"])
                     for row in trial["rows"] if row["account"].startswith("1"))
        assert assets == totals["รวมสินทรัพย์"], (assets, totals)
        status, body, _ = clerk.call("GET", f"{api}/statements/operations?fy={last_fy}")
        operations = json.loads(body)
        assert status == 200 and operations["columns"][1] == "รับจริง / จ่ายจริง", body
        result = operations["lines"][-1]["amounts"]
        assert amount(result[1]) == surplus and amount(result[2]) == amount(result[1]) - amount(result[0]), result
        status, csv_text, headers = clerk.call("GET", f"/orgs/{org}/closing/statements/balance_sheet.csv?fy={last_fy}")
        assert status == 200 and csv_text.startswith("\ufeffรหัสบรรทัด,รายการ,จำนวนเงิน"), csv_text[:80]
        status, body, _ = clerk.call("GET", f"{api}/statements/cash_flow?fy={last_fy}")
        assert status == 422 and json.loads(body)["code"] == "closing.statement_kind", body
        september = f"{this_fy_start.year}-09"
        status, body, _ = clerk.call("GET", f"{api}/statements/receipts_payments?month={september}")
        report = json.loads(body)
        assert status == 200 and report["fiscal_year"] == last_fy and len(report["columns"]) == 3, body
        carried_forward = next(line for line in report["lines"] if line["name_th"] == "รวมยอดยกไป")
        assert amount(carried_forward["amounts"][2]) == next(
            amount(line["amount"]) for line in sheet["lines"] if line["code"] == "A1"), (carried_forward, sheet)
        status, body, _ = clerk.call("GET", f"{api}/statements/receipts_payments?fy={last_fy}")
        assert status == 422 and json.loads(body)["code"] == "closing.statement_month_required", body
        print("ok: the balance sheet ties to the trial balance, the operations statement to the close; CSV download")

        # A general voucher on a deposit account names its bank account: without it the bank
        # accounts' register and the ledger differ (reconcile.bank) until it is reversed.
        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/revenue/bank")
        bank = json.loads(body)["bank_accounts"][0]["id"]
        interest = {"date": today.isoformat(), "description": "ดอกเบี้ยเงินฝากธนาคาร",
                    "lines": [{"account": "1102010", "debit": "12.34"}, {"account": "4105010", "credit": "12.34"}]}
        status, body, _ = head.call("POST", f"/api/v1/orgs/{org}/vouchers", body=interest)
        assert status == 201, body
        unnamed = json.loads(body)["seq"]
        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/integrity")
        registers = json.loads(body)["registers"]
        assert [r["check"] for r in registers] == ["reconcile.bank"] and registers[0]["amount"] == "12.34", registers
        status, body, _ = head.call("POST", f"/api/v1/orgs/{org}/vouchers/{unnamed}/reverse",
                                    body={"date": today.isoformat(), "reason": "ไม่ได้ระบุบัญชีเงินฝากธนาคาร"})
        assert status == 201, body
        status, body, _ = head.call("POST", f"/api/v1/orgs/{org}/vouchers", body={**interest, "bank_account": str(bank)})
        assert status == 201 and json.loads(body)["bank_account"] == bank, body
        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/integrity")
        assert json.loads(body)["registers_ok"], body
        print("ok: a voucher on the bank account without naming it is a bank-register difference; named, they agree")

        # A transfer between two of its bank accounts names both.
        status, body, _ = head.call("POST", f"/api/v1/orgs/{org}/revenue/bank/accounts",
                                    body={"name": "เงินฝากธนาคารกรุงไทย (กระแสรายวัน)", "bank": "ธนาคารกรุงไทย",
                                          "branch": "สาขาบ้านนา", "account_type": "current", "account_no": "981-3-00001-0",
                                          "opened_on": today.isoformat()})
        assert status == 201, body
        current = json.loads(body)["id"]
        transfer = {"date": today.isoformat(), "description": "โอนเงินเข้าบัญชีกระแสรายวัน",
                    "lines": [{"account": "1102020", "debit": "1000"}, {"account": "1102010", "credit": "1000"}],
                    "bank_accounts": [bank, current]}
        status, body, _ = head.call("POST", f"/api/v1/orgs/{org}/vouchers", body=transfer)
        assert status == 201 and json.loads(body)["bank_accounts"] == [bank, current], body
        status, body, _ = head.call("GET", f"/api/v1/orgs/{org}/integrity")
        assert json.loads(body)["registers_ok"], body
        print("ok: a transfer between two bank accounts names both, and the registers agree")
    finally:
        stop_and_verify(server, klang, data)

    head_user = users[(org, "head")][0]
    def close(*args):
        return subprocess.run([klang, "close", *args, "--data", data, "--org", org, "--as", head_user],
                              capture_output=True, text=True)
    again = close("year", "--fy", str(last_fy))
    assert again.returncode == 2 and "closing.year_closed" in again.stderr, (again.returncode, again.stdout, again.stderr)
    reopened = close("reopen-year", "--fy", str(last_fy), "--reason", "แก้ไข", "--approval", "ที่ ขก 0023/10")
    assert reopened.returncode == 0 and reopened.stdout.startswith(f"REOPENED FY {last_fy}"), reopened.stdout + reopened.stderr
    closed = close("year", "--fy", str(last_fy))
    assert closed.returncode == 0 and closed.stdout.startswith(f"CLOSED FY {last_fy}"), closed.stdout + closed.stderr
    assert f"surplus={plan['surplus']['value']}" in closed.stdout, closed.stdout
    verify = subprocess.run([klang, "verify", "--data", data], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    print("ok: klang close year|reopen-year with their exit codes; verify passes")
    report = subprocess.run([klang, "report", "operations", "--data", data, "--org", org, "--fy", str(last_fy), "--format", "csv"],
                            capture_output=True, text=True)
    assert report.returncode == 0 and report.stdout.splitlines()[-1].split(",")[3] == plan["surplus"]["value"], \
        report.stdout + report.stderr
    print("ok: klang report operations --format csv ends with the surplus beside the planned one")

    # The newcomer's demo (scripts/start.sh): the last year lived, its months and the year closed.
    lived = f"{tmp}/lived"
    subprocess.run([klang, "init", "--data", lived], check=True, capture_output=True)
    out = subprocess.run([klang, "demo", "--data", lived, "--orgs", "1", "--last-year", "--close"],
                         check=True, capture_output=True, text=True)
    assert "not closed" not in out.stderr, out.stderr
    lao = next(line.split("\t")[0] for line in out.stdout.splitlines() if "user head" in line)
    head_lived = next(line.split("user ")[1].split(" ")[0] for line in out.stdout.splitlines() if "user head" in line)
    again = subprocess.run([klang, "close", "year", "--data", lived, "--org", lao, "--fy", str(last_fy), "--as", head_lived],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "closing.year_closed" in again.stderr, again.stdout + again.stderr
    verify = subprocess.run([klang, "verify", "--data", lived], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    print("ok: klang demo --last-year --close leaves the last year closed and the books verified")

    # รายงานรับ–จ่ายเงินประจำเดือน over the demo's closed year: each month's carried forward is the
    # next month's brought forward, the year-to-date column starts from October's brought forward,
    # and September's carried forward is the balance sheet's cash at 30 September.
    def csv_rows(*args):
        done = subprocess.run([klang, "report", *args, "--data", lived, "--org", lao, "--format", "csv"],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return {row[0] or row[1]: row for row in csv.reader(io.StringIO(done.stdout.lstrip("\ufeff")))}
    carried, year_brought = None, None
    for month in [f"{this_fy_start.year - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{this_fy_start.year}-{m:02d}" for m in range(1, 10)]:
        rows = csv_rows("receipts-payments", "--month", month)
        brought = (Decimal(rows["รวมยอดยกมา"][3]), Decimal(rows["รวมยอดยกมา"][4]))
        year_brought = year_brought if year_brought is not None else brought[0]
        assert brought[1] == year_brought, (month, brought, year_brought)
        if carried is not None:
            assert brought[0] == carried, (month, brought, carried)
        received, paid = Decimal(rows["รวมรายรับทั้งสิ้น"][3]), Decimal(rows["รวมรายจ่ายทั้งสิ้น"][3])
        carried = Decimal(rows["รวมยอดยกไป"][3])
        assert brought[0] + received - paid == carried, (month, brought, received, paid, carried)
    sheet = csv_rows("balance-sheet", "--fy", str(last_fy))
    assert Decimal(sheet["A1"][2]) == carried, (sheet["A1"], carried)
    print(f"ok: twelve monthly receipts-payments reports chain from {year_brought} to {carried}, the balance sheet's cash")

    notes = csv_rows("notes", "--fy", str(last_fy))
    assert Decimal(notes["รวมเงินสดและเงินฝากธนาคาร"][2]) == carried, (notes["รวมเงินสดและเงินฝากธนาคาร"], carried)
    funds = csv_rows("accumulated-funds", "--fy", str(last_fy))
    assert Decimal(funds["เงินสะสมที่สามารถนำไปใช้ได้"][2]) < Decimal(funds["เงินสะสมตามงบแสดงฐานะการเงิน"][2]), funds
    page = subprocess.run([klang, "report", "accumulated-funds", "--data", lived, "--org", lao, "--fy", str(last_fy),
                           "--format", "html"], capture_output=True, text=True)
    assert page.returncode == 0 and page.stdout.startswith("<!DOCTYPE html>"), page.stdout[:200] + page.stderr
    assert "รายงานพิสูจน์ยอดเงินสะสมที่สามารถนำไปใช้ได้" in page.stdout and "ลงชื่อ" in page.stdout, page.stdout[:400]
    print("ok: the notes' cash is the same; the accumulated-funds report deducts; --format html gives one page")

    quarter = csv_rows("quarterly", "--fy", str(last_fy), "--quarter", "4")
    assert Decimal(quarter["รวมยอดยกไป"][3]) == carried, (quarter["รวมยอดยกไป"], carried)
    print("ok: the fourth quarter's report carries forward September's cash")

    # A deposits-held register that drifts from the ledger by one satang (a row of its table
    # changed behind the services) is named by verify, with the account and the amount.
    drift = subprocess.run(["sqlite3", f"{lived}/klang.db",
                            "UPDATE rev_deposit_lines SET credit = credit + 1 WHERE org_id = " + lao +
                            " AND seq = (SELECT MAX(seq) FROM rev_deposit_lines WHERE org_id = " + lao + ")"],
                           capture_output=True, text=True)
    assert drift.returncode == 0, drift.stderr
    verify = subprocess.run([klang, "verify", "--data", lived], capture_output=True, text=True)
    assert verify.returncode == 1 and "check=reconcile.deposits" in verify.stdout and "amount=0.01" in verify.stdout, \
        verify.stdout + verify.stderr
    print("ok: a deposits-held register one satang off the ledger is a difference verify names")


if __name__ == "__main__":
    main()
