// http/pipeline.h — internal to src/http: what happens to a request once it has been read.
//
// Kept apart from server.cc so the rules (routing, authentication, CSRF, authorisation, static
// files, security headers) build and test without Beast. Other modules use http.h, not this.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"
#include "http/observe.h"

namespace klang::http::internal {

// Problem+json for `status` answered with `http_status` — for the codes ErrorCode has no word
// for (405, 413, 431).
// Through ForClient (http.h): a 5xx's detail is an incident number, the status logged under it.
Response MakeProblem(const Status& status, int http_status);
// Problem+json for a status that has already been through ForClient.
Response ProblemFor(const Status& shown, int http_status);
// The Thai title of a problem: the status's message, or a generic one for its code.
std::string ProblemTitle(const Status& status);

// A small Thai error page for browser navigation, problem+json for everything else (API, htmx).
Response ErrorResponse(const Request& request, const Status& status, int http_status);
inline Response ErrorResponse(const Request& request, const Status& status) {
  return ErrorResponse(request, status, HttpStatusFor(status));
}

// Adds CSP, nosniff, Referrer-Policy, X-Frame-Options and Cache-Control ("no-store", or an hour
// for static files) unless the response already names them.
void AddSecurityHeaders(Response& response, bool cacheable);
// Appends "; Secure" to every Set-Cookie that lacks it.
void ForceSecureCookies(Response& response);

// "a=1; b=2" → {a: 1, b: 2}; the first occurrence of a name wins (RFC 6265 §5.4 orders the
// most specific cookie first).
std::map<std::string, std::string> ParseCookies(std::string_view header);

// The file `relative` (the path after "/static/") below `root`, which must be canonical. 404 for
// anything missing, hidden (".x"), a directory, or resolving outside `root` by ".." or symlink.
Response ServeStaticFile(const std::filesystem::path& root, std::string_view relative);


struct PipelineConfig {
  std::filesystem::path static_root;  // canonical; empty = no /static/
  bool builtin_health = false;        // answer GET /healthz ourselves
  bool secure_cookies = false;
  RequestObserver* observer = nullptr;  // told of every request once answered
  const Metrics* metrics = nullptr;     // served at GET /metrics to metrics_allowed
  std::vector<std::string> metrics_allowed;
};

// Steps 2–9 of the request pipeline (see http.h). Thread-safe; Handle may block (Gatekeeper,
// handler, file system), so it runs on a worker thread.
class Pipeline {
 public:
  Pipeline(const Router& router, Gatekeeper* gatekeeper, PipelineConfig config);
  // Never throws: an exception from the Gatekeeper or a handler becomes 500 http.internal.
  Response Handle(Request& request) const;

 private:
  Response Dispatch(Request& request, bool* cacheable) const;
  Response ServeMetrics(const Request& request) const;
  void Tell(const Request& request, const Response& response, const std::string& request_id,
            std::chrono::steady_clock::time_point began) const;
  std::optional<Response> Guard(const Route& route, Request& request) const;

  const Router& router_;
  Gatekeeper* gatekeeper_;
  PipelineConfig config_;
};

}  // namespace klang::http::internal
