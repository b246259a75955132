#include "web/auth/sign_in.h"

#include <qrencode.h>

#include "web/auth/session.h"
#include "web/kit/fields.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kLoginCsrfCookie = "klang_login_csrf";
constexpr const char* kLoginChallengeCookie = "klang_login_totp";
constexpr const char* kTotpLoginCsrfCookie = "klang_login_totp_csrf";
constexpr size_t kLoginTokenBytes = 16;
// The cookies of the second step live as long as the challenge they carry.
constexpr int64_t kChallengeCookieSeconds = auth::kTotpChallengeSeconds;

// The cookies of the second step (path /login; max_age 0 deletes).
http::CookieOptions ChallengeCookie(bool secure, int64_t max_age) {
  http::CookieOptions options;
  options.secure = secure;
  options.max_age_seconds = max_age;
  options.path = "/login";
  return options;
}

// A double-submit token: the form must carry the value of its own cookie.
bool FormCarriesCookie(const Request& request, const char* cookie) {
  const std::string expected = request.Cookie(cookie);
  return !expected.empty() && http::ConstantTimeEquals(expected, request.FormValue("login_csrf"));
}

Response LoginPage(SignInWeb& web, const Request& request, const std::string& error, int status) {
  const std::string token = RandomHex(web.pages.random, kLoginTokenBytes);
  json data = {{"title", "เข้าสู่ระบบ"},
               {"login_csrf", token},
               {"next", SafeNext(request.QueryParam("next", request.FormValue("next")))},
               {"username", request.FormValue("username")},
               {"error", error}};
  if (!web.provider_label.empty()) data["enrol_provider"] = web.provider_label;
  Response response = RenderPage(web.pages.templates, "login", data, status);
  http::CookieOptions cookie;
  cookie.secure = web.secure_cookies;
  response.SetCookie(kLoginCsrfCookie, token, cookie);
  return response;
}

// The page asking for the app's code after a right password (`challenge` goes in a cookie).
Response TotpLoginPage(SignInWeb& web, const Request& request, const std::string& challenge,
                       const std::string& error, int status) {
  const std::string token = RandomHex(web.pages.random, kLoginTokenBytes);
  json data = {{"title", "ยืนยันตัวตนขั้นที่สอง"},
               {"login_csrf", token},
               {"next", SafeNext(request.FormValue("next"))},
               {"error", error}};
  Response response = RenderPage(web.pages.templates, "login_totp", data, status);
  response.SetCookie(kTotpLoginCsrfCookie, token,
                     ChallengeCookie(web.secure_cookies, kChallengeCookieSeconds));
  if (!challenge.empty()) {
    response.SetCookie(kLoginChallengeCookie, challenge,
                       ChallengeCookie(web.secure_cookies, kChallengeCookieSeconds));
  }
  return response;
}

// A session opened (password, or password and authenticator code): where the user goes next.
// When someone tried the account since the user last signed in (wrong passwords, or tries while
// it was locked — which were answered as wrong passwords), the user is told first.
Response SessionOpened(SignInWeb& web, const Request& request, const auth::Session& session) {
  const std::string next =
      session.user.must_change_password ? "/password" : SafeNext(request.FormValue("next"));
  // A first login (one-time password) goes straight to the forced password change: the attempts
  // before it are the user's own mistyping of the code just received.
  const bool tried =
      !session.user.must_change_password &&
      (session.failed_logins_since_last > 0 || session.locked_refusals_since_last > 0);
  auto count = [](int64_t n) { return n > 0 ? json(n) : json(); };  // none: section left out
  Response response =
      tried ? RenderPage(web.pages.templates, "login_notice",
                         {{"title", "มีผู้พยายามเข้าสู่ระบบด้วยบัญชีของท่าน"},
                          {"next", next},
                          {"failed", count(session.failed_logins_since_last)},
                          {"refused", count(session.locked_refusals_since_last)}},
                         200)
            : Response::Redirect(next);
  SetSessionCookie(response, session.token, web.secure_cookies);
  return response;
}

Response SignedOut() {
  Response response = Response::Redirect("/login");
  response.SetCookie(kSessionCookie, "", http::CookieOptions{.max_age_seconds = 0});
  return response;
}

Response ShowLogin(SignInWeb& web, Request& request) { return LoginPage(web, request, "", 200); }

Response Login(SignInWeb& web, Request& request) {
  if (!FormCarriesCookie(request, kLoginCsrfCookie)) {
    return LoginPage(web, request, "แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", 403);
  }
  std::string challenge;
  auto session = web.auth.Login(request.FormValue("username"), request.FormValue("password"),
                                request.remote_address, &challenge);
  if (!session.ok() && session.status().stable_code() == "auth.totp_required") {
    return TotpLoginPage(web, request, challenge, "", 200);
  }
  if (!session.ok()) return LoginPage(web, request, session.status().message_th(), 401);
  return SessionOpened(web, request, *session);
}

// The second step: the code of the user's authenticator app.
Response LoginWithTotp(SignInWeb& web, Request& request) {
  if (!FormCarriesCookie(request, kTotpLoginCsrfCookie)) {
    return LoginPage(web, request, "แบบฟอร์มหมดอายุ กรุณาเข้าสู่ระบบใหม่อีกครั้ง", 403);
  }
  auto session = web.auth.LoginWithTotp(request.Cookie(kLoginChallengeCookie),
                                        request.FormValue("code"), request.remote_address);
  if (!session.ok()) {
    const std::string& code = session.status().stable_code();
    if (code == "auth.totp_challenge" || code == "auth.totp_locked") {
      Response response = LoginPage(web, request, session.status().message_th(),
                                    http::HttpStatusFor(session.status()));
      response.SetCookie(kLoginChallengeCookie, "", ChallengeCookie(web.secure_cookies, 0));
      return response;
    }
    return TotpLoginPage(web, request, "", session.status().message_th(),
                         http::HttpStatusFor(session.status()));
  }
  Response response = SessionOpened(web, request, *session);
  response.SetCookie(kLoginChallengeCookie, "", ChallengeCookie(web.secure_cookies, 0));
  return response;
}

std::string SessionToken(const Request& request) {
  auto cookie = request.cookies.find(kSessionCookie);
  return cookie == request.cookies.end() ? std::string() : cookie->second;
}

Response Logout(SignInWeb& web, Request& request) {
  const std::string token = SessionToken(request);
  if (!token.empty()) (void)web.auth.Logout(token);
  return SignedOut();
}

// Every session of the user, on every device (R14).
Response LogoutEverywhere(SignInWeb& web, Request& request) {
  Status done = web.auth.LogoutEverywhere(request.identity->user_id, request.remote_address);
  if (!done.ok()) return Response::Problem(done);
  return SignedOut();
}

Response PasswordPage(SignInWeb& web, const Request& request, const std::string& error,
                      int status) {
  json data = {{"title", "เปลี่ยนรหัสผ่าน"},
               {"csrf", request.identity->csrf_token},
               {"must_change", request.identity->must_change_password},
               {"user", {{"name", request.identity->display_name}}},
               {"error", error}};
  return RenderPage(web.pages.templates, "password", data, status);
}

Response ShowPassword(SignInWeb& web, Request& request) {
  return PasswordPage(web, request, "", 200);
}

Response ChangePassword(SignInWeb& web, Request& request) {
  if (request.FormValue("new_password") != request.FormValue("confirm_password")) {
    return PasswordPage(web, request, "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", 422);
  }
  Status status =
      web.auth.ChangePassword(request.identity->user_id, request.FormValue("current_password"),
                              request.FormValue("new_password"), SessionToken(request));
  if (!status.ok()) return PasswordPage(web, request, status.message_th(), 422);
  return Response::Redirect("/");
}

// The starting page: the user's organisation, or an auditor's first grant.
Response Start(SignInWeb& web, Request& request) {
  if (!web.auth.RoleIsGranted(request.identity->role)) {
    return Response::Redirect("/orgs/" + std::to_string(request.identity->org_id) + "/home");
  }
  auto granted = web.auth.GrantedOrgs(request.identity->user_id);
  if (!granted.ok()) return ErrorResponse(request, web.pages.templates, granted.status());
  if (granted->empty()) {
    return ErrorResponse(request, web.pages.templates,
                         Status::PermissionDenied("auth.no_grant",
                                                  "ท่านยังไม่ได้รับสิทธิ์ตรวจสอบหน่วยงานใด หรือสิทธิ์หมดอายุแล้ว "
                                                  "กรุณาติดต่อผู้ดูแลระบบของหน่วยงานที่จะตรวจสอบ"));
  }
  return Response::Redirect("/orgs/" + std::to_string(granted->front()) + "/home");
}

// ---- the caller's own authenticator app ----

Response TotpPage(SignInWeb& web, const Request& request, const json& extra, int status) {
  auto enabled = web.auth.TotpEnabled(request.identity->user_id);
  json data = {{"title", "แอปยืนยันตัวตน (ยืนยันสองขั้นตอน)"},
               {"csrf", request.identity->csrf_token},
               {"user", {{"name", request.identity->display_name}}},
               {"enabled", enabled.ok() && *enabled}};
  Merge(data, extra);
  return RenderPage(web.pages.templates, "totp", data, status);
}

Response TotpRefused(SignInWeb& web, const Request& request, const Status& status) {
  return TotpPage(web, request,
                  {{"error", status.message_th()}, {"error_code", status.stable_code()}},
                  http::HttpStatusFor(status));
}

Response ShowTotp(SignInWeb& web, Request& request) {
  return TotpPage(web, request, json::object(), 200);
}

Response BeginTotp(SignInWeb& web, Request& request) {
  auto setup = web.auth.BeginTotp(request.identity->user_id);
  if (!setup.ok()) return TotpRefused(web, request, setup.status());
  return TotpPage(
      web, request,
      {{"setup", true}, {"secret", setup->secret_base32}, {"qr_svg", QrSvg(setup->uri)}}, 200);
}

// Turning the app on or off: each proven with a current code from it.
Response ConfirmTotp(SignInWeb& web, Request& request) {
  Status done = web.auth.ConfirmTotp(request.identity->user_id, request.FormValue("code"),
                                     request.remote_address);
  if (!done.ok()) return TotpRefused(web, request, done);
  return TotpPage(web, request,
                  {{"notice", "เปิดใช้แอปยืนยันตัวตนแล้ว ครั้งต่อไปที่เข้าสู่ระบบจะต้องใส่รหัสจากแอปด้วย"}}, 200);
}

Response DisableTotp(SignInWeb& web, Request& request) {
  Status done = web.auth.DisableTotp(request.identity->user_id, request.FormValue("code"),
                                     request.remote_address);
  if (!done.ok()) return TotpRefused(web, request, done);
  return TotpPage(web, request, {{"notice", "ปิดการใช้แอปยืนยันตัวตนแล้ว"}}, 200);
}

}  // namespace

std::string QrSvg(const std::string& text) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return "";
  const int width = code->width;
  constexpr int kQuiet = 4;  // modules of white border, as the standard asks
  const int size = width + 2 * kQuiet;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        path += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
      }
    }
  }
  QRcode_free(code);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) +
         "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\" "
         "role=\"img\" aria-label=\"คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน\"><rect width=\"100%\" "
         "height=\"100%\" fill=\"#fff\"/><path d=\"" +
         path + "\" fill=\"#000\"/></svg>";
}

void RegisterSignInRoutes(RouteTable& table, SignInWeb& web) {
  // clang-format off
  table.AddRoutes(web, {
      {"GET", "/login", PublicAccess(), ShowLogin},
      {"POST", "/login", PublicAccess(), Login},
      {"POST", "/login/totp", PublicAccess(), LoginWithTotp},
      {"POST", "/logout", SignedIn(/*while_password_change_pending=*/true), Logout},
      {"POST", "/logout-everywhere", SignedIn(true), LogoutEverywhere},
      {"GET", "/password", SignedIn(true), ShowPassword},
      {"POST", "/password", SignedIn(true), ChangePassword},
      {"GET", "/", SignedIn(), Start},
      {"GET", "/totp", SignedIn(), ShowTotp},
      {"POST", "/totp/begin", SignedIn(), BeginTotp},
      {"POST", "/totp/confirm", SignedIn(), ConfirmTotp},
      {"POST", "/totp/disable", SignedIn(), DisableTotp},
  });
  // clang-format on
}

}  // namespace klang::web
