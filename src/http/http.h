// http/http.h — the transport: requests, responses, routes, the gate to auth, the server.
//
// `http` parses, routes, authenticates (through the Gatekeeper interface, implemented by `auth`),
// checks CSRF, authorises, runs the handler and maps Status to RFC 9457 problem+json. It knows no
// business rule. Feature modules register handlers on a Router; `cli` builds the Server.
//
// The request pipeline, in order (see server.cc and pipeline.cc):
//   read with limits → route (404/405) → authenticate (401, or 303 to /login for pages) →
//   pending password change (403, or 303 to /password) → CSRF on state-changing methods (403) →
//   authorise permission and organisation scope (403) → handler on a worker thread (500 on
//   exception) → security headers.
//
// Boost stays out of this header on purpose: Beast is slow to compile and only server.cc needs it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace klang::http {

class RequestObserver;  // http/observe.h
class Metrics;          // http/observe.h

// Who is calling; filled in by the Gatekeeper. Shared and immutable so a handler may keep it.
struct Identity {
  int64_t user_id = 0;
  int64_t org_id = 0;  // the user's home organisation
  std::string username, display_name, role;
  std::string csrf_token;  // per-session token every state-changing request must echo
  bool must_change_password = false;
  // Authenticated by a bearer credential in the Authorization header (an edge node), not by a
  // cookie: a browser cannot send it on its own, so CSRF does not apply.
  bool credential_auth = false;
};

// One parsed request. Handlers receive it by non-const reference so they may move the body out.
struct Request {
  std::string method;                              // "GET", "POST", ...
  std::string target;                              // raw target incl. query
  std::string path;                                // percent-decoded path without query
  std::map<std::string, std::string> query;        // decoded query parameters (last wins)
  std::map<std::string, std::string> path_params;  // from route pattern "{name}"
  std::map<std::string, std::string> headers;      // lower-case names; repeats joined by ", "
  std::map<std::string, std::string> cookies;      // first occurrence of a name wins
  std::string body;
  std::string remote_address;
  // The request came while the server was near connections_max: only /healthz and signed-in
  // users are served (ServerOptions::connections_reserved); others get 503 and the connection
  // is closed.
  bool from_reserve = false;
  std::shared_ptr<const Identity> identity;  // null on public routes
  std::string route_pattern;                 // the matched route's pattern, for logs and metrics

  std::string Header(std::string_view lower_name) const;  // "" if absent
  std::string Cookie(std::string_view name) const;        // "" if absent
  std::string PathParam(std::string_view name) const;     // "" if absent
  std::string QueryParam(std::string_view name, std::string fallback = "") const;
  // True when Accept ranks text/html above application/json (browser navigation or form post).
  // htmx requests send Accept: */* and so are not "HTML" here; see IsHtmx().
  bool WantsHtml() const;
  bool IsHtmx() const;  // HX-Request: true
  // The body is decoded once, on first use, and the result kept: every reader of a request (the
  // CSRF check, a wrapper, the handler) shares one decoding. A request is handled by one thread at
  // a time, so the lazily filled cache needs no lock; set `body` and the Content-Type header before
  // the first call, not after.
  //
  // The application/x-www-form-urlencoded body, decoded; repeated names keep all values in order.
  // Empty when Content-Type names another media type (JSON, multipart). A missing Content-Type is
  // read as a form so handler tests can build a Request by hand.
  const std::vector<std::pair<std::string, std::string>>& FormFields() const;
  std::string FormValue(std::string_view name) const;  // first value or ""
  std::vector<std::string> FormValues(std::string_view name) const;
  // The body as JSON, whatever the Content-Type; a discarded value (is_discarded()) when the body
  // is not well-formed JSON or nests deeper than kJsonDepthMax or holds more than
  // kJsonElementsMax values (checked before anything is built).
  const nlohmann::json& JsonBody() const;

 private:
  struct DecodedBody;
  mutable std::shared_ptr<DecodedBody> decoded_;
  DecodedBody& Decoded() const;
};

// Bounds on a JSON body, so that its size alone bounds the memory decoding it takes: a body that
// nests deeper or holds more values is not decoded (JsonBody() is discarded → http.malformed).
// The deepest real body (a voucher's lines, a sync batch of entries) nests 5 levels; a restore
// batch of 5,000 entries holds about 200,000 values.
inline constexpr size_t kJsonDepthMax = 64;
inline constexpr size_t kJsonElementsMax = 500'000;

struct CookieOptions {
  bool secure = false;    // also forced on every cookie by ServerOptions::secure_cookies
  bool http_only = true;  // false only for a cookie page scripts must read
  std::optional<int64_t> max_age_seconds;  // none = session cookie; 0 deletes the cookie
  std::string path = "/";
  // Strict by default. Lax only for a cookie that must come back on a top-level navigation from
  // another site (the OpenID Connect callback's browser binding).
  bool same_site_lax = false;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  // Extra headers; Set-Cookie may repeat. A handler may set its own Cache-Control; the server
  // adds "no-store" only when none is given.
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& value, int status = 200);
  static Response Html(std::string html, int status = 200);
  static Response Text(std::string text, int status = 200);
  static Response Redirect(std::string location);  // 303 See Other
  // Content-Disposition attachment with an ASCII fallback filename and RFC 5987 filename* so
  // Thai names survive.
  static Response Download(std::string bytes, std::string content_type, std::string filename);
  static Response Inline(std::string bytes, std::string content_type, std::string filename);
  // RFC 9457 problem+json: {"type": "https://klang.example/problems/<stable_code>", "title": Thai
  // message, "status": n, "detail": English detail, "code": stable code, "field": field if any}.
  // An OK status is a caller bug; it yields a 500 problem rather than crashing the server.
  static Response Problem(const Status& status);
  // Appends a Set-Cookie: name=value; Path; Max-Age; HttpOnly; SameSite=Strict; Secure.
  // `name` must be an RFC 6265 token and `value` cookie-octets (tokens, hex, base64url): both
  // come from our code, never from user input, and are asserted.
  Response& SetCookie(std::string name, std::string value, CookieOptions options);

  // The first header named `name` (case-insensitive), or "" — mostly for tests.
  std::string Header(std::string_view name) const;
};

// What a client may be told of `status`, answered with `http_status`: the status itself, or —
// for a 5xx other than the server's own connection refusals (http.busy …), and for any store
// error — the same code and Thai message with the detail replaced by "incident <id> is in the
// server log", the full status written to stderr under that id with `where` (method and path).
// Problem responses and error pages pass every status through it.
Status ForClient(const Status& status, int http_status, std::string_view where);

// kInvalidInput 422 (400 for "http.malformed"), kNotFound 404, kConflict 409,
// kPermissionDenied 403, kUnauthenticated 401, kUnavailable 503, kInternal 500, kOk 200.
int HttpStatusFor(const Status& status);

// Equal-length strings are compared without an early exit, so the time taken does not reveal
// how much of a guessed secret (a CSRF token, an OpenID Connect state) was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Runs on a worker thread and may block (database). Exceptions are caught and become 500.
using Handler = std::function<Response(Request&)>;

struct Access {
  bool public_route = false;  // no login needed (login page, static files, health)
  std::string permission;     // e.g. "gl.voucher.create"; checked via Gatekeeper::Authorize
  // Name of the path parameter holding the organisation id ("org"); empty = none. When set, the
  // scope is checked through Authorize even if `permission` is empty.
  std::string org_param;
  bool allow_password_change_pending = false;  // route usable while must_change_password
};

struct Route {
  std::string method;
  std::string pattern;
  Access access;
  Handler handler;
  std::string module;  // which feature module registered it (for the authorisation matrix)
};

// The route table. Register everything first, then share it read-only: lookups are thread-safe
// once registration is complete (Add is not, and invalidates Match::route pointers).
class Router {
 public:
  // Patterns are literal segments and "{name}" segments, e.g. "/api/v1/orgs/{org}/vouchers/{seq}".
  // A malformed pattern, a duplicate method+pattern, a public route with a permission, or an
  // org_param missing from the pattern is a programming error and asserts.
  void Add(std::string method, std::string pattern, Access access, Handler handler,
           std::string module = "");
  // Every registered route (the authorisation-matrix test enumerates them).
  const std::vector<Route>& routes() const { return routes_; }
  // Replaces every handler by wrap(route, handler) — for what must surround many modules'
  // handlers alike (cli's paper back-entry scope). Before serving, like Add.
  void Wrap(const std::function<Handler(const Route& route, Handler handler)>& wrap);

  struct Match {
    const Route* route = nullptr;  // null when nothing matches
    std::map<std::string, std::string> params;
    bool method_mismatch = false;  // the path matches a route of another method (→ 405)
  };
  // A literal segment beats "{name}" at the first segment where two patterns differ, so
  // ".../vouchers/new" wins over ".../vouchers/{seq}". HEAD falls back to the GET route.
  Match Find(std::string_view method, std::string_view path) const;
  // Methods that have a route for `path` (with HEAD wherever GET is), sorted; for Allow on 405.
  std::vector<std::string> AllowedMethods(std::string_view path) const;

 private:
  std::vector<Route> routes_;
  // segments_[i] is routes_[i].pattern split at '/'; "{name}" marks a parameter (literal
  // segments may not contain braces, so the two cannot be confused).
  std::vector<std::vector<std::string>> segments_;
};

// Sessions and permissions, implemented by the auth module and plugged in by cli. Called from
// many worker threads at once: implementations must be thread-safe. Both may block.
class Gatekeeper {
 public:
  virtual ~Gatekeeper() = default;
  // From cookies/headers; kUnauthenticated when there is no valid session. Any other error
  // (kUnavailable: the store is down) is passed on to the client as is.
  virtual Result<std::shared_ptr<const Identity>> Authenticate(const Request& request) = 0;
  // kPermissionDenied when the identity lacks `permission` or `org_id` is outside its scope.
  // `permission` is empty when the route only needs the organisation scope checked.
  virtual Status Authorize(const Identity& identity, std::string_view permission,
                           std::optional<int64_t> org_id) = 0;
};

struct ServerOptions {
  std::string listen_address = "127.0.0.1";
  uint16_t listen_port = 8080;  // 0 = pick a free port (tests)
  size_t body_bytes_max = 1 << 20;
  // Requests that carry a file (an import: a POST to a path the predicate names, whose session
  // or credential the Gatekeeper accepts — checked from the headers, before the body is read) may
  // have bodies up to upload_bytes_max and take upload_read_seconds_max to arrive; every other
  // request stays within body_bytes_max and request_read_seconds_max. No upload path when unset.
  // The predicate gets the method and the raw target.
  std::function<bool(std::string_view method, std::string_view target)> is_upload;
  size_t upload_bytes_max = 0;
  int upload_read_seconds_max = 600;  // 10 MB over a slow rural line (~150 kbit/s)
  size_t header_bytes_max = 16 << 10;
  int header_read_seconds_max = 10;      // request line and headers, from the first byte awaited
  int request_read_seconds_max = 30;     // whole request, first byte to last
  int keep_alive_idle_seconds_max = 60;  // between requests on one connection
  int response_write_seconds_max = 60;
  int shutdown_grace_seconds_max = 30;  // Stop() waits this long for in-flight handlers
  size_t io_threads = 2;
  size_t worker_threads = 32;     // handlers run here, off the I/O threads
  size_t connections_max = 1024;  // beyond this, new connections get 503 and are closed
  // The last connections before connections_max serve only /healthz and signed-in users, so that
  // idle connections opened by strangers cannot shut them out; others get 503 http.busy.
  size_t connections_reserved = 64;
  // Open connections one client address may hold (0 = no limit). Behind a TLS proxy every
  // connection comes from the proxy: set 0 there and limit per client at the proxy.
  size_t connections_per_address_max = 128;
  // Addresses of the reverse proxies in front (e.g. "127.0.0.1"). A request arriving from one of
  // them is taken to come from the last address in its X-Forwarded-For that is not a proxy, so
  // per-address login limits and the security trail see the client, not the proxy. Empty: the
  // header is ignored (anyone could write it).
  std::vector<std::string> trusted_proxies;
  std::string static_dir;         // served under /static/ (no directory listing, no traversal)
  bool secure_cookies = false;    // adds Secure to every Set-Cookie (deployments behind TLS)
  // Told of every request once answered (http/observe.h: the JSON access log, the metrics);
  // must outlive the server. Null: nobody.
  RequestObserver* observer = nullptr;
  // GET /metrics (Prometheus text) from these client addresses only; 404 for any other, and
  // when `metrics` is null.
  const Metrics* metrics = nullptr;
  std::vector<std::string> metrics_allowed;
};

// The HTTP/1.1 server. Thread-safe: Stop() and Wait() may be called from any thread except a
// handler's own (Stop joins the worker threads).
class Server {
 public:
  // `router` and `gatekeeper` must outlive the server. `gatekeeper` may be null only if every
  // route is public (asserted in Start). Serves GET /healthz → {"status":"ok"} unless the router
  // has its own.
  Server(ServerOptions options, const Router& router, Gatekeeper* gatekeeper);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. kUnavailable "http.listen_failed" when the address cannot be
  // bound (port busy); kInvalidInput "http.static_dir" when static_dir is not a directory.
  Status Start();
  uint16_t port() const;  // the bound port (after Start)
  // Graceful: stop accepting, close idle connections, let in-flight requests finish (up to
  // shutdown_grace_seconds_max), join the threads. Idempotent.
  void Stop();
  void Wait();  // blocks until Stop() has completed (e.g. called from a signal-handling thread)

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace klang::http
