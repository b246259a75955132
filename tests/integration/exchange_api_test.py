#!/usr/bin/env python3
"""Imports and exports from the outside (issue 18), against a real `klang` after `klang demo`:

- `klang import`: a clean file checked with --dry-run (exit 0, nothing written), a bad file
  (exit 1, each problem printed, nothing written), a user without the kind's permissions (exit
  2), the import itself and the same file again (nothing written twice);
- the upload API over HTTP: the file as the raw body with the session's CSRF token, the preview's
  problems by row and code, a commit refused when the file changed since its check, the
  permissions of each kind (outage receipts need rev.receipt and cont.record), and the server
  keeping its ordinary body limit everywhere else and for anyone without a session;
- `klang export --format audit` and its download: the package verifies offline with the script it
  carries; the GFMIS month downloads.
Usage: exchange_api_test.py KLANG_BINARY"""
import io, json, os, re, subprocess, sys, tempfile, urllib.error, urllib.parse, urllib.request, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, run, serve, stop_and_verify  # noqa: E402

klang = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sample = os.path.join(root, "data", "samples", "taxpayers.xlsx")


def users_of(output):
    users = {}
    for line in output.splitlines():
        m = re.search(r"^(\d+)\t.*user (\S+) one-time password (\S+)", line)
        if m:
            users[m.group(2)] = (m.group(1), m.group(3))
    return users


def klang_run(*args):
    return subprocess.run([klang, *args], capture_output=True, text=True)


def taxpayer_count(data, org):
    """Taxpayer entries in the organisation's chain (the export is the books as they are)."""
    lines = run(klang, "export", "--data", data, "--org", org, "--format", "jsonl").splitlines()
    return sum(1 for line in lines if json.loads(line)["entry"]["kind"] == "rev.taxpayer")


def upload(client, path, data, query=None, session=True):
    """POSTs `data` as the raw body; (status, JSON or text)."""
    url = client.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = {"Content-Type": "application/octet-stream", "Accept": "application/json"}
    if session:
        headers["X-CSRF-Token"] = client.csrf
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    opener = client.opener if session else urllib.request.build_opener()
    try:
        with opener.open(request, timeout=60) as response:
            body = response.read().decode()
            return response.status, json.loads(body)
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, body


def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    run(klang, "init", "--data", data)
    users = users_of(run(klang, "demo", "--data", data, "--orgs", "1", "--days", "10"))
    org = users["finance3"][0]

    # --- the command line ---
    bad = f"{tmp}/bad.csv"
    with open(bad, "w", encoding="utf-8-sig") as out:
        out.write("ประเภท,ชื่อ,เลขประจำตัว,ที่อยู่\n"
                  "บุคคลธรรมดา,นายหนึ่ง ทดสอบ,1100000000017,1 หมู่ 1\n"
                  "บุคคลธรรมดา,นายสอง ทดสอบ,1100000000017,2 หมู่ 1\n"
                  "สมาคม,สมาคมทดสอบ,1100000000025,3 หมู่ 1\n")
    before = taxpayer_count(data, org)
    checked = klang_run("import", "taxpayers", sample, "--data", data, "--org", org, "--as", "finance3", "--dry-run")
    assert checked.returncode == 0 and "CHECKED" in checked.stdout, checked.stdout + checked.stderr
    refused = klang_run("import", "taxpayers", bad, "--data", data, "--org", org, "--as", "finance3")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert re.search(r"PROBLEM แถว 3 คอลัมน์ C \(เลขประจำตัว\)\timport.duplicate_id", refused.stdout), refused.stdout
    assert re.search(r"PROBLEM แถว 4 คอลัมน์ A \(ประเภท\)\timport.taxpayer_kind", refused.stdout), refused.stdout
    assert "NOT IMPORTED: 2 problem(s)" in refused.stdout, refused.stdout
    # clerk3 (an accountant) holds no rev.taxpayer; collector3 holds rev.receipt but not cont.record.
    for kind, user in (("taxpayers", "clerk3"), ("outage-receipts", "collector3")):
        denied = klang_run("import", kind, sample, "--data", data, "--org", org, "--as", user)
        assert denied.returncode == 2 and "auth.forbidden" in denied.stderr, (kind, denied.stdout, denied.stderr)
    assert taxpayer_count(data, org) == before, "a refused or checked import wrote"
    imported = klang_run("import", "taxpayers", sample, "--data", data, "--org", org, "--as", "finance3")
    assert imported.returncode == 0 and "IMPORTED taxpayers" in imported.stdout, imported.stdout + imported.stderr
    assert taxpayer_count(data, org) == before + 4
    again = klang_run("import", "taxpayers", sample, "--data", data, "--org", org, "--as", "finance3")
    assert again.returncode == 0 and "imported before: nothing written" in again.stdout, again.stdout
    assert taxpayer_count(data, org) == before + 4

    # --- the auditor's package from the command line, checked offline ---
    package = f"{tmp}/audit.zip"
    exported = klang_run("export", "--data", data, "--org", org, "--format", "audit", "--out", package)
    assert exported.returncode == 0, exported.stderr
    unpacked = f"{tmp}/audit"
    zipfile.ZipFile(package).extractall(unpacked)
    folder = os.path.join(unpacked, os.listdir(unpacked)[0])
    verified = subprocess.run(["python3", "tools/klang-verify-chain", "books/chain.jsonl"], cwd=folder,
                              capture_output=True, text=True)
    assert verified.returncode == 0 and verified.stdout.startswith(f"OK org={org} "), verified.stdout + verified.stderr
    manifest = subprocess.run(["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr

    # --- over HTTP ---
    server, base = serve(klang, data, f"{tmp}/serve.log")
    try:
        finance = Client(base).login("finance3", users["finance3"][1], "finance-pass-2569-x")
        with open(sample, "rb") as f:
            workbook = f.read()
        bad_bytes = open(bad, "rb").read()
        status, preview = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/check", bad_bytes, {"name": "bad.csv"})
        assert status == 422 and not preview["clean"], (status, preview)
        assert [(p["row"], p["code"]) for p in preview["problems"]] == [(3, "import.duplicate_id"), (4, "import.taxpayer_kind")], preview["problems"]
        assert all(re.search("[\u0e00-\u0e7f]", p["message_th"]) for p in preview["problems"])
        # A commit of a file other than the one checked is refused, and writes nothing.
        fresh = ("ประเภท,ชื่อ,เลขประจำตัว,ที่อยู่\nบุคคลธรรมดา,นายสาม ทดสอบ,1100000000033,5 หมู่ 1\n").encode()
        status, preview = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/check", fresh, {"name": "fresh.csv"})
        assert status == 200 and preview["clean"], (status, preview)
        status, problem = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/commit", fresh,
                                 {"name": "fresh.csv", "import_id": "0" * 64})
        assert status == 409 and problem["code"] == "import.changed", (status, problem)
        status, done = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/commit", fresh,
                              {"name": "fresh.csv", "import_id": preview["import_id"]})
        assert status == 201 and done["written"] and done["record"]["entries"] == 1, (status, done)
        status, done = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/commit", fresh, {"name": "fresh.csv"})
        assert status == 200 and not done["written"], (status, done)
        # The same workbook the command line imported: imported before.
        status, done = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/check", workbook, {"name": "taxpayers.xlsx"})
        assert status == 200 and done.get("done_before"), (status, done)
        # Permissions: an accountant imports no taxpayers; a collector no outage receipts
        # (rev.receipt without cont.record); the finance officer may.
        clerk = Client(base).login("clerk3", users["clerk3"][1], "clerk-pass-2569-x")
        status, problem = upload(clerk, f"/api/v1/orgs/{org}/imports/taxpayers/check", fresh, {"name": "x.csv"})
        assert status == 403, (status, problem)
        collector = Client(base).login("collector3", users["collector3"][1], "collector-pass-2569-x")
        status, problem = upload(collector, f"/api/v1/orgs/{org}/imports/outage-receipts/check", fresh, {"name": "x.csv"})
        assert status == 403, (status, problem)
        # The ordinary body limit (8 MB by default) holds for other paths and for anyone without a
        # session; an upload with a session may send up to the file limit (10 MB).
        nine_mb = b"x" * (9 << 20)
        status, problem = upload(finance, f"/api/v1/orgs/{org}/vouchers", nine_mb)
        assert status == 413, status
        status, problem = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/check", nine_mb, session=False)
        assert status == 413, status
        status, preview = upload(finance, f"/api/v1/orgs/{org}/imports/taxpayers/check", nine_mb, {"name": "big.csv"})
        assert status == 422 and preview["problems"][0]["code"] == "import.too_large", (status, preview)
        # The auditor's package and the GFMIS month download.
        status, body, headers = finance.call("GET", f"/orgs/{org}/exports/audit")
        assert status == 403, status  # a finance officer holds no export.read
        head = Client(base).login("head3", users["head3"][1], "head-pass-2569-x")
        request = urllib.request.Request(base + f"/orgs/{org}/exports/audit")
        with head.opener.open(request, timeout=60) as response:
            assert response.headers["Content-Type"] == "application/zip"
            names = zipfile.ZipFile(io.BytesIO(response.read())).namelist()
        assert any(name.endswith("/books/chain.jsonl") for name in names), names
        # Downloads are named with Buddhist-Era dates, as every date a user meets.
        status, body, headers = head.call("GET", f"/orgs/{org}/trial-balance?format=csv")
        named = urllib.parse.unquote(headers.get("Content-Disposition", ""))
        assert status == 200 and re.search(r"งบทดลอง-\d+-25\d\d-\d\d-\d\d-25\d\d-\d\d-\d\d\.csv", named), (status, named)
        status, body, _ = head.call("GET", f"/orgs/{org}/exports/audit?fy=abc")
        assert status == 422 and "export.fiscal_year" in body, (status, body)
    finally:
        stop_and_verify(server, klang, data)
    print("exchange api test passed")


if __name__ == "__main__":
    main()
