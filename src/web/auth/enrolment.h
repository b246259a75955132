// web/auth/enrolment.h — first sign-in and recovery on the screens, as the letters describe (R14):
//   GET  /enrol           what will happen, and the button to the provider (ThaID)
//   GET  /enrol/start     starts the OpenID Connect flow; 303 to the provider
//   GET  /enrol/callback  the provider's answer: verified, matched to the invitation → e-mail form
//   POST /enrol/email     sends the OTP               POST /enrol/resend  a new OTP
//   POST /enrol/otp       confirms it                 POST /enrol/password  sets the password,
//   GET  /enrol/step      the current step again        opens the session, → "/"
// Public routes (no session yet). The browser is bound to the flow twice: the OIDC state in a
// SameSite=Lax cookie compared at the callback, then the enrolment token in a Strict cookie;
// every form also carries the enrolment's own CSRF token. Registered only where sign-in through a
// provider is configured (klang serve --auth-config).
#pragma once

#include "auth/auth.h"
#include "auth/enrolment.h"
#include "auth/oidc.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct EnrolmentWeb {
  Pages& pages;
  auth::AuthService& auth;  // the audit trail of refusals
  auth::OidcClient& oidc;
  auth::EnrolmentService& enrolment;
  bool secure_cookies = false;
};

// `web` must outlive the router.
void RegisterEnrolmentRoutes(RouteTable& table, EnrolmentWeb& web);

}  // namespace klang::web
