#!/usr/bin/python3
"""A small OpenID Connect provider for Klang's tests — standing in for ThaID on 127.0.0.1.

Authorisation-code flow as OpenID Connect Core 1.0 and RFC 7636 (PKCE) describe it, on Debian's
python3-jwcrypto: discovery (/.well-known/openid-configuration), a sign-in page at /authorize
(the tester types a 13-digit national ID, as a citizen would prove it to ThaID), /token (client
authentication by HTTP Basic or form, single-use codes living 60 s, redirect_uri and the PKCE
S256 verifier checked), /jwks (RS256 public key). ID tokens carry iss, sub, aud, azp, iat, exp,
nonce, pid (the national ID) and name.

Misbehaviour on demand, for the negative tests: POST /_mode with mode=good | bad_signature (signed
by another key under the same kid) | wrong_issuer | wrong_audience | expired | wrong_nonce.

Usage: oidc_provider.py --client-id ID --client-secret S --redirect-uri URI --port-file F
       [--lifetime SECONDS]
Listens on 127.0.0.1 (a free port, written to --port-file once listening); exits after
--lifetime seconds or when its parent process goes away.
"""
import argparse
import base64
import hashlib
import html
import json
import os
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jwcrypto import jwk, jwt

MODES = {"good", "bad_signature", "wrong_issuer", "wrong_audience", "expired", "wrong_nonce"}


class Provider:
    def __init__(self, client_id, client_secret, redirect_uri):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.key = jwk.JWK.generate(kty="RSA", size=2048, kid="test-key-1", use="sig", alg="RS256")
        self.other_key = jwk.JWK.generate(kty="RSA", size=2048, kid="test-key-1")
        self.codes = {}
        self.mode = "good"
        self.issuer = ""
        self.lock = threading.Lock()

    def id_token(self, grant):
        now = int(time.time())
        claims = {
            "iss": self.issuer + ("/other" if self.mode == "wrong_issuer" else ""),
            "sub": "thaid-" + hashlib.sha256(grant["pid"].encode()).hexdigest()[:16],
            "aud": "someone-else" if self.mode == "wrong_audience" else self.client_id,
            "azp": "someone-else" if self.mode == "wrong_audience" else self.client_id,
            "iat": now - (7200 if self.mode == "expired" else 0),
            "exp": now + (-3600 if self.mode == "expired" else 300),
            "nonce": "not-" + grant["nonce"] if self.mode == "wrong_nonce" else grant["nonce"],
            "pid": grant["pid"],
            "name": grant["name"],
        }
        key = self.other_key if self.mode == "bad_signature" else self.key
        token = jwt.JWT(header={"alg": "RS256", "kid": "test-key-1", "typ": "JWT"}, claims=claims)
        token.make_signed_token(key)
        return token.serialize()


def b64url_sha256(text):
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()


class Handler(BaseHTTPRequestHandler):
    provider = None  # set in main

    def log_message(self, fmt, *args):  # quiet unless asked
        if os.environ.get("OIDC_PROVIDER_LOG"):
            super().log_message(fmt, *args)

    def send(self, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, obj):
        self.send(status, json.dumps(obj))

    def form(self):
        length = int(self.headers.get("Content-Length", "0"))
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}

    def do_GET(self):
        p = self.provider
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self.send_json(200, {
                "issuer": p.issuer,
                "authorization_endpoint": p.issuer + "/authorize",
                "token_endpoint": p.issuer + "/token",
                "jwks_uri": p.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "scopes_supported": ["openid", "pid", "name"],
            })
        if url.path == "/jwks":
            return self.send(200, json.dumps({"keys": [json.loads(p.key.export_public())]}))
        if url.path == "/authorize":
            problem = None
            if query.get("client_id") != p.client_id:
                problem = "unknown client_id"
            elif query.get("redirect_uri") != p.redirect_uri:
                problem = "redirect_uri not registered"
            elif query.get("response_type") != "code":
                problem = "response_type must be code"
            elif "openid" not in query.get("scope", "").split():
                problem = "scope must include openid"
            elif query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                problem = "PKCE S256 required"
            elif not query.get("state") or not query.get("nonce"):
                problem = "state and nonce required"
            if problem:
                return self.send(400, "<p>" + html.escape(problem) + "</p>", "text/html; charset=utf-8")
            hidden = "".join(
                '<input type="hidden" name="%s" value="%s">' % (html.escape(k), html.escape(v))
                for k, v in query.items())
            page = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<title>ThaID (ผู้ให้บริการทดสอบ)</title></head><body style="font-family:sans-serif;max-width:30em;margin:3em auto">
<h1>ThaID — ผู้ให้บริการยืนยันตัวตนสำหรับการทดสอบ</h1>
<form method="post" action="/authorize">%s
<p><label>เลขประจำตัวประชาชน <input name="pid" inputmode="numeric" maxlength="13" required></label></p>
<p><label>ชื่อ-สกุล <input name="name" value="ผู้ทดสอบ"></label></p>
<p><button type="submit" name="decision" value="allow">ยืนยันตัวตน</button>
<button type="submit" name="decision" value="deny">ยกเลิก</button></p></form></body></html>""" % hidden
            return self.send(200, page, "text/html; charset=utf-8")
        return self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        p = self.provider
        path = urllib.parse.urlsplit(self.path).path
        form = self.form()
        if path == "/_mode":
            if form.get("mode") not in MODES:
                return self.send_json(400, {"error": "unknown mode"})
            with p.lock:
                p.mode = form["mode"]
            return self.send_json(200, {"mode": p.mode})
        if path == "/authorize":
            if form.get("redirect_uri") != p.redirect_uri or form.get("client_id") != p.client_id:
                return self.send_json(400, {"error": "invalid_request"})
            target = form["redirect_uri"] + ("&" if "?" in form["redirect_uri"] else "?")
            if form.get("decision") != "allow":
                params = {"error": "access_denied", "state": form.get("state", "")}
            else:
                code = secrets.token_urlsafe(24)
                with p.lock:
                    p.codes[code] = {
                        "pid": form.get("pid", ""), "name": form.get("name", ""),
                        "nonce": form["nonce"], "challenge": form["code_challenge"],
                        "redirect_uri": form["redirect_uri"], "expires": time.time() + 60,
                    }
                params = {"code": code, "state": form["state"]}
            return self.send(302, b"", "text/plain", [("Location", target + urllib.parse.urlencode(params))])
        if path == "/token":
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                client_id, secret = urllib.parse.unquote(user), urllib.parse.unquote(password)
            if client_id != p.client_id or secret != p.client_secret:
                return self.send_json(401, {"error": "invalid_client"})
            if form.get("grant_type") != "authorization_code":
                return self.send_json(400, {"error": "unsupported_grant_type"})
            with p.lock:
                grant = p.codes.pop(form.get("code", ""), None)  # single use, even when refused below
            if grant is None or grant["expires"] < time.time():
                return self.send_json(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
            if form.get("redirect_uri") != grant["redirect_uri"]:
                return self.send_json(400, {"error": "invalid_grant", "error_description": "redirect_uri differs"})
            if b64url_sha256(form.get("code_verifier", "")) != grant["challenge"]:
                return self.send_json(400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"})
            with p.lock:
                token = p.id_token(grant)
            return self.send_json(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                                        "expires_in": 300, "id_token": token})
        return self.send_json(404, {"error": "not_found"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--lifetime", type=float, default=1800)
    args = parser.parse_args()
    Handler.provider = Provider(args.client_id, args.client_secret, args.redirect_uri)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    Handler.provider.issuer = "http://127.0.0.1:%d" % port
    parent = os.getppid()
    started = time.time()

    def watchdog():
        while time.time() - started < args.lifetime and os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()

    threading.Thread(target=watchdog, daemon=True).start()
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
