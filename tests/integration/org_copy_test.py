#!/usr/bin/env python3
"""klang org copy (issue 19, item 3): one organisation's books, restored or moved, either store.

Usage: org_copy_test.py KLANG_BINARY [PG_URL_FILE]

1. A demo อบต. and its unit copied into a new SQLite folder: the same entries, byte for byte (the
   JSON-lines export), and the copy verifies with every register agreeing.
2. Copying again writes nothing; after more entries at the source, only those are copied.
3. A target whose chain has gone its own way is refused (org.copy_history) and left unchanged.
4. An office without books (the DLA) is refused (org.copy_no_books).
5. With PostgreSQL (the test cluster's URL file): SQLite → PostgreSQL → SQLite, the same bytes.
"""
import os
import subprocess
import sys
import tempfile
import uuid

LAO = "3"


def run(klang, *args, expect=0):
    done = subprocess.run([klang, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
    return done


def export(klang, *location):
    return run(klang, "export", *location, "--org", LAO, "--format", "jsonl").stdout


def copied_lines(output):
    """{org: (held, copied)} from the COPIED lines."""
    result = {}
    for line in output.splitlines():
        if not line.startswith("COPIED "):
            continue
        fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
        result[fields["org"]] = (int(fields["held"]), int(fields["copied"]))
    return result


def main():
    klang = sys.argv[1]
    pg_url_file = sys.argv[2] if len(sys.argv) > 2 else ""
    with tempfile.TemporaryDirectory(prefix="klang-org-copy-") as work:
        source, target = f"{work}/source", f"{work}/target"
        run(klang, "init", "--data", source)
        run(klang, "demo", "--data", source, "--orgs", "1", "--days", "20")

        first = copied_lines(run(klang, "org", "copy", "--org", LAO, "--from", source, "--to", target).stdout)
        assert set(first) == {LAO, "4"} and first[LAO][0] == 0 and first[LAO][1] > 100, first
        assert export(klang, "--data", target) == export(klang, "--data", source)
        verify = run(klang, "verify", "--data", target)
        assert "every register agrees" in verify.stdout, verify.stdout
        print(f"ok: the อบต. ({first[LAO][1]} entries) and its unit ({first['4'][1]}) copied; same bytes; verifies")

        again = copied_lines(run(klang, "org", "copy", "--org", LAO, "--from", source, "--to", target).stdout)
        assert again[LAO] == (first[LAO][1], 0), again
        run(klang, "append-load", "--data", source, "--orgs", "1", "--count", "7", "--threads", "2")
        more = copied_lines(run(klang, "org", "copy", "--org", LAO, "--from", source, "--to", target).stdout)
        assert more[LAO] == (first[LAO][1], 7), more
        assert export(klang, "--data", target) == export(klang, "--data", source)
        print("ok: copying again writes nothing; seven entries later, only those seven are copied")

        run(klang, "append-load", "--data", target, "--orgs", "1", "--count", "1", "--threads", "1")
        run(klang, "append-load", "--data", source, "--orgs", "1", "--count", "3", "--threads", "1")
        before = export(klang, "--data", target)
        refused = run(klang, "org", "copy", "--org", LAO, "--from", source, "--to", target, expect=1)
        assert "org.copy_history" in refused.stderr, refused.stderr
        assert export(klang, "--data", target) == before
        print("ok: a target with a history of its own is refused and left as it was")

        dla = run(klang, "org", "copy", "--org", "1", "--from", source, "--to", f"{work}/other", expect=2)
        assert "org.copy_no_books" in dla.stderr and not os.path.exists(f"{work}/other"), dla.stderr
        print("ok: an office without books is refused, and no target is created")

        if not pg_url_file or not os.path.exists(pg_url_file):
            print("skip: no PostgreSQL test cluster")
            return
        base = open(pg_url_file).read().strip()
        schema = "org_copy_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", base, "-qc", f"CREATE SCHEMA {schema}"], check=True)
        try:
            pg = f"{base}?options=-csearch_path%3D{schema}"
            run(klang, "org", "copy", "--org", LAO, "--from", source, "--to", pg)
            assert export(klang, "--db", pg) == export(klang, "--data", source)
            back = f"{work}/back"
            run(klang, "org", "copy", "--org", LAO, "--from", pg, "--to", back)
            assert export(klang, "--data", back) == export(klang, "--data", source)
            assert "every register agrees" in run(klang, "verify", "--db", pg).stdout
            print("ok: SQLite → PostgreSQL → SQLite, the same bytes; the PostgreSQL copy verifies")
        finally:
            subprocess.run(["psql", base, "-qc", f"DROP SCHEMA {schema} CASCADE"], check=False)


if __name__ == "__main__":
    main()
