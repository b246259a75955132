#include "web/auth/enrolment.h"

#include "web/auth/session.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kStateCookie = "klang_oidc_state";
constexpr const char* kEnrolCookie = "klang_enrol";
constexpr int64_t kStateCookieSeconds = 600;
constexpr int64_t kEnrolCookieSeconds = 30 * 60;

// A secret the browser echoed (state, CSRF token), compared in constant time; never empty.
bool SameSecret(const std::string& presented, const std::string& expected) {
  return !presented.empty() && http::ConstantTimeEquals(presented, expected);
}

http::CookieOptions Cookie(const EnrolmentWeb& web, int64_t max_age, bool lax) {
  http::CookieOptions options;
  options.secure = web.secure_cookies;
  options.max_age_seconds = max_age;
  options.path = "/enrol";
  options.same_site_lax = lax;
  return options;
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

Response Render(EnrolmentWeb& web, const std::string& stage, json data, int status) {
  static const char* kSteps[] = {"ยืนยันตัวตนด้วย ", "ยืนยันอีเมล", "ใส่รหัส OTP", "ตั้งรหัสผ่าน"};
  static const char* kStages[] = {"start", "email", "otp", "password"};
  constexpr int kStageCount = 4;
  const std::string label = web.oidc.config().label_th;
  data["title"] = "ลงทะเบียนเข้าใช้งาน";
  data["provider"] = label;
  data["stage"] = stage;
  // The start page explains the steps in words; the others show where the person is.
  int current = -1;
  for (int index = 0; index < kStageCount; ++index) {
    if (stage == kStages[index]) current = index;
  }
  if (current > 0) {
    json steps = json::array();
    for (int index = 0; index < kStageCount; ++index) {
      steps.push_back({{"number", index + 1},
                       {"name", std::string(kSteps[index]) + (index == 0 ? label : "")},
                       {"current", index == current},
                       {"done", index < current}});
    }
    data["steps"] = steps;
  }
  return RenderPage(web.pages.templates, "enrol", data, status);
}

// The refusal page: the Thai message, its code, and the way to start again.
Response FailedPage(EnrolmentWeb& web, const Status& status, int http_status) {
  json data = {
      {"stage_failed", true}, {"error", status.message_th()}, {"error_code", status.stable_code()}};
  return Render(web, "failed", data, http_status);
}

// A refusal is recorded in the audit trail; the browser's enrolment cookie is cleared.
Response Refused(EnrolmentWeb& web, const Request& request, const Status& status) {
  (void)web.auth.RecordEvent({.username = "(ยังไม่ระบุตัวตน)",
                              .event = "oidc_refused",
                              .remote_address = request.remote_address,
                              .detail = status.stable_code()});
  Response response = FailedPage(web, status, http::HttpStatusFor(status));
  response.SetCookie(kEnrolCookie, "", Cookie(web, 0, false));
  return response;
}

Response StagePage(EnrolmentWeb& web, const auth::Enrolment& enrolment, const Status* error,
                   int status, const json& echo = json::object()) {
  json data = {{"csrf", enrolment.csrf},
               {"person", enrolment.user.display_name},
               {"username", enrolment.user.username},
               {"recovery", enrolment.recovery},
               {"email", enrolment.email},
               {"typed_email", echo.value("email", enrolment.email)},
               {"attempts_left", enrolment.attempts_left}};
  data["stage_" + enrolment.stage] = true;
  if (error != nullptr) {
    data["error"] = error->message_th();
    data["error_code"] = error->stable_code();
  }
  return Render(web, enrolment.stage, data, status);
}

Result<auth::Enrolment> Current(EnrolmentWeb& web, const Request& request) {
  return web.enrolment.Get(request.Cookie(kEnrolCookie));
}

// The enrolment of this browser, when the form carries its CSRF token.
Result<auth::Enrolment> Checked(EnrolmentWeb& web, const Request& request) {
  KLANG_ASSIGN_OR_RETURN(auth::Enrolment enrolment, Current(web, request));
  if (!SameSecret(request.FormValue("_csrf"), enrolment.csrf)) {
    return Status::Error(ErrorCode::kPermissionDenied, "http.csrf", "แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง",
                         "enrolment form without its token");
  }
  return enrolment;
}

// Runs a step; shows the stage the enrolment is now at, with the step's error when it failed.
template <typename Step>
Response Act(EnrolmentWeb& web, Request& request, Step step) {
  const std::string token = request.Cookie(kEnrolCookie);
  auto before = Checked(web, request);
  if (!before.ok()) return Refused(web, request, before.status());
  Status done = step(token, *before);
  auto after = web.enrolment.Get(token);
  if (!after.ok()) {
    // The step used the enrolment up (too many wrong OTPs): start again at the provider.
    return Refused(web, request, done.ok() ? after.status() : done);
  }
  if (!done.ok()) {
    json echo = {{"email", request.FormValue("email")}};
    return StagePage(web, *after, &done, http::HttpStatusFor(done), echo);
  }
  return StagePage(web, *after, nullptr, 200);
}

Response Intro(EnrolmentWeb& web, Request&) {
  return Render(web, "start", {{"stage_start", true}}, 200);
}

Response Start(EnrolmentWeb& web, Request&) {
  std::string state;
  auto url = web.oidc.BeginLogin(&state);
  if (!url.ok()) return FailedPage(web, url.status(), 503);
  Response response = Response::Redirect(*url);
  response.SetCookie(kStateCookie, state, Cookie(web, kStateCookieSeconds, true));
  return response;
}

// The provider's answer, checked and matched to an invitation; the e-mail step follows.
Response Verified(EnrolmentWeb& web, const Request& request, const std::string& state) {
  if (!SameSecret(state, request.Cookie(kStateCookie))) {
    // Missing, or another browser's flow: never consumed here, never trusted.
    return Refused(web, request,
                   Status::Error(ErrorCode::kUnauthenticated, "oidc.state",
                                 "การยืนยันตัวตนนี้ไม่ได้เริ่มจากเบราว์เซอร์นี้ หรือหมดอายุแล้ว "
                                 "กรุณาเริ่มใหม่อีกครั้ง",
                                 "state missing or not this browser's"));
  }
  auto claims =
      web.oidc.FinishLogin(state, request.QueryParam("code"), request.QueryParam("error"));
  if (!claims.ok()) return Refused(web, request, claims.status());
  auth::Enrolment enrolment;
  auto token = web.enrolment.Begin(*claims, request.remote_address, &enrolment);
  if (!token.ok()) return Refused(web, request, token.status());
  // The page itself, not a redirect: a Strict cookie would not come back on a redirect that a
  // navigation from the provider's site started.
  Response page = StagePage(web, enrolment, nullptr, 200);
  page.SetCookie(kEnrolCookie, *token, Cookie(web, kEnrolCookieSeconds, false));
  return page;
}

Response Callback(EnrolmentWeb& web, Request& request) {
  Response response = Verified(web, request, request.QueryParam("state"));
  response.SetCookie(kStateCookie, "", Cookie(web, 0, true));
  return response;
}

Response Step(EnrolmentWeb& web, Request& request) {
  auto enrolment = Current(web, request);
  if (!enrolment.ok()) return Refused(web, request, enrolment.status());
  return StagePage(web, *enrolment, nullptr, 200);
}

Response Email(EnrolmentWeb& web, Request& request) {
  return Act(web, request, [&](const std::string& token, const auth::Enrolment&) {
    return web.enrolment.SendOtp(token, Trim(request.FormValue("email")), request.remote_address);
  });
}

Response Resend(EnrolmentWeb& web, Request& request) {
  return Act(web, request, [&](const std::string& token, const auth::Enrolment& enrolment) {
    return web.enrolment.SendOtp(token, enrolment.email, request.remote_address);
  });
}

Response Otp(EnrolmentWeb& web, Request& request) {
  return Act(web, request, [&](const std::string& token, const auth::Enrolment&) {
    return web.enrolment.ConfirmOtp(token, Trim(request.FormValue("code")), request.remote_address);
  });
}

Response Password(EnrolmentWeb& web, Request& request) {
  const std::string token = request.Cookie(kEnrolCookie);
  auto enrolment = Checked(web, request);
  if (!enrolment.ok()) return Refused(web, request, enrolment.status());
  auto session =
      web.enrolment.SetPassword(token, request.FormValue("new_password"),
                                request.FormValue("confirm_password"), request.remote_address);
  if (!session.ok()) {
    return StagePage(web, *enrolment, &session.status(), http::HttpStatusFor(session.status()));
  }
  Response response = Response::Redirect("/");
  SetSessionCookie(response, session->token, web.secure_cookies);
  response.SetCookie(kEnrolCookie, "", Cookie(web, 0, false));
  return response;
}

}  // namespace

void RegisterEnrolmentRoutes(RouteTable& table, EnrolmentWeb& web) {
  // clang-format off
  table.AddRoutes(web, {
      {"GET", "/enrol", PublicAccess(), Intro},
      {"GET", "/enrol/start", PublicAccess(), Start},
      {"GET", "/enrol/callback", PublicAccess(), Callback},
      {"GET", "/enrol/step", PublicAccess(), Step},
      {"POST", "/enrol/email", PublicAccess(), Email},
      {"POST", "/enrol/resend", PublicAccess(), Resend},
      {"POST", "/enrol/otp", PublicAccess(), Otp},
      {"POST", "/enrol/password", PublicAccess(), Password},
  });
  // clang-format on
}

}  // namespace klang::web
