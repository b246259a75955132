#!/usr/bin/env python3
"""Witnesses end to end, as processes (issue 16): `klang keys new`, `klang witness serve`,
`klang checkpoint`, `klang verify --witness`, `klang serve --key --witness`, the receipt's QR code
and its public check page.

- the insider's rewrite of a general voucher (amounts changed on both sides, every later hash
  recomputed, the head moved, `klang rebuild`), which plain `klang verify` passes, is named by
  `verify --witness` with the organisation and a range holding the entry — also with this node's
  copies of the checkpoints rewritten;
- a checkpoint signed with another key, or going back in time: refused by the witness;
- history cut off at the end and the head rolled back: caught;
- the QR code on a receipt PDF decodes (zbarimg) to the check page, which says valid, then not
  valid after a rewrite; an unknown or guessed code learns nothing; the rate limit holds;
- the witness down: postings go on, the integrity page shows the age growing, and the
  checkpoints arrive once it is back.
Usage: witness_test.py KLANG_BINARY
"""
import json, os, random, re, shutil, sqlite3, subprocess, sys, tempfile, time, urllib.request
sys.path.insert(0, os.path.dirname(__file__))
from api_client import Client, demo, free_port, run  # noqa: E402

klang = sys.argv[1]
TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "klang-verify-chain")
GENESIS = "0" * 64


def chain_hash(previous_hex, canonical):
    import hashlib
    return hashlib.sha256(bytes.fromhex(previous_hex) + canonical.encode("utf-8")).hexdigest()


def canonical(entry):
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def voucher_amounts(satang):
    """A change to a general voucher: its debit line and its credit line both set to `satang`."""
    def change(entry):
        debit = [line for line in entry["lines"] if line["debit"] > 0]
        credit = [line for line in entry["lines"] if line["credit"] > 0]
        assert len(debit) == 1 and len(credit) == 1, entry["lines"]
        debit[0]["debit"] = credit[0]["credit"] = satang
    return change


def receipt_amount(satang):
    """A change to a receipt: its one line and its total set to `satang`."""
    def change(entry):
        assert len(entry["body"]["lines"]) == 1, entry["body"]
        entry["body"]["lines"][0]["amount"] = entry["body"]["total"] = satang
    return change


def rewrite(db_path, org, seq, change, copies_too=False):
    """The insider's rewrite: entry `seq` changed by `change`, every later hash of the organisation
    recomputed, the head moved; with `copies_too`, this node's checkpoint copies made to agree."""
    db = sqlite3.connect(db_path)
    previous = GENESIS
    rows = db.execute("SELECT seq, canonical FROM ledger_entries WHERE org_id=? ORDER BY seq", (org,)).fetchall()
    for row_seq, text in rows:
        if row_seq == seq:
            entry = json.loads(text)
            change(entry)
            text = canonical(entry)
        previous = chain_hash(previous, text)
        db.execute("UPDATE ledger_entries SET canonical=?, hash=? WHERE org_id=? AND seq=?", (text, previous, org, row_seq))
        if copies_too:
            db.execute("UPDATE witness_local_checkpoints SET hash=? WHERE org_id=? AND seq=?", (previous, org, row_seq))
    db.execute("UPDATE ledger_heads SET seq=?, hash=? WHERE org_id=?", (rows[-1][0], previous, org))
    db.commit()
    db.close()


def verify(data, *witnesses):
    args = [klang, "verify", "--data", data]
    for url in witnesses:
        args += ["--witness", url]
    done = subprocess.run(args, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def wait_http(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except Exception:
            time.sleep(0.1)
    raise AssertionError("no answer from " + url)


class Witness:
    def __init__(self, tmp, trust, name="witness"):
        self.dir, self.trust, self.port = f"{tmp}/{name}", trust, free_port()
        self.url, self.process = f"http://127.0.0.1:{self.port}", None

    def start(self):
        self.process = subprocess.Popen([klang, "witness", "serve", "--data", self.dir, "--listen",
                                         f"127.0.0.1:{self.port}", "--trust", self.trust],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(self.url + "/witness/v1/checkpoints")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def vouchers_of(db_path, org, through):
    """The general vouchers of `org` up to `through` with one debit line and one credit line."""
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT seq, canonical FROM ledger_entries WHERE org_id=? AND kind='gl.voucher' AND seq<=?"
                      " ORDER BY seq", (org, through)).fetchall()
    db.close()
    return [seq for seq, text in rows if len(json.loads(text)["lines"]) == 2]


def heads(db_path):
    db = sqlite3.connect(db_path)
    result = dict(db.execute("SELECT org_id, seq FROM ledger_heads"))
    db.close()
    return result


def rewrites_are_caught(tmp, data, witness):
    clean = f"{tmp}/clean"
    shutil.copytree(data, clean)
    db_heads = heads(f"{clean}/klang.db")
    candidates = [(org, seq) for org in db_heads for seq in vouchers_of(f"{clean}/klang.db", org, db_heads[org])]
    assert len(candidates) >= 10, candidates
    rng = random.Random(16)
    for trial, (org, seq) in enumerate(rng.sample(candidates, 6)):
        shutil.rmtree(data)
        shutil.copytree(clean, data)
        rewrite(f"{data}/klang.db", org, seq, voucher_amounts(987_654 + trial), copies_too=trial % 2 == 1)
        run(klang, "rebuild", "--data", data)
        status, out = verify(data)
        assert status == 0, "plain verify should not see the rewrite:\n" + out
        status, out = verify(data, witness.url)
        assert status == 1, out
        found = re.search(rf"DAMAGED org={org} first_bad_seq=(\d+) range=(\d+)-(\d+)", out)
        assert found, out
        low, high = int(found.group(2)), int(found.group(3))
        assert low <= seq <= high, (seq, out)
        others = re.findall(r"DAMAGED org=(\d+)", out)
        assert others == [str(org)], out
        # The auditor's script, offline, with the witness's checkpoints: the same finding.
        with open(f"{tmp}/chain.jsonl", "w") as chain, open(f"{tmp}/checkpoints.jsonl", "w") as held:
            chain.write(run(klang, "export", "--data", data, "--org", str(org), "--format", "jsonl"))
            held.write(run(klang, "witness", "list", "--data", witness.dir))
        tool = subprocess.run([sys.executable, TOOL, "--checkpoints", f"{tmp}/checkpoints.jsonl", f"{tmp}/chain.jsonl"],
                              capture_output=True, text=True)
        found = re.search(rf"BAD org={org} seq=(\d+): does not pass through the checkpoint at seq (\d+)", tool.stdout)
        assert tool.returncode == 1 and found and int(found.group(1)) <= seq <= int(found.group(2)), tool.stdout
        print(f"ok: rewrite of org {org} seq {seq} named as range {low}-{high}" +
              (" (local copies rewritten too)" if trial % 2 else ""))
    shutil.rmtree(data)
    shutil.copytree(clean, data)
    # Intact, the script passes through every checkpoint; with --trust it checks each signature
    # (PyNaCl, Debian's python3-nacl, under Debian's own python3).
    org = next(iter(db_heads))
    with open(f"{tmp}/chain.jsonl", "w") as chain:
        chain.write(run(klang, "export", "--data", data, "--org", str(org), "--format", "jsonl"))
    out = run(sys.executable, TOOL, "--checkpoints", f"{tmp}/checkpoints.jsonl", f"{tmp}/chain.jsonl")
    assert out.startswith(f"OK org={org} ") and out.strip().endswith("checkpoints=1"), out
    debian_python = "/usr/bin/python3"
    if subprocess.run([debian_python, "-c", "import nacl.signing"], capture_output=True).returncode == 0:
        out = run(debian_python, TOOL, "--checkpoints", f"{tmp}/checkpoints.jsonl", "--trust", f"{tmp}/node.key.pub",
                  f"{tmp}/chain.jsonl")
        assert out.startswith("OK"), out
        other = subprocess.run([debian_python, TOOL, "--checkpoints", f"{tmp}/checkpoints.jsonl", "--trust",
                                f"{tmp}/other.key.pub", f"{tmp}/chain.jsonl"], capture_output=True, text=True)
        assert other.returncode == 1 and "is not trusted" in other.stdout, other.stdout
        print("ok: klang-verify-chain --trust checks every signature (python3-nacl)")
    else:
        print("note: /usr/bin/python3 lacks python3-nacl (scripts/setup.sh installs it); --trust not exercised")


def history_cut_off_is_caught(tmp, data, witness):
    copy = f"{tmp}/cut"
    shutil.copytree(data, copy)
    db = sqlite3.connect(f"{copy}/klang.db")
    org, head = db.execute("SELECT org_id, seq FROM ledger_heads ORDER BY seq DESC LIMIT 1").fetchone()
    keep = head - 3
    db.execute("DELETE FROM ledger_entries WHERE org_id=? AND seq>?", (org, keep))
    keep_hash = db.execute("SELECT hash FROM ledger_entries WHERE org_id=? AND seq=?", (org, keep)).fetchone()[0]
    db.execute("UPDATE ledger_heads SET seq=?, hash=? WHERE org_id=?", (keep, keep_hash, org))
    db.commit()
    db.close()
    run(klang, "rebuild", "--data", copy)
    status, out = verify(copy, witness.url)
    assert status == 1 and re.search(rf"DAMAGED org={org} first_bad_seq={keep + 1} range={keep + 1}-{head}: .*removed", out), out
    print(f"ok: org {org} cut back from {head} to {keep}: range {keep + 1}-{head} reported removed")
    shutil.rmtree(copy)


def witness_refuses(tmp, data, witness, other_key):
    # A copy of the books, grown, signed with a key the witness does not trust.
    foreign = f"{tmp}/foreign"
    shutil.copytree(data, foreign)
    run(klang, "append-load", "--data", foreign, "--orgs", "1", "--count", "2", "--threads", "1")
    done = subprocess.run([klang, "checkpoint", "--data", foreign, "--key", other_key, "--witness", witness.url],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "witness.unknown_key" in done.stdout, done.stdout + done.stderr
    print("ok: a checkpoint signed with another key is refused (witness.unknown_key), and kept to be tried again")
    shutil.rmtree(foreign)
    # The same key on a copy of the books that fell behind (a centre restored from an old backup,
    # then written on): its next checkpoint has a lower seq than the witness already holds.
    older = f"{tmp}/older"
    shutil.copytree(data, older)
    run(klang, "append-load", "--data", data, "--orgs", "1", "--count", "5", "--threads", "1")
    run(klang, "checkpoint", "--data", data, "--key", f"{tmp}/node.key", "--witness", witness.url)
    run(klang, "append-load", "--data", older, "--orgs", "1", "--count", "2", "--threads", "1")
    # Signed while its witness is out of reach (it cannot learn what the witness holds) ...
    dead = f"http://127.0.0.1:{free_port()}"
    done = subprocess.run([klang, "checkpoint", "--data", older, "--key", f"{tmp}/node.key", "--witness", dead],
                          capture_output=True, text=True)
    assert done.returncode == 1 and re.match(r"SIGNED 1 checkpoint", done.stdout) and "UNDELIVERED" in done.stdout, \
        done.stdout + done.stderr
    # ... then pointed at the witness: the node learns it holds more and will not sign below it, and
    # the witness refuses the checkpoint already signed.
    done = subprocess.run([klang, "checkpoint", "--data", older, "--key", f"{tmp}/node.key", "--witness", witness.url],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "REFUSED_BY_WITNESS" in done.stdout and "witness.back_in_time" in done.stderr, \
        done.stdout + done.stderr
    assert re.search(r"REFUSED org=\d+: the chain ends below its checkpoint at seq \d+", done.stdout), done.stdout
    print("ok: a copy of the books that fell behind: the node will not sign below the witness, and the witness "
          "refuses what it signed before (witness.back_in_time)")
    shutil.rmtree(older)
    # A checkpoint whose signature does not match: refused, nothing kept.
    held = json.loads(run(klang, "witness", "list", "--data", witness.dir).splitlines()[-1])
    held["checkpoint"]["seq"] += 1000
    request = urllib.request.Request(witness.url + "/witness/v1/checkpoints", method="POST",
                                     data=json.dumps({"checkpoints": [held]}).encode(),
                                     headers={"Content-Type": "application/json"})
    answer = json.loads(urllib.request.urlopen(request, timeout=10).read())
    assert answer["results"][0]["code"] == "witness.bad_signature", answer
    print("ok: a forged checkpoint is refused (witness.bad_signature)")


def serve(tmp, data, witness, key):
    port = free_port()
    log = open(f"{tmp}/serve.log", "a")
    process = subprocess.Popen([klang, "serve", "--data", data, "--listen", f"127.0.0.1:{port}", "--key", key,
                                "--witness", witness.url, "--checkpoint-interval-s", "1", "--no-access-log",
                                "--public-url", f"http://127.0.0.1:{port}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/healthz")
    return process, base


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=60)


def qr_of_pdf(tmp, clerk, path, name):
    """The URL in the QR code of the first page of the PDF at `path`, checked to be printed beside it."""
    with clerk.opener.open(urllib.request.Request(clerk.base + path), timeout=30) as response:
        pdf = response.read()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    with open(f"{tmp}/{name}.pdf", "wb") as out:
        out.write(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-singlefile", "-png", f"{tmp}/{name}.pdf",
                    f"{tmp}/{name}"], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", f"{tmp}/{name}.png"], capture_output=True, text=True)
    assert decoded.returncode == 0, decoded.stderr
    url = decoded.stdout.strip()
    assert url.startswith(clerk.base + "/check/"), url
    text = subprocess.run(["pdftotext", f"{tmp}/{name}.pdf", "-"], capture_output=True, text=True).stdout
    assert url.rsplit("/", 1)[1] in text, "the check code is printed beside the QR code"
    return url


def voucher_qr(tmp, clerk, org):
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/vouchers", body={
        "date": today, "description": "ค่าธรรมเนียม (ตรวจคิวอาร์โค้ด)",
        "lines": [{"account": "1101010", "debit": "55.00"}, {"account": "4102010", "credit": "55.00"}]})
    assert status == 201, (status, body)
    seq = json.loads(body)["seq"]
    url = qr_of_pdf(tmp, clerk, f"/orgs/{org}/vouchers/{seq}/pdf", "voucher")
    assert url.rsplit("/", 1)[1].startswith(f"{org}-{seq}-"), url
    status, said, _ = verdict(url)
    assert said in ("awaiting", "valid"), said
    deadline = time.monotonic() + 60  # signed within the interval (--checkpoint-interval-s 1), then delivered
    while True:
        status, body, _ = clerk.call("GET", f"/api/v1/orgs/{org}/integrity")
        if json.loads(body)["checkpoints"]["witnesses"][0]["seq"] >= seq:
            break
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    status, said, _ = verdict(url)
    assert said == "valid", said
    print(f"ok: a new voucher's QR code decodes to {url}: awaiting, then valid once signed and witnessed")


def qr_of_receipt(tmp, clerk, org):
    status, body, _ = clerk.call("GET", f"/api/v1/orgs/{org}/revenue/receipts")
    assert status == 200, body
    receipt = json.loads(body)["receipts"][0]
    return receipt, qr_of_pdf(tmp, clerk, f"/orgs/{org}/reports/revenue/receipts/{receipt['id']}/pdf", "receipt")


def verdict(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            page, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        page, status = error.read().decode(), error.code
    return status, re.search(r'data-verdict="([a-z_]*)"', page).group(1), page


def clerk_of(tmp, data, witness, users, which):
    """The server with its key and the witness, and the clerk of the `which`-th organisation signed in."""
    org = sorted({org for org, _ in users}, key=int)[which]
    process, base = serve(tmp, data, witness, f"{tmp}/node.key")
    clerk = Client(base)
    clerk.login(*users[(org, "clerk")], "Kl4ng-witness-clerk")
    return org, process, base, clerk


def receipt_check(tmp, data, witness, users):
    org, process, base, clerk = clerk_of(tmp, data, witness, users, 0)
    try:
        receipt, url = qr_of_receipt(tmp, clerk, org)
        voucher_qr(tmp, clerk, org)
        status, said, page = verdict(url)
        assert status == 200 and said == "valid", (status, said, page[-2000:])
        assert "✓ ถูกต้อง" in page and "และพยานรับรองแล้ว" in page
        print(f"ok: the receipt's QR code decodes to {url}; the page says valid")
        org_id, seq, tag = url.rsplit("/", 1)[1].split("-")
        guessed = tag[:-1] + ("A" if tag[-1] != "A" else "B")
        unknown_pages = [verdict(f"{base}/check/{org_id}-{seq}-{guessed}"), verdict(f"{base}/check/{org_id}-999999-{tag}"),
                         verdict(f"{base}/check/nonsense")]
        for status, said, page in unknown_pages:
            assert status == 404 and said == "unknown", (status, said)
            assert "องค์การบริหารส่วนตำบล" not in page and "check-amount" not in page, page
        print("ok: a guessed tag, an unknown document and nonsense get the same answer: not found")
    finally:
        stop(process)
    # The receipt's entry rewritten (its amount), every later hash recomputed, then served again.
    rewrite(f"{data}/klang.db", int(org_id), int(seq), receipt_amount(1_00), copies_too=True)
    run(klang, "rebuild", "--data", data)
    process, base = serve(tmp, data, witness, f"{tmp}/node.key")
    try:
        status, said, page = verdict(f"{base}/check/{org_id}-{seq}-{tag}")  # served again on another port
        assert status == 200 and said == "not_valid", (status, said)
        assert re.search(r'id="check-amount">1\.00<', page), "the page shows what the books now hold"
        print("ok: after the rewrite (local copies rewritten too) the page says not valid")
        limited = [verdict(f"{base}/check/nonsense")[0] for _ in range(30)]
        assert 429 in limited and limited.count(404) <= 20, limited
        print(f"ok: the check page is rate-limited ({limited.count(429)} of 30 quick requests refused with 429)")
    finally:
        stop(process)


def witness_down(tmp, data, witness, users):
    org, process, base, clerk = clerk_of(tmp, data, witness, users, 1)
    try:

        def integrity():
            status, body, _ = clerk.call("GET", f"/api/v1/orgs/{org}/integrity")
            assert status == 200, body
            return json.loads(body)

        def wait(predicate, what, seconds=90):
            deadline = time.monotonic() + seconds
            while True:
                state = integrity()
                if predicate(state):
                    return state
                if time.monotonic() > deadline:
                    raise AssertionError(what + ": " + json.dumps(state["checkpoints"]))
                time.sleep(0.2)

        wait(lambda s: s["checkpoints"]["witnesses"][0]["seq"] == s["head_seq"], "the witness holds the head")
        witness.stop()
        today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
        for amount in ("10.00", "20.00", "30.00"):
            status, body, _ = clerk.call("POST", f"/api/v1/orgs/{org}/vouchers", body={
                "date": today, "description": "ค่าธรรมเนียม (พยานปิด)",
                "lines": [{"account": "1101010", "debit": amount}, {"account": "4102010", "credit": amount}]})
            assert status == 201, (status, body)
        print("ok: with the witness down, postings go on (3 vouchers 201)")
        first = wait(lambda s: s["checkpoints"]["witnesses"][0]["failing"], "delivery fails while the witness is down")
        time.sleep(2.2)
        second = integrity()
        assert second["checkpoints"]["witnesses"][0]["age_seconds"] >= first["checkpoints"]["witnesses"][0]["age_seconds"] + 2, \
            (first["checkpoints"], second["checkpoints"])
        assert second["checkpoints"]["witnesses"][0]["seq"] < second["head_seq"]
        print(f"ok: the integrity page shows the delivery failing and the age growing "
              f"({first['checkpoints']['witnesses'][0]['age_th']} -> {second['checkpoints']['witnesses'][0]['age_th']})")
        witness.start()
        state = wait(lambda s: s["checkpoints"]["witnesses"][0]["seq"] == s["head_seq"] and not s["checkpoints"]["witnesses"][0]["failing"],
                     "the checkpoints arrive once the witness is back")
        assert state["checkpoints"]["passes"], state["checkpoints"]
        print(f"ok: back, the witness holds seq {state['head_seq']}; the chain passes its "
              f"{state['checkpoints']['anchors_checked']} witnessed checkpoints")
    finally:
        stop(process)
    status, out = verify(data, witness.url)
    assert status == 0 and "witnessed checkpoint" in out, out


def check_code(org, seq, entry_id):
    """The check code of an entry, computed here from docs/ledger-format.md §12.6 alone."""
    import hashlib
    bits = int.from_bytes(hashlib.sha256(("klang.check.v1:" + entry_id).encode()).digest()[:8], "big")
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return f"{org}-{seq}-" + "".join(alphabet[(bits >> (59 - 5 * i)) & 31] for i in range(10))


def edge_keeps_checkpoints(tmp):
    """An edge node with the centre's public key keeps its organisation's checkpoints, handed to it
    with each heartbeat (the centre need not reach it), and its check page judges by them."""
    witness = Witness(tmp, f"{tmp}/node.key.pub", "witness-of-centre")  # new books: a witness of their own
    witness.start()
    centre_dir, edge_dir = f"{tmp}/centre", f"{tmp}/edge"
    demo(klang, centre_dir, orgs=1, days=2)
    lao = next(line.split("\t")[0] for line in run(klang, "orgs", "--data", centre_dir).splitlines()
               if line.split("\t")[1] == "sao")
    credential = re.search(r"\n(\S+)\s*$", run(klang, "node", "add", "--data", centre_dir, "--name", "E1",
                                                "--org", lao)).group(1)
    with open(f"{tmp}/E1.credential", "w") as out:
        out.write(credential)
    centre, centre_base = serve(tmp, centre_dir, witness, f"{tmp}/node.key")
    port = free_port()
    edge = subprocess.Popen([klang, "serve", "--edge", "--data", edge_dir, "--upstream", centre_base, "--org", lao,
                             "--credential-file", f"{tmp}/E1.credential", "--trust", f"{tmp}/node.key.pub",
                             "--public-url", centre_base, "--listen", f"127.0.0.1:{port}", "--no-access-log",
                             "--heartbeat-ms", "200"], stdout=open(f"{tmp}/edge.log", "w"), stderr=subprocess.STDOUT)
    edge_base = f"http://127.0.0.1:{port}"
    try:
        wait_http(edge_base + "/healthz")
        deadline = time.monotonic() + 60
        while True:
            try:
                held = json.loads(urllib.request.urlopen(f"{edge_base}/witness/v1/checkpoints?org={lao}", timeout=5).read())
            except urllib.error.URLError:
                held = {"checkpoints": []}
            if held["checkpoints"]:
                break
            assert time.monotonic() < deadline, open(f"{tmp}/edge.log").read()[-2000:]
            time.sleep(0.2)
        seq = held["checkpoints"][-1]["checkpoint"]["seq"]
        db = sqlite3.connect(f"{edge_dir}/klang.db")
        receipt_seq, entry_id = db.execute("SELECT seq, entry_id FROM ledger_entries WHERE org_id=? AND kind='rev.receipt' "
                                           "AND seq<=? ORDER BY seq LIMIT 1", (int(lao), seq)).fetchone()
        db.close()
        code = check_code(lao, receipt_seq, entry_id)
        status, said, _ = verdict(f"{edge_base}/check/{code}")
        assert status == 200 and said == "valid", (status, said)
        status, said, _ = verdict(f"{centre_base}/check/{code}")
        assert status == 200 and said == "valid", (status, said)
        print(f"ok: the edge node keeps the centre's checkpoints of org {lao} (seq {seq}) from its heartbeats; "
              f"check code {code}, computed from the documented rule, is valid at the edge and the centre")
    finally:
        stop(edge)
        stop(centre)
        witness.stop()


def main():
    tmp = tempfile.mkdtemp()
    data = f"{tmp}/data"
    witness = None
    try:
        users = demo(klang, data, orgs=2, days=3)
        run(klang, "keys", "new", "--out", f"{tmp}/node.key")
        run(klang, "keys", "new", "--out", f"{tmp}/other.key")
        assert oct(os.stat(f"{tmp}/node.key").st_mode & 0o777) == "0o600"
        witness = Witness(tmp, f"{tmp}/node.key.pub")
        witness.start()
        out = run(klang, "checkpoint", "--data", data, "--key", f"{tmp}/node.key", "--witness", witness.url)
        assert re.match(r"SIGNED [1-9]\d* checkpoint\(s\); DELIVERED [1-9]\d* to 1 witness", out), out
        status, out = verify(data, witness.url)
        assert status == 0 and "passes through its" in out, out
        print("ok: klang checkpoint signed and delivered; verify --witness passes")
        rewrites_are_caught(tmp, data, witness)
        history_cut_off_is_caught(tmp, data, witness)
        witness_refuses(tmp, data, witness, f"{tmp}/other.key")
        receipt_check(tmp, data, witness, users)
        shutil.rmtree(data)
        users = demo(klang, data, orgs=2, days=3)  # fresh books for the outage: the rewrite above stays caught
        shutil.rmtree(witness.dir)
        witness.stop()
        witness = Witness(tmp, f"{tmp}/node.key.pub")
        witness.start()
        witness_down(tmp, data, witness, users)
        edge_keeps_checkpoints(tmp)
        print("PASS")
    finally:
        if witness:
            witness.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
