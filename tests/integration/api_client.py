"""A small HTTP client for the integration tests: a cookie jar, the CSRF header, JSON or form
bodies, and the login with the forced password change of a demo user."""
import http.cookiejar, json, re, socket, subprocess, time, urllib.error, urllib.parse, urllib.request


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def demo(klang, data, orgs=2, days=3):
    """A new data folder with demo organisations: {(org id, role prefix): (user, one-time password)}."""
    run(klang, "init", "--data", data)
    users = {}
    for line in run(klang, "demo", "--data", data, "--orgs", str(orgs), "--days", str(days)).splitlines():
        m = re.search(r"^(\d+)\t.*user (\D+)(\d+) one-time password (\S+)", line)
        if m:
            users[(m.group(1), m.group(2))] = (m.group(2) + m.group(3), m.group(4))
    return users

def serve(klang, data, log_path):
    """`klang serve` on a free port of 127.0.0.1, its output to `log_path`; (process, base URL)
    once /healthz answers."""
    port = free_port()
    with open(log_path, "w") as log:
        server = subprocess.Popen([klang, "serve", "--data", data, "--listen", f"127.0.0.1:{port}"],
                                  stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    return server, base

def stop_and_verify(server, klang, data):
    """Stops the server (if running) and asserts `klang verify` passes on its data."""
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=60)
    verify = subprocess.run([klang, "verify", "--data", data], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr

class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
    def call(self, method, path, body=None, form=None, csrf=True, raw=None):
        headers = {"Accept": "application/json"}
        data = None
        if raw is not None:
            data = raw.encode(); headers["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body).encode(); headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode(); headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Accept"] = "text/html"
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.headers

    def sign_in(self, user, password):
        """Signs in (the login form with its token) and keeps the session's CSRF token."""
        status, page, _ = self.call("GET", "/login")
        token = re.search(r'name="login_csrf" value="([^"]+)"', page).group(1)
        status, page, _ = self.call("POST", "/login", form={"login_csrf": token, "username": user, "password": password})
        assert status == 200, (user, status)
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        return self

    def login(self, user, password, new_password):
        """Logs in with a one-time password, sets `new_password` and keeps the CSRF token."""
        self.sign_in(user, password)
        status, page, _ = self.call("POST", "/password", form={"_csrf": self.csrf, "current_password": password,
                                    "new_password": new_password, "confirm_password": new_password})
        assert status == 200, (user, status)
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        if match:
            self.csrf = match.group(1)
        return self
