// cli/users_web.h — user administration and the security audit trail on the screens and the API
// (R14): /orgs/{org}/users (list, invite, role, disable/enable, password reset),
// /orgs/{org}/security-events (view; ?format=csv|xlsx|pdf to export).
#pragma once

#include "cli/app.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::cli {

// `app` and `templates` must outlive the router.
void RegisterUserRoutes(http::Router& router, App& app, const http::Templates& templates);

}  // namespace klang::cli
