// cli/totp_web.h — the authenticator app on the screens (R14): GET /totp (state), POST
// /totp/begin (a new secret shown as a QR code and as text), POST /totp/confirm (a code from the
// app turns it on), POST /totp/disable (a current code turns it off); and the page of the login's
// second step, after a right password of a user who has an app.
#pragma once

#include "cli/app.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::cli {

inline constexpr const char* kLoginChallengeCookie = "klang_login_totp";
inline constexpr const char* kTotpLoginCsrfCookie = "klang_login_totp_csrf";

// The page asking for the app's code after a right password (`challenge` goes in a cookie).
http::Response TotpLoginPage(const http::Templates& templates, App& app,
                             const http::Request& request, const std::string& challenge,
                             const std::string& error, int status);
// An SVG drawing of `text` as a QR code (error correction M), or "" when it does not fit.
std::string QrSvg(const std::string& text);

// The cookies of the second step (path /login, 5 minutes; max_age 0 deletes).
http::CookieOptions ChallengeCookie(bool secure, int64_t max_age);
// `app` and `templates` must outlive the router. (POST /login/totp is with /login in web.cc.)
void RegisterTotpRoutes(http::Router& router, App& app, const http::Templates& templates);

}  // namespace klang::cli
