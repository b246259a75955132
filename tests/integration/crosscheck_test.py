#!/usr/bin/env python3
"""Cross-check: the books exported by `klang export --format ledger`, read by two independent
programs (ledger-cli and hledger, Debian packages), give the same balance for every account as
`klang report trial-balance` (closing columns). The demo lives from 1 October of the last fiscal
year with its months and that year closed, so the closing entries are in the books compared.
Usage: crosscheck_test.py KLANG_BINARY"""
import csv, io, subprocess, sys, tempfile
from decimal import Decimal

klang = sys.argv[1]
def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout

with tempfile.TemporaryDirectory() as tmp:
    data = f"{tmp}/data"
    run(klang, "init", "--data", data)
    run(klang, "demo", "--data", data, "--orgs", "2", "--last-year", "--close", "--seed", "3")
    orgs = [line.split("\t") for line in run(klang, "orgs", "--data", data).splitlines()]
    books = [row[0] for row in orgs if row[1] in ("sao", "unit")]
    assert len(books) == 4, orgs
    carried = False
    for org in books:
        journal = f"{tmp}/{org}.journal"
        with open(journal, "w", encoding="utf-8") as out:
            out.write(run(klang, "export", "--data", data, "--org", org, "--format", "ledger"))
        report = run(klang, "report", "trial-balance", "--data", data, "--org", org, "--format", "csv")
        rows = list(csv.reader(io.StringIO(report.lstrip("\ufeff"))))
        assert rows[0][:4] == ["รหัสบัญชี", "ชื่อบัญชี", "ยอดยกไป เดบิต", "ยอดยกไป เครดิต"], rows[0]
        klang_balances = {r[0]: Decimal(r[2]) - Decimal(r[3]) for r in rows[1:] if r[0] != "รวม"}
        hledger = {}
        for r in list(csv.reader(io.StringIO(run("hledger", "-f", journal, "bal", "--flat", "-N", "-O", "csv"))))[1:]:
            hledger[r[0]] = Decimal(r[1].replace(" THB", "").replace(",", "") or "0")
        ledger = {}
        for line in run("ledger", "-f", journal, "bal", "--flat", "--no-total", "--balance-format",
                        "%(account)\t%(quantity(scrub(display_total)))\n").splitlines():
            account, amount = line.split("\t")
            ledger[account] = Decimal(amount)
        nonzero = lambda d: {k: v for k, v in d.items() if v != 0}
        if not (nonzero(klang_balances) == nonzero(hledger) == nonzero(ledger)):
            sys.exit(f"org {org}: balances differ\nklang {klang_balances}\nhledger {hledger}\nledger {ledger}")
        total = sum(klang_balances.values())
        assert total == 0, f"org {org}: trial balance does not balance ({total})"
        exported = run(klang, "export", "--data", data, "--org", org, "--format", "jsonl")
        assert "close.year" in exported, f"org {org}: no year close"
        carries = '"bud.carryover"' in exported
        print(f"org {org}: {len(klang_balances)} accounts agree across klang, hledger and ledger, after the year-end close"
              + (" and a carry-over" if carries else ""))
        carried = carried or carries
assert carried, "no demo LAO carried anything over: the carry-over entries were not cross-checked"
print("cross-check passed")
