// cli/web.h — the web server: the Gatekeeper that plugs auth into http, the login, logout and
// password pages, and registration of every module's routes.
#pragma once

#include <memory>

#include "accounting/handlers.h"
#include "cli/app.h"
#include "budget/handlers.h"
#include "expenditure/handlers.h"
#include "revenue/handlers.h"
#include "sync/handlers.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::cli {

// Sessions (cookie) for people; on the centre also the credential of an edge node (Authorization:
// Bearer), which becomes the identity of role "node" scoped to the node's LAO.
class AuthGatekeeper final : public http::Gatekeeper {
 public:
  AuthGatekeeper(auth::AuthService& auth, sync::NodeRegistry* nodes = nullptr)
      : auth_(auth), nodes_(nodes) {}
  Result<std::shared_ptr<const http::Identity>> Authenticate(const http::Request& request) override;
  Status Authorize(const http::Identity& identity, std::string_view permission,
                   std::optional<int64_t> org_id) override;

 private:
  auth::AuthService& auth_;
  sync::NodeRegistry* nodes_;
};

inline constexpr const char* kSessionCookie = "klang_session";

// Only local paths ("/orgs/3"): never redirect a user to another site after login; "/" otherwise.
std::string SafeNext(const std::string& next);

// Sets the session cookie after a login or a finished enrolment.
void SetSessionCookie(http::Response& response, const std::string& token, bool secure_cookies);

// The signed-in caller as auth sees a user (the actor of an authorisation or an administration).
auth::User UserOf(const http::Identity& identity);

// The feature modules' web contexts; they must outlive the server.
struct FeatureWebs {
  revenue::RevenueWeb& revenue;
  budget::BudgetWeb& budget;
  expenditure::ExpenditureWeb& expenditure;
  sync::SyncWeb& sync;
};

// Registers login/logout/password, "/", /api/v1/orgs and the feature modules' routes. `context`
// must outlive the server.
void RegisterRoutes(http::Router& router, App& app, accounting::WebContext& context,
                    FeatureWebs& features, bool secure_cookies);
// Paper back-entry: every state-changing request that names a paper document (the screens'
// cookie, or "paper": {"book", "number", "date"} in a JSON body) runs inside a
// sync::ScopedPaperOrigin; the cookie is cleared once a document has taken it.
void WrapPaperBackEntry(http::Router& router);

// Everything a server needs besides the App: the templates (with the layout's continuity banner),
// the modules' web contexts, the route table (paper back-entry wrapped) and the gatekeeper. The
// server, and the authorisation-matrix test, stand on this one assembly. Must outlive the server;
// `app` must outlive it.
struct WebStack {
  std::unique_ptr<http::Templates> templates;
  std::unique_ptr<accounting::WebContext> context;
  std::unique_ptr<revenue::RevenueWeb> revenue;
  std::unique_ptr<budget::BudgetWeb> budget;
  std::unique_ptr<expenditure::ExpenditureWeb> expenditure;
  std::unique_ptr<sync::SyncWeb> sync;
  http::Router router;
  std::unique_ptr<AuthGatekeeper> gatekeeper;
};
Result<std::unique_ptr<WebStack>> BuildWebStack(App& app, bool secure_cookies);

}  // namespace klang::cli
