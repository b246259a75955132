#!/usr/bin/python3
"""An SMTP server for Klang's tests (Debian's python3-aiosmtpd) that keeps every message.

Each message received is written to --dir as NNNN.eml (the raw RFC 5322 text, written to a
temporary name and renamed, so a reader never sees half a message). Listens on 127.0.0.1 (a free
port, written to --port-file once listening); exits after --lifetime seconds or when its parent
process goes away. No TLS and no login: the tests configure Klang with "tls": "none".

Usage: smtp_capture.py --dir DIR --port-file F [--lifetime SECONDS]
"""
import argparse
import os
import socket
import time

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, "%04d.eml" % self.count)
        with open(name + ".tmp", "wb") as out:
            out.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--lifetime", type=float, default=1800)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = free_port()
    controller = Controller(Keep(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    parent = os.getppid()
    started = time.time()
    try:
        while time.time() - started < args.lifetime and os.getppid() == parent:
            time.sleep(0.5)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
