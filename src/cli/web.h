// cli/web.h — the web server: the Gatekeeper that plugs auth into http, the login, logout and
// password pages, and registration of every module's routes.
#pragma once

#include <memory>

#include "accounting/handlers.h"
#include "cli/app.h"
#include "budget/handlers.h"
#include "expenditure/handlers.h"
#include "revenue/handlers.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::cli {

class AuthGatekeeper final : public http::Gatekeeper {
 public:
  explicit AuthGatekeeper(auth::AuthService& auth) : auth_(auth) {}
  Result<std::shared_ptr<const http::Identity>> Authenticate(const http::Request& request) override;
  Status Authorize(const http::Identity& identity, std::string_view permission,
                   std::optional<int64_t> org_id) override;

 private:
  auth::AuthService& auth_;
};

inline constexpr const char* kSessionCookie = "klang_session";

// The feature modules' web contexts; they must outlive the server.
struct FeatureWebs {
  revenue::RevenueWeb& revenue;
  budget::BudgetWeb& budget;
  expenditure::ExpenditureWeb& expenditure;
};

// Registers login/logout/password, "/", /api/v1/orgs and the feature modules' routes. `context`
// must outlive the server.
void RegisterRoutes(http::Router& router, App& app, accounting::WebContext& context,
                    FeatureWebs& features, bool secure_cookies);

}  // namespace klang::cli
