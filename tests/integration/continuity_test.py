#!/usr/bin/env python3
"""Continuity across real processes on 127.0.0.1 (issue 6): a centre and two edge nodes.

1. The centre is killed (-9) while an office writes through its edge node; the edge keeps
   working and makes DOCS documents of mixed kinds offline (receipts, remittances, general
   vouchers for the อบต. and its unit, purchase requests) with provisional numbers.
2. The centre returns; the edge is killed (-9) in the middle of its catch-up, restarted, and
   resumes. Afterwards every document is at the centre once, provisional and official numbers
   are linked on both sides, every chain verifies and the trial balances are equal.
3. The centre is restored from an older backup: the edge detects the loss, raises the alarm, and
   `klang restore-from-edge` re-supplies the missing entries; the centre verifies.
4. Two edges of different organisations are offline together. For the second, the operator
   declares its office node lost and the centre spends from a budget line meanwhile; when that
   node returns its offline documents land in the review queue, none dropped, the budget line
   not overdrawn; the first edge catches up cleanly.

Usage: continuity_test.py KLANG_BINARY   (KLANG_CONTINUITY_DOCS=n, default 10000)
"""
import json, os, re, shutil, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import free_port, run
from office import PASSWORD, TODAY, OfficeDay, Server, call, edge_status, log, login, ok, voucher, wait_for

KLANG = sys.argv[1]
DOCS = int(os.environ.get("KLANG_CONTINUITY_DOCS", "10000"))
THAI = re.compile("[\u0e00-\u0e7f]")


def export(data, org):
    lines = run(KLANG, "export", "--data", data, "--org", str(org), "--format", "jsonl").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def trial_balance(data, org):
    return run(KLANG, "report", "trial-balance", "--data", data, "--org", str(org), "--format", "csv")


def verify(data):
    out = run(KLANG, "verify", "--data", data)
    assert out.startswith("OK"), out
    return out.strip().splitlines()[-1]


def main():
    global TMP
    TMP = tempfile.mkdtemp(prefix="klang-continuity-")
    log(f"working in {TMP}")
    centre_dir, e1_dir, e2_dir = f"{TMP}/centre", f"{TMP}/edge1", f"{TMP}/edge2"
    run(KLANG, "init", "--data", centre_dir)
    demo = run(KLANG, "demo", "--data", centre_dir, "--orgs", "2", "--days", "2")
    users = {}
    for line in demo.splitlines():
        m = re.search(r"^(\d+)\t.*user (\D+\d+) one-time password (\S+)", line)
        if m:
            users[m.group(2)] = m.group(3)
    credentials = {}
    for name, org in (("E1", 3), ("E2", 5)):
        out = run(KLANG, "node", "add", "--data", centre_dir, "--name", name, "--org", str(org))
        credentials[name] = f"{TMP}/{name}.credential"
        with open(credentials[name], "w") as f:
            f.write(out.strip().splitlines()[-1])
    centre = Server(KLANG, TMP, "centre", ["serve", "--data", centre_dir], free_port()).start()
    servers = [centre]
    try:
        # A receipt book large enough for the day, registered and issued while the centre still
        # writes the อบต. itself.
        head_c = login(centre.base, "head3", users["head3"])
        books = ok(call(head_c, "GET", "/api/v1/orgs/3/revenue/books"), "books")["books"]
        collector_id = books[0]["holder_user"]
        book = ok(call(head_c, "POST", "/api/v1/orgs/3/revenue/books",
                       {"book_no": "E-01", "first_no": 1, "last_no": max(DOCS, 100), "date": TODAY}), "register book")
        ok(call(head_c, "POST", f"/api/v1/orgs/3/revenue/books/{book['id']}/issue",
                {"collector": collector_id, "date": TODAY}), "issue book")
        edge_args = lambda name, data, org: ["serve", "--edge", "--data", data, "--upstream", centre.base,
                                             "--org", str(org), "--credential-file", credentials[name],
                                             "--heartbeat-ms", "300"]
        e1 = Server(KLANG, TMP, "edge1", edge_args("E1", e1_dir, 3), free_port()).start()
        e2 = Server(KLANG, TMP, "edge2", edge_args("E2", e2_dir, 5), free_port()).start()
        servers += [e1, e2]
        log("centre and two edge nodes up; E1 serves org 3 (+ unit 4), E2 org 5 (+ unit 6)")
        collector = login(e1.base, "collector3", users["collector3"])
        clerk = login(e1.base, "clerk3", users["clerk3"])
        procure = login(e1.base, "procure3", users["procure3"])
        head = login(e1.base, "head3", PASSWORD)
        lines = ok(call(head, "GET", "/api/v1/orgs/3/budget/lines"), "budget lines")["lines"]
        materials = next(l for l in lines if l["item"].startswith("ค่าวัสดุ"))

        # Online: numbered by the centre at once.
        answer = ok(voucher(clerk, 3, 12345), "online voucher")
        assert re.fullmatch(r"บท\. \d+/\d{4}", answer["number_text"]), answer["number_text"]

        # ---- 1. the centre dies while the office writes ----
        stop_writer = threading.Event()
        written = []

        def writer():
            while not stop_writer.is_set():
                status, body = voucher(clerk, 4, 1000 + len(written))
                assert status == 201, (status, body)
                written.append(body)

        thread = threading.Thread(target=writer)
        thread.start()
        wait_for(lambda: len(written) >= 20, "20 documents written online")
        centre.kill9()
        log(f"centre killed (-9) after {len(written)} documents through the edge")
        wait_for(lambda: len(written) >= 60, "documents written after the centre died")
        stop_writer.set()
        thread.join()

        day = OfficeDay(collector, clerk, procure, book["id"], materials["id"])
        offline_seconds = day.make(DOCS)
        made, total_made = day.made, sum(day.made.values())
        assert all("ชั่วคราว" in number for number in day.remittance_numbers), day.remittance_numbers[:3]
        log(f"offline: {total_made} documents made in {offline_seconds:.1f} s ({made})")
        link, org3 = edge_status(head, 3)
        assert not link["connected"] and org3["mode"] == "warn", (link, org3)
        status, page, _ = head.call("GET", "/orgs/3")
        assert "ขาดการติดต่อศูนย์" in page and "continuity-banner" in page, "offline banner missing"
        # What the edge holds that awaits the centre, read from its own log.
        offline_ids = {line["entry"]["entry_id"]: line["entry"]["origin"].get("provisional", "")
                       for org in (3, 4) for line in export(e1_dir, org)
                       if line["entry"]["origin"]["type"] == "edge"
                       and (line["entry"]["origin"].get("provisional") or 0 in line["entry"]["numbers"].values())}
        assert len(offline_ids) >= total_made, (len(offline_ids), total_made)
        register = ok(call(head, "GET", "/api/v1/orgs/3/continuity/provisional"), "register")
        numbered = [d["provisional"] for d in register["documents"] if d["provisional"]]
        assert numbered == [f"E1-{n:06d}" for n in range(1, len(numbered) + 1)], "provisional numbers not consecutive"
        # Receipts carry the book's own numbers; everything else awaits the centre's.
        expected_awaiting = sum(1 for d in register["documents"] if d["kind"] != "rev.receipt")
        assert register["awaiting"] == expected_awaiting, (register["awaiting"], expected_awaiting)

        # ---- 2. the centre returns; the edge dies in the middle of its catch-up ----
        centre.start()
        back_at = time.time()
        wait_for(lambda: edge_status(head, 3)[1]["shipped"] > 0, "catch-up under way", every=0.01)
        link, org3 = edge_status(head, 3)
        killed_during_catchup = org3["pending"] > 0
        assert killed_during_catchup or DOCS < 5000, "catch-up finished before the edge could be killed"
        e1.kill9()
        log(f"edge killed (-9) during catch-up ({org3['shipped']} shipped, {org3['pending']} still pending)")
        e1.start()
        head = login(e1.base, "head3", PASSWORD)
        wait_for(lambda: all(o["pending"] == 0 and o["mode"] == "ok" for o in edge_status(head, 3)[0]["orgs"]),
                 "catch-up complete", timeout=900, every=0.1)
        caught_up_seconds = time.time() - back_at
        log(f"catch-up complete {caught_up_seconds:.1f} s after the centre returned (with a restart in between)")
        for org in (3, 4):
            centre_log, edge_log = export(centre_dir, org), export(e1_dir, org)
            assert centre_log == edge_log, f"org {org}: centre and edge logs differ"
            ids = [line["entry"]["entry_id"] for line in centre_log]
            assert len(ids) == len(set(ids)), f"org {org}: an entry id twice"
            assert trial_balance(centre_dir, org) == trial_balance(e1_dir, org), f"org {org}: trial balances differ"
        at_centre = {line["entry"]["entry_id"]: line["entry"] for org in (3, 4) for line in export(centre_dir, org)}
        missing = [i for i in offline_ids if i not in at_centre]
        assert not missing, f"{len(missing)} offline documents missing at the centre"
        for entry_id, provisional in offline_ids.items():
            entry = at_centre[entry_id]
            assert 0 not in entry["numbers"].values(), entry
            assert entry["origin"].get("provisional", "") == provisional, (entry["origin"], provisional)
        for c, where in ((head, "edge"), (login(centre.base, "head3", PASSWORD), "centre")):
            register = ok(call(c, "GET", "/api/v1/orgs/3/continuity/provisional"), "register")
            assert register["awaiting"] == 0, (where, register["awaiting"])
            assert all("รอ" not in d["official_th"] for d in register["documents"]), where
            assert all(d["official_th"] for d in register["documents"] if d["kind"] != "rev.receipt"), where
            outages = ok(call(c, "GET", "/api/v1/orgs/3/continuity"), "outages")["outages"]
            assert outages[0]["caught_up_th"] and outages[0]["ended_th"], (where, outages[0])
        vouchers_seen = [d["official_th"] for d in register["documents"] if d["kind"] == "gl.voucher"]
        assert len(vouchers_seen) == len(set(vouchers_seen)), "an official voucher number twice"
        sample = next(d for d in register["documents"] if d["kind"] == "gl.voucher" and d["provisional"])
        view = ok(call(head, "GET", f"/api/v1/orgs/3/vouchers/{sample['seq']}"), "voucher view")
        assert view["number_text"] == sample["official_th"] + " (ชั่วคราว " + sample["provisional"] + ")", view["number_text"]
        log("every document at the centre once; numbers linked both ways; " + verify(centre_dir) + "; edge " + verify(e1_dir))

        # ---- 3. the centre is restored from an older backup ----
        centre.stop()
        backup = f"{TMP}/centre-backup"
        shutil.copytree(centre_dir, backup)
        centre.start()
        in_step = lambda: all(o["pending"] == 0 and o["mode"] == "ok" for o in edge_status(head, 3)[0]["orgs"])
        wait_for(in_step, "the edge online again", timeout=120)
        clerk = login(e1.base, "clerk3", PASSWORD)
        for index in range(30):
            answer = ok(voucher(clerk, 3, 777 + index), "online voucher after the backup")
            assert not answer["number_text"].startswith("ชั่วคราว"), answer["number_text"]
        wait_for(in_step, "the edge in step", timeout=120)
        acknowledged = export(e1_dir, 3)
        centre.stop()
        shutil.rmtree(centre_dir)
        shutil.copytree(backup, centre_dir)
        centre.start()
        wait_for(lambda: edge_status(head, 3)[1]["mode"] == "alarm", "loss detected", timeout=60)
        status, page, _ = head.call("GET", "/orgs/3")
        assert "ศูนย์ข้อมูลสูญหาย" in page, "loss banner missing"
        log("centre restored from an older backup: the edge raised the alarm: " + edge_status(head, 3)[1]["loss"])
        kept = ok(voucher(clerk, 3, 4242), "voucher while the centre lacks data")
        assert kept["number_text"].startswith("ชั่วคราว"), kept["number_text"]
        restored = run(KLANG, "restore-from-edge", "--data", e1_dir)
        log("restore-from-edge: " + " | ".join(restored.strip().splitlines()))
        assert "centre verify OK" in restored, restored
        wait_for(lambda: all(o["pending"] == 0 and o["mode"] == "ok" for o in edge_status(head, 3)[0]["orgs"]),
                 "back in step after the restore", timeout=120)
        assert export(centre_dir, 3) == export(e1_dir, 3)
        assert export(centre_dir, 3)[:len(acknowledged)] == acknowledged
        log("centre re-supplied from the edge; " + verify(centre_dir))

        # ---- 4. two edges offline together; the second one's home released meanwhile ----
        procure5 = login(e2.base, "procure5", users["procure5"])
        clerk5 = login(e2.base, "clerk5", users["clerk5"])
        lines5 = ok(call(login(e2.base, "head5", users["head5"]), "GET", "/api/v1/orgs/5/budget/lines"), "lines 5")["lines"]
        line5 = next(l for l in lines5 if l["item"].startswith("ค่าวัสดุ"))
        available = float(line5["available"]["value"])
        share = f"{available * 0.6:.2f}"
        centre.kill9()
        log("centre killed again: both edges offline together")
        e1_made = [ok(voucher(clerk, 3, 300 + i), "E1 offline")["entry_id"] for i in range(40)]
        advance = ok(call(procure5, "POST", "/api/v1/orgs/5/expenditure/advances",
                          {"date": TODAY, "borrower": "นายเดินทาง ไกล", "position": "นักวิชาการ", "purpose": "ไปราชการ",
                           "line": line5["id"], "amount": share, "due_on": TODAY}), "E2 offline advance")
        e2_vouchers = [ok(voucher(clerk5, 5, 200 + i), "E2 offline voucher") for i in range(10)]
        e2.stop()  # the second office's node goes down with the outage
        centre.start()
        run(KLANG, "node", "release", "--data", centre_dir, "--org", "5")
        procure5_c = login(centre.base, "procure5", PASSWORD)
        ok(call(procure5_c, "POST", "/api/v1/orgs/5/expenditure/advances",
                {"date": TODAY, "borrower": "นางใช้ งบ", "position": "นักวิชาการ", "purpose": "จัดซื้อด่วน",
                 "line": line5["id"], "amount": share, "due_on": TODAY}), "centre spends the same line")
        wait_for(lambda: all(o["pending"] == 0 and o["mode"] == "ok" for o in edge_status(head, 3)[0]["orgs"]),
                 "E1 caught up", timeout=120)
        e2.start()
        head5 = login(e2.base, "head5", PASSWORD)
        wait_for(lambda: edge_status(head5, 5)[1]["pending"] == 0, "E2 caught up", timeout=120)
        held = ok(call(head5, "GET", "/api/v1/orgs/5/continuity/review"), "review queue")["held"]
        held_ids = {h["original_entry_id"] for h in held}
        held_at = {h["local_seq"] for h in held}
        assert advance["id"] in held_at and all(v["entry_id"] in held_ids for v in e2_vouchers), held
        assert all(h["reason_code"] == "sync.fork" and THAI.search(h["reason_th"]) for h in held), held
        assert len(held) == 1 + 1 + len(e2_vouchers), len(held)  # outage record, advance, vouchers
        line_now = next(l for l in ok(call(procure5_c, "GET", "/api/v1/orgs/5/budget/lines"), "lines")["lines"]
                        if l["id"] == line5["id"])
        assert abs(float(line_now["available"]["value"]) - (available - float(share))) < 0.005, line_now["available"]
        assert export(centre_dir, 5) == export(e2_dir, 5), "E2 does not mirror the centre after the fork"
        status, page, _ = head5.call("GET", f"/orgs/5/continuity/review/{held[0]['seq']}")
        assert status == 200 and "รอตรวจสอบ" in page
        centre_ids = {line["entry"]["entry_id"] for line in export(centre_dir, 3)}
        assert all(i in centre_ids for i in e1_made), "E1's documents missing"
        log(f"E1 caught up cleanly; E2's {len(held)} documents held for review (sync.fork), the budget line "
            f"not overdrawn (available {line_now['available']['text']})")
        for server in servers:
            server.stop()
        log("final: centre " + verify(centre_dir) + "; edge1 " + verify(e1_dir) + "; edge2 " + verify(e2_dir))
        print(f"RESULT continuity_offline_documents {total_made}")
        print(f"RESULT continuity_offline_make_s {offline_seconds:.1f}")
        print(f"RESULT continuity_catchup_with_edge_restart_s {caught_up_seconds:.1f}")
        print("continuity_test: OK")
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception:
                pass
        if os.environ.get("KLANG_KEEP_TMP") != "1":
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
