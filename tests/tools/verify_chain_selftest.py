#!/usr/bin/env python3
"""Self-test of tools/klang-verify-chain on synthetic exports; needs no klang binary.

The first entry is the canonical example of src/ledger/ledger_test.cc
(Canonical.BytesAreSortedCompactJson); its bytes and chain hash are pinned here, the hash
computed independently (sha256sum over 32 zero bytes followed by the bytes). The other entries
exercise Thai text, control characters, characters beyond U+FFFF, edge and paper origins and an
entry without lines. Each damaged copy must be reported at the right sequence number.

Usage: verify_chain_selftest.py [path/to/klang-verify-chain]    Exit status 0 when all pass.
"""
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "tools",
                                                           "klang-verify-chain")

EXAMPLE_BYTES = (
    '{"author":"user:1","body":{"a":"ก","z":1},"document_date":"2025-10-05",'
    '"entry_id":"00000000-0000-4000-8000-000000000001","fiscal_year":2569,"format":1,'
    '"kind":"gl.voucher","lines":[{"account":"1101010","credit":0,"debit":150},'
    '{"account":"4102010","credit":150,"debit":0}],"numbers":{"gl.voucher":3},"org":12,'
    '"origin":{"type":"online"},"posting_date":"2025-10-05","recorded_at_ms":5,"seq":1}'
).encode("utf-8")
EXAMPLE_HASH = "3e250b95d07c783c4c1511526c243c42b5f21f22d1c2bac9839eee21b516af65"

failures = []


def canonical(entry):
    return json.dumps(entry, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def chain(entries):
    """Returns [(entry, hash)] with correct hashes."""
    previous, out = bytes(32), []
    for entry in entries:
        digest = hashlib.sha256(previous + canonical(entry)).digest()
        out.append((entry, digest.hex()))
        previous = digest
    return out


def jsonl(pairs, **dump_options):
    options = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
    options.update(dump_options)
    return b"".join(json.dumps({"entry": e, "hash": h}, **options).encode("utf-8") + b"\n"
                    for e, h in pairs)


def entry(seq, lines, body, origin=None, numbers=None, date="2025-10-06"):
    return {"author": "user:1", "body": body, "document_date": date,
            "entry_id": "00000000-0000-4000-8000-%012d" % seq, "fiscal_year": 2569, "format": 1,
            "kind": "gl.voucher", "lines": lines, "numbers": numbers or {}, "org": 12,
            "origin": origin or {"type": "online"}, "posting_date": date,
            "recorded_at_ms": 1759651200000 + seq, "seq": seq}


def line(account, debit=0, credit=0):
    return {"account": account, "credit": credit, "debit": debit}


def sample_entries(first):
    """The example entry, then four more: Thai text, control characters, U+1F600, all origins."""
    return [
        first,
        entry(2, [line("1101010", debit=25050), line("4102010", credit=25050)],
              {"description": "ค่าธรรมเนียม ทดสอบ", "note": "tab\there \"q\" \\ \x01 \x7f 😀",
               "payer": {"name": "นายสมชาย ใจดี", "id": 17}},
              origin={"type": "edge", "node": "อบต.ทดสอบ-1", "provisional": "E1-000123"},
              numbers={"gl.voucher": 4, "receipt": 1}),
        entry(3, [line("1102010", debit=80000), line("1101010", credit=50000),
                  line("1101020", credit=30000)],
              {"description": "ทดสอบ", "paper": True},
              origin={"type": "paper", "book": "12", "number": "045", "paper_date": "2025-10-03"}),
        entry(4, [], {"description": "บันทึกเหตุขัดข้อง", "ℤ": None, "😀": [], "a": {}}),
        entry(5, [line("5100000", debit=1), line("2101000", credit=1)], {"x": -5}),
    ]


def run(data, *args):
    result = subprocess.run([sys.executable, TOOL, *args], input=data, capture_output=True)
    return result.returncode, result.stdout.decode("utf-8").strip()


def expect(name, data, code, prefix, *args):
    got_code, out = run(data, *args)
    ok = got_code == code and out.startswith(prefix)
    print("%s %s -> %s" % ("pass" if ok else "FAIL", name, out))
    if not ok:
        failures.append("%s: want exit %d and %r..., got exit %d and %r"
                        % (name, code, prefix, got_code, out))


def main():
    first = json.loads(EXAMPLE_BYTES)
    if canonical(first) != EXAMPLE_BYTES:
        failures.append("re-canonicalised example differs from ledger_test.cc bytes")
    if hashlib.sha256(bytes(32) + EXAMPLE_BYTES).hexdigest() != EXAMPLE_HASH:
        failures.append("example hash differs from the pinned value")

    entries = sample_entries(first)
    good_pairs = chain(entries)
    if good_pairs[0][1] != EXAMPLE_HASH:
        failures.append("chain builder disagrees with the pinned example hash")
    good = jsonl(good_pairs)
    head = "%d:%s" % (5, good_pairs[-1][1])
    lines = good.splitlines(keepends=True)

    expect("intact chain", good, 0, "OK org=12 entries=5 head=" + head)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "chain.jsonl")
        with open(path, "wb") as out:
            out.write(good)
        expect("intact chain from a file argument", b"", 0, "OK org=12 entries=5 head=" + head,
               path)
    expect("ASCII-escaped, unsorted, spaced lines, CRLF, blank line",
           jsonl(good_pairs, ensure_ascii=True, sort_keys=False, separators=(", ", ": "))
           .replace(b"\n", b"\r\n") + b"\n", 0, "OK org=12 entries=5 head=" + head)
    expect("checkpoint inside the chain", good, 0, "OK org=12", "--expect-head",
           "3:" + good_pairs[2][1])
    expect("checkpoint at the head", good, 0, "OK", "--expect-head", head)
    expect("checkpoint 0", good, 0, "OK", "--expect-head", "0:" + "0" * 64)

    def tampered(seq, change, rehash=False):
        pairs = copy.deepcopy(good_pairs)
        change(pairs[seq - 1][0])
        return jsonl(chain([e for e, _ in pairs]) if rehash else pairs)

    expect("amount changed in entry 3", tampered(3, lambda e: e["lines"][0].update(debit=90000)),
           1, "BAD org=12 seq=3: hash mismatch")
    expect("Thai text changed in entry 2",
           tampered(2, lambda e: e["body"].update(description="ค่าธรรมเนียม ทดลอง")),
           1, "BAD org=12 seq=2: hash mismatch")
    expect("unbalanced entry re-hashed by a forger",
           tampered(3, lambda e: e["lines"][0].update(debit=90000), rehash=True),
           1, "BAD org=12 seq=3: unbalanced")
    expect("two-sided line re-hashed by a forger",
           tampered(2, lambda e: [l.update(debit=1, credit=1) for l in e["lines"]], rehash=True),
           1, "BAD org=12 seq=2: line 1: exactly one")
    expect("negative amount re-hashed by a forger",
           tampered(5, lambda e: [l.update(debit=-l["credit"], credit=-l["debit"])
                                  for l in e["lines"]], rehash=True),
           1, "BAD org=12 seq=5: line 1: exactly one")
    expect("float in the body", tampered(4, lambda e: e["body"].update(rate=1.5), rehash=True),
           1, "BAD org=12 seq=4: cannot read line: non-integer number")
    expect("entry of another organisation", tampered(4, lambda e: e.update(org=13), rehash=True),
           1, "BAD org=12 seq=4: entry belongs to organisation 13")
    bad_hash = copy.deepcopy(good_pairs)
    bad_hash[2] = (bad_hash[2][0], "f" + bad_hash[2][1][1:] if bad_hash[2][1][0] != "f"
                   else "0" + bad_hash[2][1][1:])
    expect("hash changed for entry 3", jsonl(bad_hash), 1, "BAD org=12 seq=3: hash mismatch")
    expect("line of entry 3 deleted", b"".join(lines[:2] + lines[3:]), 1,
           "BAD org=12 seq=3: entry 3 is missing")
    expect("entries 2 and 3 swapped", b"".join([lines[0], lines[2], lines[1]] + lines[3:]), 1,
           "BAD org=12 seq=2: entry 2 is missing")
    expect("entry 2 repeated", b"".join(lines[:2] + lines[1:]), 1,
           "BAD org=12 seq=3: seq 2 repeated")
    expect("first line deleted", b"".join(lines[1:]), 1, "BAD org=12 seq=1: entry 1 is missing")
    expect("truncated below the checkpoint", b"".join(lines[:4]), 1,
           "BAD org=12 seq=5: checkpoint 5 not reached", "--expect-head", head)
    expect("whole history rewritten and re-hashed (no checkpoint: undetectable)",
           tampered(2, lambda e: [l.update(debit=l["debit"] and 1, credit=l["credit"] and 1)
                                  for l in e["lines"]], rehash=True), 0, "OK org=12 entries=5")
    expect("whole history rewritten and re-hashed, checkpoint held",
           tampered(2, lambda e: [l.update(debit=l["debit"] and 1, credit=l["credit"] and 1)
                                  for l in e["lines"]], rehash=True), 1,
           "BAD org=12 seq=5: hash differs from checkpoint", "--expect-head", head)
    expect("invalid UTF-8", lines[0] + lines[1].replace("ค".encode(), b"\xff", 1) + b"".join(lines[2:]),
           1, "BAD org=12 seq=2: cannot read line")
    expect("not JSON", lines[0] + b"garbage\n", 1, "BAD org=12 seq=2: cannot read line")
    expect("empty input", b"", 1, "BAD org=? seq=1: no entries")
    expect("malformed --expect-head", good, 2, "", "--expect-head", "5:abc")

    if failures:
        print("\n%d failure(s):" % len(failures))
        for failure in failures:
            print("  " + failure)
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
