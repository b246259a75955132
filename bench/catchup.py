#!/usr/bin/env python3
"""bench/run catchup — an edge node's catch-up of 10,000 documents made offline.

A centre and an edge node run as processes on 127.0.0.1 (release build, SQLite). The office makes
N documents of mixed kinds (receipts, remittances, general vouchers, purchase requests) twice:
first online, each forwarded to the centre and mirrored (the baseline: what the same work costs
the link when nothing is down), then offline with the centre killed. The centre is started again
and the catch-up is timed until the edge reports nothing pending and its chain equals the
centre's. Prints RESULT lines; target: catchup_10k_s < 10.

Usage: catchup.py KLANG_BINARY [N]
"""
import os, shutil, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from api_client import free_port, run
from office import PASSWORD, TODAY, OfficeDay, Server, call, edge_status, login, ok, wait_for


def main():
    klang = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    tmp = tempfile.mkdtemp(prefix="klang-bench-catchup-")
    servers = []
    try:
        centre_dir, edge_dir = f"{tmp}/centre", f"{tmp}/edge"
        run(klang, "init", "--data", centre_dir)
        demo = run(klang, "demo", "--data", centre_dir, "--orgs", "1", "--days", "2")
        users = {line.split()[-4]: line.split()[-1] for line in demo.splitlines() if "one-time password" in line and "user " in line}
        credential = run(klang, "node", "add", "--data", centre_dir, "--name", "E1", "--org", "3").strip().splitlines()[-1]
        with open(f"{tmp}/credential", "w") as f:
            f.write(credential)
        centre = Server(klang, tmp, "centre", ["serve", "--data", centre_dir], free_port()).start()
        servers.append(centre)
        head = login(centre.base, "head3", users["head3"])
        collector_id = ok(call(head, "GET", "/api/v1/orgs/3/revenue/books"), "books")["books"][0]["holder_user"]
        books = []
        for book_no in ("B-01", "B-02"):  # one for the online day, one for the offline day
            book = ok(call(head, "POST", "/api/v1/orgs/3/revenue/books",
                           {"book_no": book_no, "first_no": 1, "last_no": min(count, 10_000), "date": TODAY}), "book")
            ok(call(head, "POST", f"/api/v1/orgs/3/revenue/books/{book['id']}/issue",
                    {"collector": collector_id, "date": TODAY}), "issue")
            books.append(book["id"])
        edge = Server(klang, tmp, "edge", ["serve", "--edge", "--data", edge_dir, "--upstream", centre.base, "--org", "3",
                                           "--credential-file", f"{tmp}/credential", "--heartbeat-ms", "200"],
                      free_port()).start()
        servers.append(edge)
        people = [login(edge.base, user, users.get(user, PASSWORD)) for user in ("collector3", "clerk3", "procure3")]
        head = login(edge.base, "head3", PASSWORD)
        line = next(l for l in ok(call(head, "GET", "/api/v1/orgs/3/budget/lines"), "lines")["lines"]
                    if l["item"].startswith("ค่าวัสดุ"))
        online = OfficeDay(*people, books[0], line["id"])
        online_s = online.make(count)
        print(f"# online: {sum(online.made.values())} documents forwarded in {online_s:.1f} s", file=sys.stderr)
        centre.kill9()
        offline = OfficeDay(*people, books[1], line["id"])
        offline_s = offline.make(count)
        pending = sum(o["pending"] for o in edge_status(head, 3)[0]["orgs"])
        print(f"# offline: {sum(offline.made.values())} documents in {offline_s:.1f} s; {pending} entries pending",
              file=sys.stderr)
        centre.start()
        started = time.time()
        wait_for(lambda: all(o["pending"] == 0 and o["mode"] == "ok" for o in edge_status(head, 3)[0]["orgs"]),
                 "catch-up", timeout=900, every=0.02)
        catchup_s = time.time() - started
        edge.stop()
        centre.stop()
        for org in (3, 4):
            assert run(klang, "export", "--data", centre_dir, "--org", str(org), "--format", "jsonl") == \
                   run(klang, "export", "--data", edge_dir, "--org", str(org), "--format", "jsonl"), org
        print(f"RESULT catchup_entries {pending}")
        print(f"RESULT catchup_10k_s {catchup_s:.2f} s" if count == 10_000 else f"RESULT catchup_{count}_s {catchup_s:.2f} s")
        print(f"RESULT online_forward_baseline_s {online_s:.2f} s")
        print(f"RESULT offline_make_s {offline_s:.2f} s")
        print(f"RESULT ratio_catchup_vs_online_forward {online_s / catchup_s:.1f}x faster")
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
