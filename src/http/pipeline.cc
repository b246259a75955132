// The request pipeline after parsing: static files, health, routing, authentication, password
// change, CSRF, authorisation, the handler, security headers.
#include "http/pipeline.h"

#include <strings.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <random>
#include <nlohmann/json.hpp>

#include "http/form.h"

namespace klang::http::internal {
namespace {

namespace fs = std::filesystem;

// Static assets are CSS, scripts, fonts and icons; anything bigger is not meant to be here and
// would be read whole into memory.
constexpr uintmax_t kStaticFileBytesMax = 32 << 20;
constexpr std::string_view kStaticPrefix = "/static/";

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

bool HasHeader(const Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    return header.first.size() == name.size() &&
           strncasecmp(header.first.data(), name.data(), name.size()) == 0;
  });
}

void AddHeaderIfAbsent(Response& response, std::string_view name, std::string_view value) {
  if (!HasHeader(response, name)) response.headers.emplace_back(name, value);
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string ContentTypeFor(const fs::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".map", "application/json"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".pdf", "application/pdf"},
  };
  const auto it = kTypes.find(extension);
  // With nosniff, octet-stream makes the browser download rather than interpret the file.
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Status NotFound() { return Status::NotFound("http.not_found", "ไม่พบหน้าที่ต้องการ", "no such page"); }

Response MethodNotAllowed(const Request& request, const std::vector<std::string>& methods) {
  Response response =
      ErrorResponse(request,
                    Status::InvalidInput("http.method_not_allowed", "หน้านี้ไม่รองรับการเรียกใช้ด้วยวิธีนี้",
                                         "method " + request.method + " is not allowed here"),
                    405);
  std::string allow;
  for (const auto& method : methods) allow += (allow.empty() ? "" : ", ") + method;
  response.headers.emplace_back("Allow", std::move(allow));
  return response;
}

// Browsers are sent to the login page and brought back afterwards; htmx gets HX-Redirect because
// a 303 would be followed inside the XHR and swap the login page into a fragment.
Response LoginRequired(const Request& request, const Status& status) {
  // Only a GET can be repeated after login; a POST's target would be fetched with GET.
  const std::string& back = IsSafeMethod(request.method) ? request.target : request.path;
  const std::string login = "/login?next=" + UrlEncode(back);
  if (request.IsHtmx()) {
    Response response = MakeProblem(status, 401);
    response.headers.emplace_back("HX-Redirect", login);
    return response;
  }
  if (request.WantsHtml()) return Response::Redirect(login);
  return MakeProblem(status, 401);
}

Response PasswordChangeRequired(const Request& request) {
  const Status status =
      Status::PermissionDenied("auth.password_change_required", "กรุณาเปลี่ยนรหัสผ่านก่อนใช้งานระบบ",
                               "the user must change the password before using this route");
  if (request.IsHtmx()) {
    Response response = MakeProblem(status, 403);
    response.headers.emplace_back("HX-Redirect", "/password");
    return response;
  }
  if (request.WantsHtml()) return Response::Redirect("/password");
  return MakeProblem(status, 403);
}

bool CsrfTokenMatches(const Request& request) {
  const std::string& expected = request.identity->csrf_token;
  // A session without a token must not be satisfied by a request without one.
  if (expected.empty()) return false;
  std::string presented = request.Header("x-csrf-token");
  if (presented.empty()) presented = request.FormValue("_csrf");
  return !presented.empty() && ConstantTimeEquals(presented, expected);
}

// Organisation ids in paths are positive decimal integers; anything else names no organisation.
std::optional<int64_t> ParseOrgId(std::string_view text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Whether the request presents anything that could be a credential (a cookie, an Authorization
// header); whether it is valid is the Gatekeeper's business.
bool HasSession(const Request& request) {
  return !request.cookies.empty() || !request.Header("authorization").empty();
}

// The answer on a reserve connection to anyone not signed in, and when to try again.
constexpr int kBusyRetryAfterSeconds = 5;
Response Busy(const Request& request) {
  Response response = ErrorResponse(
      request, Status::Unavailable("http.busy", "the server is near its connection limit; "
                                                "only signed-in users are served"));
  response.headers.emplace_back("Retry-After", std::to_string(kBusyRetryAfterSeconds));
  return response;
}

std::string ErrorPage(const Status& status) {
  const std::string title = HtmlEscape(ProblemTitle(status));
  return "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         title + "</title>\n</head>\n<body>\n<main>\n<h1>" + title +
         "</h1>\n<p>รหัสข้อผิดพลาด: <code>" + HtmlEscape(status.stable_code()) +
         "</code></p>\n" +
         (status.detail_en().starts_with("incident ")
              ? "<p>แจ้งผู้ดูแลระบบพร้อมข้อความนี้: <code>" + HtmlEscape(status.detail_en()) +
                    "</code></p>\n"
              : std::string()) +
         "<p><a href=\"/\">กลับหน้าหลัก</a></p>\n</main>\n</body>\n</html>\n";
}

}  // namespace

Response ErrorResponse(const Request& request, const Status& status, int http_status) {
  const Status shown = ForClient(status, http_status, request.method + " " + request.path);
  if (request.WantsHtml() && !request.IsHtmx())
    return Response::Html(ErrorPage(shown), http_status);
  return ProblemFor(shown, http_status);
}

void AddSecurityHeaders(Response& response, bool cacheable) {
  AddHeaderIfAbsent(response, "Content-Security-Policy", kContentSecurityPolicy);
  AddHeaderIfAbsent(response, "X-Content-Type-Options", "nosniff");
  AddHeaderIfAbsent(response, "Referrer-Policy", "same-origin");
  AddHeaderIfAbsent(response, "X-Frame-Options", "DENY");
  // Pages show money and personal data: nothing but static assets may be kept by a browser or
  // a shared proxy.
  AddHeaderIfAbsent(response, "Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
}

void ForceSecureCookies(Response& response) {
  for (auto& [name, value] : response.headers) {
    if (strcasecmp(name.c_str(), "Set-Cookie") != 0) continue;
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("; secure") == std::string::npos) value += "; Secure";
  }
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> cookies;
  while (!header.empty()) {
    const size_t semicolon = header.find(';');
    const std::string_view pair = Trim(header.substr(0, semicolon));
    header =
        semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    cookies.emplace(std::string(Trim(pair.substr(0, eq))), std::string(value));
  }
  return cookies;
}

Response ServeStaticFile(const fs::path& root, std::string_view relative) {
  const Response not_found = MakeProblem(NotFound(), 404);
  if (relative.empty() || relative.front() == '/' ||
      relative.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
    return not_found;
  }
  // Reject "..", "." and hidden names before touching the file system; canonicalisation below
  // catches what gets past (symlinks).
  for (std::string_view rest = relative; !rest.empty();) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return not_found;
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  std::error_code error;
  const fs::path file = fs::canonical(root / fs::path(relative), error);
  if (error) return not_found;
  const auto [root_end, file_at] =
      std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  (void)file_at;
  if (root_end != root.end() || !fs::is_regular_file(file, error)) return not_found;
  const uintmax_t size = fs::file_size(file, error);
  if (error || size > kStaticFileBytesMax) return not_found;

  std::ifstream stream(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  if (!stream.good() && !stream.eof()) return not_found;
  Response response;
  response.content_type = ContentTypeFor(file);
  response.body = std::move(bytes);
  return response;
}

Pipeline::Pipeline(const Router& router, Gatekeeper* gatekeeper, PipelineConfig config)
    : router_(router), gatekeeper_(gatekeeper), config_(std::move(config)) {}

namespace {

// "5f3a9c1e-1b": a random prefix per process, then a counter — unique across the servers of a
// deployment for practical purposes, and short enough to read out over the telephone.
std::string NextRequestId() {
  static const uint32_t prefix = std::random_device{}();
  static std::atomic<uint64_t> counter{0};
  char text[32];
  std::snprintf(text, sizeof text, "%08x-%llx", prefix,
                static_cast<unsigned long long>(++counter));
  return text;
}

int64_t OrgOfPath(const Request& request) {
  const auto found = request.path_params.find("org");
  return found == request.path_params.end() ? 0 : ParseOrgId(found->second).value_or(0);
}

}  // namespace

void Pipeline::Tell(const Request& request, const Response& response, const std::string& request_id,
                    std::chrono::steady_clock::time_point began) const {
  if (config_.observer == nullptr) return;
  RequestRecord record;
  record.request_id = request_id;
  record.method = request.method;
  record.route = request.route_pattern;
  record.path = request.path;
  record.status = response.status;
  record.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - began)
                           .count();
  record.org = OrgOfPath(request);
  record.user = request.identity ? request.identity->username : "";
  record.remote_address = request.remote_address;
  config_.observer->Observe(record);
}

Response Pipeline::ServeMetrics(const Request& request) const {
  // Never through a proxy (it adds X-Forwarded-For): a proxy on this host would make every
  // client look like 127.0.0.1. Prometheus scrapes the server directly.
  const auto& allowed = config_.metrics_allowed;
  if (config_.metrics == nullptr || !request.Header("x-forwarded-for").empty() ||
      std::find(allowed.begin(), allowed.end(), request.remote_address) == allowed.end()) {
    return ErrorResponse(request, NotFound());
  }
  Response response;
  response.status = 200;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = config_.metrics->Render();
  return response;
}

Response Pipeline::Handle(Request& request) const {
  const auto began = std::chrono::steady_clock::now();
  const std::string request_id = NextRequestId();
  bool cacheable = false;
  Response response;
  try {
    response = Dispatch(request, &cacheable);
  } catch (const std::exception& error) {
    response = ErrorResponse(request, Status::Internal("http.internal", error.what()));
  } catch (...) {
    response = ErrorResponse(request, Status::Internal("http.internal", "non-standard exception"));
  }
  // 1xx are the server's business (100 Continue), and a status outside 200–599 is a handler bug.
  if (response.status < 200 || response.status > 599) {
    response = ErrorResponse(
        request, Status::Internal("http.internal",
                                  "handler returned status " + std::to_string(response.status)));
  }
  if (config_.secure_cookies) ForceSecureCookies(response);
  AddSecurityHeaders(response, cacheable);
  response.headers.emplace_back("X-Request-Id", request_id);
  Tell(request, response, request_id, began);
  return response;
}

Response Pipeline::Dispatch(Request& request, bool* cacheable) const {
  const bool get_or_head = request.method == "GET" || request.method == "HEAD";
  if (!config_.static_root.empty() && request.path.starts_with(kStaticPrefix)) {
    if (!get_or_head) return MethodNotAllowed(request, {"GET", "HEAD"});
    Response response = ServeStaticFile(
        config_.static_root, std::string_view(request.path).substr(kStaticPrefix.size()));
    if (response.status != 200) return ErrorResponse(request, NotFound());
    *cacheable = true;
    return response;
  }
  if (config_.builtin_health && request.path == "/healthz") {
    if (!get_or_head) return MethodNotAllowed(request, {"GET", "HEAD"});
    return Response::Json({{"status", "ok"}});
  }
  if (request.path == "/metrics" && config_.metrics != nullptr) {
    if (!get_or_head) return MethodNotAllowed(request, {"GET", "HEAD"});
    return ServeMetrics(request);
  }

  // A connection from the reserve serves signed-in users only (and /healthz above).
  const bool reserve = request.from_reserve && request.path != "/healthz";
  if (reserve && !HasSession(request)) return Busy(request);
  Router::Match match = router_.Find(request.method, request.path);
  if (match.route == nullptr) {
    if (match.method_mismatch) {
      return MethodNotAllowed(request, router_.AllowedMethods(request.path));
    }
    return ErrorResponse(request, NotFound());
  }
  request.path_params = std::move(match.params);
  const Route& route = *match.route;
  request.route_pattern = route.pattern;
  if (!route.access.public_route) {
    std::optional<Response> refusal = Guard(route, request);
    if (refusal) return std::move(*refusal);
  }
  if (reserve && request.identity == nullptr) return Busy(request);
  return route.handler(request);
}

// Authentication, password change, CSRF and authorisation for a non-public route. Returns the
// refusal, or nullopt when the request may proceed; `request.identity` is then set.
std::optional<Response> Pipeline::Guard(const Route& route, Request& request) const {
  constexpr std::nullopt_t proceed = std::nullopt;
  if (gatekeeper_ == nullptr) {
    return ErrorResponse(request, Status::Internal("http.no_gatekeeper",
                                                   "a protected route exists but no Gatekeeper"));
  }
  Result<std::shared_ptr<const Identity>> identity = gatekeeper_->Authenticate(request);
  if (!identity.ok()) {
    if (identity.status().code() == ErrorCode::kUnauthenticated) {
      if (request.from_reserve) return Busy(request);
      return LoginRequired(request, identity.status());
    }
    return ErrorResponse(request, identity.status());
  }
  if (*identity == nullptr) {
    return ErrorResponse(request, Status::Internal("http.no_identity",
                                                   "Authenticate succeeded without an identity"));
  }
  request.identity = std::move(identity).value();
  const Identity& who = *request.identity;

  if (who.must_change_password && !route.access.allow_password_change_pending) {
    return PasswordChangeRequired(request);
  }
  if (!IsSafeMethod(request.method) && !who.credential_auth && !CsrfTokenMatches(request)) {
    return ErrorResponse(
        request, Status::PermissionDenied(
                     "http.csrf", "คำขอไม่ผ่านการตรวจสอบความปลอดภัย (CSRF) กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
                     "missing or wrong CSRF token"));
  }
  if (route.access.permission.empty() && route.access.org_param.empty()) return proceed;

  std::optional<int64_t> org_id;
  if (!route.access.org_param.empty()) {
    org_id = ParseOrgId(request.PathParam(route.access.org_param));
    if (!org_id) return ErrorResponse(request, NotFound());
  }
  const Status allowed = gatekeeper_->Authorize(who, route.access.permission, org_id);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  return proceed;
}

}  // namespace klang::http::internal

namespace klang::http {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t index = 0; index < a.size(); ++index) {
    difference |= static_cast<unsigned char>(a[index] ^ b[index]);
  }
  return difference == 0;
}

}  // namespace klang::http
