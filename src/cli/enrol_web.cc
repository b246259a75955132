#include "cli/enrol_web.h"

#include "accounting/handlers.h"
#include "cli/web.h"

namespace klang::cli {
namespace {

using http::Access;
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

class EnrolWeb {
 public:
  EnrolWeb(App& app, const http::Templates& templates, bool secure_cookies)
      : app_(app), templates_(templates), secure_(secure_cookies) {}

  Response Intro(Request&) {
    return Render("start", {{"stage_start", true}}, 200);
  }

  Response Start(Request&) {
    std::string state;
    auto url = app_.oidc()->BeginLogin(&state);
    if (!url.ok()) return FailedPage(url.status(), 503);
    Response response = Response::Redirect(*url);
    response.SetCookie(kStateCookie, state, Cookie(kStateCookieSeconds, true));
    return response;
  }

  Response Callback(Request& request) {
    const std::string state = request.QueryParam("state");
    Response response = [&] {
      if (!SameSecret(state, request.Cookie(kStateCookie))) {
        // Missing, or another browser's flow: never consumed here, never trusted.
        return Refused(request, Status::Error(ErrorCode::kUnauthenticated, "oidc.state",
                                              "การยืนยันตัวตนนี้ไม่ได้เริ่มจากเบราว์เซอร์นี้ หรือหมดอายุแล้ว "
                                              "กรุณาเริ่มใหม่อีกครั้ง",
                                              "state missing or not this browser's"));
      }
      auto claims = app_.oidc()->FinishLogin(state, request.QueryParam("code"),
                                             request.QueryParam("error"));
      if (!claims.ok()) return Refused(request, claims.status());
      auth::Enrolment enrolment;
      auto token = app_.enrolment()->Begin(*claims, request.remote_address, &enrolment);
      if (!token.ok()) return Refused(request, token.status());
      // The page itself, not a redirect: a Strict cookie would not come back on a redirect
      // that a navigation from the provider's site started.
      Response page = StagePage(enrolment, nullptr, 200);
      page.SetCookie(kEnrolCookie, *token, Cookie(kEnrolCookieSeconds, false));
      return page;
    }();
    response.SetCookie(kStateCookie, "", Cookie(0, true));
    return response;
  }

  Response Step(Request& request) {
    auto enrolment = Current(request);
    if (!enrolment.ok()) return Refused(request, enrolment.status());
    return StagePage(*enrolment, nullptr, 200);
  }

  Response Email(Request& request) {
    return Act(request, [&](const std::string& token, const auth::Enrolment&) {
      return app_.enrolment()->SendOtp(token, Trim(request.FormValue("email")),
                                       request.remote_address);
    });
  }

  Response Resend(Request& request) {
    return Act(request, [&](const std::string& token, const auth::Enrolment& enrolment) {
      return app_.enrolment()->SendOtp(token, enrolment.email, request.remote_address);
    });
  }

  Response Otp(Request& request) {
    return Act(request, [&](const std::string& token, const auth::Enrolment&) {
      return app_.enrolment()->ConfirmOtp(token, Trim(request.FormValue("code")),
                                          request.remote_address);
    });
  }

  Response Password(Request& request) {
    const std::string token = request.Cookie(kEnrolCookie);
    auto enrolment = Checked(request);
    if (!enrolment.ok()) return Refused(request, enrolment.status());
    auto session = app_.enrolment()->SetPassword(token, request.FormValue("new_password"),
                                                 request.FormValue("confirm_password"),
                                                 request.remote_address);
    if (!session.ok()) {
      return StagePage(*enrolment, &session.status(), http::HttpStatusFor(session.status()));
    }
    Response response = Response::Redirect("/");
    SetSessionCookie(response, session->token, secure_);
    response.SetCookie(kEnrolCookie, "", Cookie(0, false));
    return response;
  }

 private:
  http::CookieOptions Cookie(int64_t max_age, bool lax) const {
    http::CookieOptions options;
    options.secure = secure_;
    options.max_age_seconds = max_age;
    options.path = "/enrol";
    options.same_site_lax = lax;
    return options;
  }

  static std::string Trim(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  }

  Result<auth::Enrolment> Current(const Request& request) {
    return app_.enrolment()->Get(request.Cookie(kEnrolCookie));
  }

  // The enrolment of this browser, when the form carries its CSRF token.
  Result<auth::Enrolment> Checked(const Request& request) {
    KLANG_ASSIGN_OR_RETURN(auth::Enrolment enrolment, Current(request));
    if (!SameSecret(request.FormValue("_csrf"), enrolment.csrf)) {
      return Status::Error(ErrorCode::kPermissionDenied, "http.csrf",
                           "แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", "enrolment form without its token");
    }
    return enrolment;
  }

  // Runs a step; shows the stage the enrolment is now at, with the step's error when it failed.
  template <typename Step>
  Response Act(Request& request, Step step) {
    const std::string token = request.Cookie(kEnrolCookie);
    auto before = Checked(request);
    if (!before.ok()) return Refused(request, before.status());
    Status done = step(token, *before);
    auto after = app_.enrolment()->Get(token);
    if (!after.ok()) {
      // The step used the enrolment up (too many wrong OTPs): start again at the provider.
      return Refused(request, done.ok() ? after.status() : done);
    }
    if (!done.ok()) {
      json echo = {{"email", request.FormValue("email")}};
      return StagePage(*after, &done, http::HttpStatusFor(done), echo);
    }
    return StagePage(*after, nullptr, 200);
  }

  Response StagePage(const auth::Enrolment& enrolment, const Status* error, int status,
                     const json& echo = json::object()) {
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
    return Render(enrolment.stage, data, status);
  }

  Response Refused(const Request& request, const Status& status) {
    (void)app_.auth().RecordEvent({.username = "(ยังไม่ระบุตัวตน)",
                                   .event = "oidc_refused",
                                   .remote_address = request.remote_address,
                                   .detail = status.stable_code()});
    Response response = FailedPage(status, http::HttpStatusFor(status));
    response.SetCookie(kEnrolCookie, "", Cookie(0, false));
    return response;
  }

  // The refusal page: the Thai message, its code, and the way to start again.
  Response FailedPage(const Status& status, int http_status) {
    json data = {{"stage_failed", true},
                 {"error", status.message_th()},
                 {"error_code", status.stable_code()}};
    return Render("failed", data, http_status);
  }

  Response Render(const std::string& stage, json data, int status) {
    const std::string label = app_.oidc()->config().label_th;
    data["title"] = "ลงทะเบียนเข้าใช้งาน";
    data["provider"] = label;
    data["stage"] = stage;
    static const char* kSteps[] = {"ยืนยันตัวตนด้วย ", "ยืนยันอีเมล", "ใส่รหัส OTP",
                                   "ตั้งรหัสผ่าน"};
    static const char* kStages[] = {"start", "email", "otp", "password"};
    // The start page explains the steps in words; the others show where the person is.
    int current = -1;
    for (int i = 0; i < 4; ++i) {
      if (stage == kStages[i]) current = i;
    }
    if (current > 0) {
      json steps = json::array();
      for (int i = 0; i < 4; ++i) {
        steps.push_back({{"number", i + 1},
                         {"name", std::string(kSteps[i]) + (i == 0 ? label : "")},
                         {"current", i == current},
                         {"done", i < current}});
      }
      data["steps"] = steps;
    }
    return accounting::RenderPage(templates_, "enrol", data, status);
  }

  App& app_;
  const http::Templates& templates_;
  const bool secure_;
};

}  // namespace

void RegisterEnrolmentRoutes(http::Router& router, App& app, const http::Templates& templates,
                             bool secure_cookies) {
  if (app.oidc() == nullptr || app.enrolment() == nullptr) return;
  auto web = std::make_shared<EnrolWeb>(app, templates, secure_cookies);
  auto bind = [web](Response (EnrolWeb::*handler)(Request&)) {
    return [web, handler](Request& request) { return ((*web).*handler)(request); };
  };
  const Access open{true, "", ""};
  router.Add("GET", "/enrol", open, bind(&EnrolWeb::Intro), "auth");
  router.Add("GET", "/enrol/start", open, bind(&EnrolWeb::Start), "auth");
  router.Add("GET", "/enrol/callback", open, bind(&EnrolWeb::Callback), "auth");
  router.Add("GET", "/enrol/step", open, bind(&EnrolWeb::Step), "auth");
  router.Add("POST", "/enrol/email", open, bind(&EnrolWeb::Email), "auth");
  router.Add("POST", "/enrol/resend", open, bind(&EnrolWeb::Resend), "auth");
  router.Add("POST", "/enrol/otp", open, bind(&EnrolWeb::Otp), "auth");
  router.Add("POST", "/enrol/password", open, bind(&EnrolWeb::Password), "auth");
}

}  // namespace klang::cli
