#!/usr/bin/env python3
"""klang serve as an operated service (issue 19, item 5): --config (TOML), JSON access log, /metrics.

Usage: observe_test.py KLANG_BINARY

1. `klang serve --config FILE` runs from the file alone; a voucher posted through it shows in
   /metrics (requests by route and status, the group commit, the pool) and in the access log as
   one JSON line carrying the response's X-Request-Id, the organisation and the user.
2. /metrics from an address not allowed: 404.
3. An unknown key, a value of the wrong type, and --config with another option: refused at start,
   naming the key, with nothing served.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_client import Client, demo, free_port  # noqa: E402


def start(klang, config, log_path):
    log = open(log_path, "w")
    return subprocess.Popen([klang, "serve", "--config", config], stdout=log, stderr=log)


def wait_up(base, server):
    for _ in range(200):
        if server.poll() is not None:
            raise AssertionError(f"klang serve exited with {server.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.05)
    raise AssertionError("klang serve did not answer")


def write_config(path, data, port, allow, extra=""):
    with open(path, "w") as out:
        out.write(f'[store]\ndata = "{data}"\n[http]\nlisten = "127.0.0.1:{port}"\n'
                  f'[metrics]\nallow = {json.dumps(allow)}\n{extra}')


def metric(text, name, **labels):
    """The value of one sample, or None."""
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        match = re.match(r'^([a-z_]+)(\{(.*)\})? (\S+)$', line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(3) or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(match.group(4))
    return None


def refused(klang, config, *more):
    done = subprocess.run([klang, "serve", "--config", config, *more], capture_output=True, text=True, timeout=30)
    return done.returncode, done.stdout + done.stderr


def main():
    klang = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="klang-observe-") as work:
        data = f"{work}/data"
        users = demo(klang, data, orgs=1, days=2)
        user, password = users[("3", "clerk")]
        port = free_port()
        config = f"{work}/klang.toml"
        write_config(config, data, port, ["127.0.0.1"])
        server = start(klang, config, f"{work}/serve.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_up(base, server)
            clerk = Client(base)
            clerk.login(user, password, "Kl4ng-observe-1")
            status, body, headers = clerk.call("POST", "/api/v1/orgs/3/vouchers", body={
                "type": "general", "date": time.strftime("%Y-%m-%d"), "description": "ค่าธรรมเนียม",
                "lines": [{"account": "1101010", "debit": "10.00"}, {"account": "4102010", "credit": "10.00"}]})
            assert status == 201, body
            request_id = headers["X-Request-Id"]
            assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]+", request_id), request_id

            with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                text = response.read().decode()
            posted = metric(text, "klang_http_requests_total", route="/api/v1/orgs/{org}/vouchers",
                            method="POST", status="201")
            assert posted == 1, posted
            assert metric(text, "klang_http_request_duration_seconds_count",
                          route="/api/v1/orgs/{org}/vouchers", method="POST") == 1
            assert metric(text, "klang_ledger_batch_entries_count") >= 1
            assert metric(text, "klang_ledger_entries_total") >= 1
            assert metric(text, "klang_pool_connections_open") >= 1
            assert metric(text, "klang_pool_connections_max") >= 1
            print("ok: /metrics counts the voucher by route and status, the group commit and the pool")
            proxied = urllib.request.Request(base + "/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
            try:
                urllib.request.urlopen(proxied, timeout=10)
                raise AssertionError("/metrics answered a request that came through a proxy")
            except urllib.error.HTTPError as error:
                assert error.code == 404, error.code
            print("ok: /metrics is 404 through a proxy (X-Forwarded-For), even from 127.0.0.1")
        finally:
            server.terminate()
            server.wait(timeout=60)
        lines = [json.loads(line) for line in open(f"{work}/serve.log", encoding="utf-8") if line.startswith("{")]
        mine = [line for line in lines if line.get("request_id") == request_id]
        assert len(mine) == 1, (request_id, lines[-3:])
        line = mine[0]
        assert line["route"] == "/api/v1/orgs/{org}/vouchers" and line["method"] == "POST", line
        assert line["status"] == 201 and line["org"] == 3 and line["user"] == user, line
        assert line["duration_ms"] > 0 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"]), line
        print(f"ok: the access log has the voucher's line: {json.dumps(line, ensure_ascii=False)}")

        port = free_port()
        write_config(config, data, port, ["10.1.2.3"])
        server = start(klang, config, f"{work}/serve2.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_up(base, server)
            try:
                urllib.request.urlopen(base + "/metrics", timeout=10)
                raise AssertionError("/metrics answered an address not allowed")
            except urllib.error.HTTPError as error:
                assert error.code == 404, error.code
        finally:
            server.terminate()
            server.wait(timeout=60)
        print("ok: /metrics is 404 for an address not allowed")

        write_config(config, data, free_port(), ["127.0.0.1"], '[log]\nrequest = true\n')
        code, output = refused(klang, config)
        assert code != 0 and "log.request" in output, output
        write_config(config, data, free_port(), ["127.0.0.1"], '[log]\nrequests = "yes"\n')
        code, output = refused(klang, config)
        assert code != 0 and "log.requests" in output, output
        with open(config, "w") as out:
            out.write(f'[store]\ndata = "{data}"\n[http]\nlisten = "localhost:http"\n')
        code, output = refused(klang, config)
        assert code != 0 and "cli.listen" in output, output
        write_config(config, data, free_port(), ["127.0.0.1"])
        code, output = refused(klang, config, "--listen", "127.0.0.1:1")
        assert code != 0 and "--listen" in output, output
        print("ok: an unknown key, a wrong type, a listen address without a port number and --config "
              "with --listen are refused at start")


if __name__ == "__main__":
    main()
