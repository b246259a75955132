#include "cli/totp_web.h"

#include <qrencode.h>

#include "accounting/handlers.h"
#include "cli/web.h"

namespace klang::cli {
namespace {

using http::Access;
using http::Request;
using http::Response;
using nlohmann::json;

// The cookies of the second step live as long as the challenge they carry.
constexpr int64_t kChallengeCookieSeconds = auth::kTotpChallengeSeconds;

}  // namespace

http::CookieOptions ChallengeCookie(bool secure, int64_t max_age) {
  http::CookieOptions options;
  options.secure = secure;
  options.max_age_seconds = max_age;
  options.path = "/login";
  return options;
}

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
         std::to_string(size) + "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\" "
         "role=\"img\" aria-label=\"คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน\"><rect width=\"100%\" "
         "height=\"100%\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
}

Response TotpLoginPage(const http::Templates& templates, App& app, const Request& request,
                       const std::string& challenge, const std::string& error, int status) {
  const std::string token = RandomHex(app.random(), 16);
  json data = {{"title", "ยืนยันตัวตนขั้นที่สอง"},
               {"login_csrf", token},
               {"next", SafeNext(request.FormValue("next"))},
               {"error", error}};
  Response response = accounting::RenderPage(templates, "login_totp", data, status);
  response.SetCookie(kTotpLoginCsrfCookie, token, ChallengeCookie(false, kChallengeCookieSeconds));
  if (!challenge.empty()) {
    response.SetCookie(kLoginChallengeCookie, challenge,
                       ChallengeCookie(false, kChallengeCookieSeconds));
  }
  return response;
}

void RegisterTotpRoutes(http::Router& router, App& app, const http::Templates& templates) {
  auto page = [&app, &templates](const Request& request, const json& extra, int status) {
    auto enabled = app.auth().TotpEnabled(request.identity->user_id);
    json data = {{"title", "แอปยืนยันตัวตน (ยืนยันสองขั้นตอน)"},
                 {"csrf", request.identity->csrf_token},
                 {"user", {{"name", request.identity->display_name}}},
                 {"enabled", enabled.ok() && *enabled}};
    for (const auto& [key, value] : extra.items()) data[key] = value;
    return accounting::RenderPage(templates, "totp", data, status);
  };
  auto refused = [page](const Request& request, const Status& status, json extra = json::object()) {
    extra["error"] = status.message_th();
    extra["error_code"] = status.stable_code();
    return page(request, extra, http::HttpStatusFor(status));
  };
  // The caller's own app: no organisation in the path (reviewed in the matrix test).
  router.Add("GET", "/totp", Access{false, "", ""},
             [page](Request& request) { return page(request, json::object(), 200); }, "auth");
  router.Add("POST", "/totp/begin", Access{false, "", ""},
             [&app, page, refused](Request& request) {
               auto setup = app.auth().BeginTotp(request.identity->user_id);
               if (!setup.ok()) return refused(request, setup.status());
               return page(request,
                           {{"setup", true},
                            {"secret", setup->secret_base32},
                            {"qr_svg", QrSvg(setup->uri)}},
                           200);
             },
             "auth");
  // Turning the app on or off: each proven with a current code from it.
  using CodeStep = Status (auth::AuthService::*)(int64_t, const std::string&, const std::string&);
  auto with_code = [&app, page, refused](CodeStep step, std::string notice) {
    return [&app, page, refused, step, notice](Request& request) {
      Status done = (app.auth().*step)(request.identity->user_id, request.FormValue("code"),
                                       request.remote_address);
      if (!done.ok()) return refused(request, done);
      return page(request, {{"notice", notice}}, 200);
    };
  };
  router.Add("POST", "/totp/confirm", Access{false, "", ""},
             with_code(&auth::AuthService::ConfirmTotp,
                       "เปิดใช้แอปยืนยันตัวตนแล้ว ครั้งต่อไปที่เข้าสู่ระบบจะต้องใส่รหัสจากแอปด้วย"),
             "auth");
  router.Add("POST", "/totp/disable", Access{false, "", ""},
             with_code(&auth::AuthService::DisableTotp, "ปิดการใช้แอปยืนยันตัวตนแล้ว"), "auth");
}

}  // namespace klang::cli
