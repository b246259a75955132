// Response factories, cookies and the Status → HTTP status / problem+json mapping.
#include <strings.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include "core/assert.h"
#include "http/form.h"
#include "http/http.h"
#include "http/observe.h"
#include "http/pipeline.h"

namespace klang::http {
namespace {

constexpr std::string_view kProblemTypeBase = "https://klang.example/problems/";

// RFC 7230 tchar: what a cookie name (and a header name) may consist of.
bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// RFC 6265 cookie-octet: printable ASCII except space, '"', ',', ';' and '\'.
bool IsCookieValue(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
      return false;
    }
  }
  return true;
}

// "attachment; filename="..."; filename*=UTF-8''..." — the quoted form is an ASCII stand-in for
// clients without RFC 6266 support; each run of non-ASCII bytes (one Thai word) becomes one '_'.
std::string ContentDisposition(std::string_view kind, std::string_view filename) {
  std::string cleaned;
  for (const char c : filename) {
    // Control characters have no place in a file name and CR/LF would split the header.
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) cleaned.push_back(c);
  }
  std::string fallback;
  bool in_non_ascii = false;
  for (const char c : cleaned) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      if (!in_non_ascii) fallback.push_back('_');
      in_non_ascii = true;
      continue;
    }
    in_non_ascii = false;
    fallback.push_back(c == '"' || c == '\\' || c == '/' ? '_' : c);
  }
  if (cleaned.empty()) cleaned = fallback = "download";
  return std::string(kind) + "; filename=\"" + fallback + "\"; filename*=UTF-8''" +
         UrlEncode(cleaned);
}

// Used when a Status carries no Thai message, so the title is never empty.
const char* DefaultTitle(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "สำเร็จ";
    case ErrorCode::kInvalidInput:
      return "ข้อมูลไม่ถูกต้อง";
    case ErrorCode::kNotFound:
      return "ไม่พบข้อมูลที่ต้องการ";
    case ErrorCode::kConflict:
      return "ข้อมูลถูกเปลี่ยนแปลงโดยผู้อื่น กรุณาโหลดใหม่แล้วลองอีกครั้ง";
    case ErrorCode::kPermissionDenied:
      return "ท่านไม่มีสิทธิ์ทำรายการนี้";
    case ErrorCode::kUnauthenticated:
      return "กรุณาเข้าสู่ระบบ";
    case ErrorCode::kUnavailable:
      return "ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่อีกครั้ง";
    case ErrorCode::kInternal:
      return "เกิดข้อผิดพลาดภายในระบบ รายการไม่ถูกบันทึก";
  }
  return "เกิดข้อผิดพลาด";
}

Response WithBody(std::string body, std::string content_type, int status) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

namespace internal {

// Problem+json for a status already fit for the client.
Response ProblemFor(const Status& status, int http_status) {
  nlohmann::json problem = {
      {"type", std::string(kProblemTypeBase) + status.stable_code()},
      {"title", ProblemTitle(status)},
      {"status", http_status},
      {"detail", status.detail_en()},
      {"code", status.stable_code()},
  };
  if (!status.field().empty()) problem["field"] = status.field();
  Response response = Response::Json(problem, http_status);
  response.content_type = "application/problem+json";
  return response;
}

std::string ProblemTitle(const Status& status) {
  return status.message_th().empty() ? std::string(DefaultTitle(status.code()))
                                     : status.message_th();
}

}  // namespace internal

Status ForClient(const Status& status, int http_status, std::string_view where) {
  // Our own refusals of the connection (busy, too many connections) say only what they are; the
  // store's words and anything internal are for the operator (SQL, driver messages, host names,
  // exception text), never for the client: they go to the log under an incident number the
  // client is told instead.
  const bool own_words = status.stable_code().starts_with("http.") && http_status != 500;
  const bool store_words = status.stable_code().starts_with("store.");
  if ((http_status < 500 || own_words) && !store_words) return status;
  static std::atomic<uint64_t> incidents{0};
  const uint64_t number = ++incidents;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  // The process id keeps numbers apart when several servers share one log.
  const std::string incident =
      std::string(stamp) + "-" + std::to_string(getpid()) + "-" + std::to_string(number);
  LogLine({{"level", "error"},
           {"incident", incident},
           {"status", http_status},
           {"where", std::string(where)},
           {"error", status.ToString()}});
  return Status::Error(status.code(), status.stable_code(), status.message_th(),
                       "incident " + incident + " is in the server log", status.field());
}

namespace internal {

Response MakeProblem(const Status& status, int http_status) {
  if (status.ok()) {
    return MakeProblem(Status::Internal("http.internal", "problem response built from OK status"),
                       500);
  }
  return ProblemFor(ForClient(status, http_status, ""), http_status);
}

}  // namespace internal

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kInvalidInput:
      return status.stable_code() == "http.malformed" ? 400 : 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Response::Json(const nlohmann::json& value, int status) {
  // Replacing invalid UTF-8 instead of throwing: a stray byte from old data must not turn a
  // whole report into a 500.
  return WithBody(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json", status);
}

Response Response::Html(std::string html, int status) {
  return WithBody(std::move(html), "text/html; charset=utf-8", status);
}

Response Response::Text(std::string text, int status) {
  return WithBody(std::move(text), "text/plain; charset=utf-8", status);
}

Response Response::Redirect(std::string location) {
  Response response = Text("", 303);
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

Response Response::Download(std::string bytes, std::string content_type, std::string filename) {
  Response response = WithBody(std::move(bytes), std::move(content_type), 200);
  response.headers.emplace_back("Content-Disposition", ContentDisposition("attachment", filename));
  return response;
}

Response Response::Inline(std::string bytes, std::string content_type, std::string filename) {
  Response response = WithBody(std::move(bytes), std::move(content_type), 200);
  response.headers.emplace_back("Content-Disposition", ContentDisposition("inline", filename));
  return response;
}

Response Response::Problem(const Status& status) {
  return internal::MakeProblem(status, HttpStatusFor(status));
}

Response& Response::SetCookie(std::string name, std::string value, CookieOptions options) {
  KLANG_ASSERT_MSG(IsToken(name), "cookie name must be an RFC 6265 token");
  KLANG_ASSERT_MSG(IsCookieValue(value), "cookie value must be cookie-octets");
  KLANG_ASSERT_MSG(!options.path.empty() && options.path[0] == '/' &&
                       options.path.find_first_of(";\r\n") == std::string::npos,
                   "cookie path must be an absolute path");
  std::string cookie = std::move(name) + "=" + std::move(value) + "; Path=" + options.path;
  if (options.max_age_seconds) cookie += "; Max-Age=" + std::to_string(*options.max_age_seconds);
  if (options.http_only) cookie += "; HttpOnly";
  cookie += options.same_site_lax ? "; SameSite=Lax" : "; SameSite=Strict";
  if (options.secure) cookie += "; Secure";
  headers.emplace_back("Set-Cookie", std::move(cookie));
  return *this;
}

std::string Response::Header(std::string_view name) const {
  for (const auto& [header, value] : headers) {
    if (header.size() == name.size() && strncasecmp(header.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return {};
}

}  // namespace klang::http
