// web/auth/sign_in.h — signing in and out (R14): the login page (username and password, with a
// double-submit token of its own), the second step for a user with an authenticator app, log out
// and log out everywhere, the password change (forced at first login), the caller's own
// authenticator app (/totp), and the starting page "/" (the user's organisation, or an auditor's
// first grant). The rules — lockouts, limits, password policy — are auth::AuthService's.
#pragma once

#include <string>

#include "auth/auth.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct SignInWeb {
  Pages& pages;
  auth::AuthService& auth;
  std::string provider_label;  // the identity provider offered for enrolment; "" when none
  bool secure_cookies = false;
};

// `web` must outlive the router.
void RegisterSignInRoutes(RouteTable& table, SignInWeb& web);

// An SVG drawing of `text` as a QR code (error correction M), or "" when it does not fit.
std::string QrSvg(const std::string& text);

}  // namespace klang::web
