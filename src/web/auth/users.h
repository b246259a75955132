// web/auth/users.h — user administration and the security audit trail (R14), on the screens and
// under /api/v1: /orgs/{org}/users (list, invite, role, disable/enable, password reset, TOTP
// reset), /orgs/{org}/grants (an auditor's read access until a date; revoke), and
// /orgs/{org}/security-events (view; ?format=csv|xlsx|pdf to export). The rules live in
// auth::AuthService; these handlers read the forms, call it and show the result.
//
// On an edge node the users are the centre's copy (refreshed every minute): administration there
// is refused (auth.admin_at_centre) rather than changed locally and overwritten later.
#pragma once

#include "auth/auth.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct UsersWeb {
  Pages& pages;
  auth::AuthService& auth;
  bool at_edge = false;  // administration is refused on an edge node
};

// `web` must outlive the router.
void RegisterUserRoutes(RouteTable& table, UsersWeb& web);

}  // namespace klang::web
