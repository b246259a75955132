#include "cli/web.h"

#include "cli/enrol_web.h"
#include "cli/totp_web.h"
#include "cli/users_web.h"

#include "reports/budget_handlers.h"
#include "reports/expenditure_handlers.h"
#include "reports/continuity_handlers.h"
#include "reports/revenue_handlers.h"

#include "accounting/handlers.h"
#include "accounting/web_kit.h"
#include "core/thai.h"
#include "reports/handlers.h"

namespace klang::cli {
namespace {

using http::Access;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kLoginCsrfCookie = "klang_login_csrf";

std::shared_ptr<const http::Identity> IdentityOf(const auth::Session& session) {
  auto identity = std::make_shared<http::Identity>();
  identity->user_id = session.user.id;
  identity->org_id = session.user.org_id;
  identity->username = session.user.username;
  identity->display_name = session.user.display_name;
  identity->role = session.user.role;
  identity->csrf_token = session.csrf_token;
  identity->must_change_password = session.user.must_change_password;
  return identity;
}

}  // namespace

Result<std::shared_ptr<const http::Identity>> AuthGatekeeper::Authenticate(
    const http::Request& request) {
  const std::string authorization = request.Header("authorization");
  if (nodes_ != nullptr && authorization.rfind("Bearer ", 0) == 0) {
    KLANG_ASSIGN_OR_RETURN(sync::Node node,
                           nodes_->Authenticate(authorization.substr(7), request.remote_address));
    auto identity = std::make_shared<http::Identity>();
    identity->org_id = node.org;
    identity->username = "node:" + node.name;
    identity->display_name = "เครื่อง " + node.name;
    identity->role = "node";
    identity->credential_auth = true;
    return std::shared_ptr<const http::Identity>(std::move(identity));
  }
  auto cookie = request.cookies.find(kSessionCookie);
  if (cookie == request.cookies.end()) {
    return Status::Error(ErrorCode::kUnauthenticated, "auth.no_session", "กรุณาเข้าสู่ระบบ",
                         "no session cookie");
  }
  KLANG_ASSIGN_OR_RETURN(auth::Session session, auth_.Authenticate(cookie->second));
  return IdentityOf(session);
}

std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) {
    return "/";
  }
  return next;
}

void SetSessionCookie(http::Response& response, const std::string& token, bool secure_cookies) {
  http::CookieOptions options;
  options.secure = secure_cookies;
  response.SetCookie(kSessionCookie, token, options);
}

auth::User UserOf(const http::Identity& identity) {
  return auth::User{identity.user_id, identity.org_id, identity.username, identity.display_name,
                    identity.role, identity.must_change_password};
}

Status AuthGatekeeper::Authorize(const http::Identity& identity, std::string_view permission,
                                 std::optional<int64_t> org_id) {
  return auth_.Authorize(UserOf(identity), std::string(permission), org_id);
}

void RegisterRoutes(http::Router& router, App& app, accounting::WebContext& context,
                    FeatureWebs& features, bool secure_cookies) {
  const http::Templates& templates = context.templates;
  auto login_page = [&templates, &app](const Request& request, const std::string& error,
                                       int status) {
    const std::string token = RandomHex(app.random(), 16);
    json data = {{"title", "เข้าสู่ระบบ"},
                 {"login_csrf", token},
                 {"next", SafeNext(request.QueryParam("next", request.FormValue("next")))},
                 {"username", request.FormValue("username")},
                 {"error", error}};
    if (app.oidc() != nullptr) data["enrol_provider"] = app.oidc()->config().label_th;
    Response response = accounting::RenderPage(templates, "login", data, status);
    response.SetCookie(kLoginCsrfCookie, token, http::CookieOptions{});
    return response;
  };
  // A session opened (password, or password and authenticator code): where the user goes next.
  auto signed_in = [secure_cookies](const Request& request, const auth::Session& session) {
    Response response = Response::Redirect(session.user.must_change_password
                                               ? "/password"
                                               : SafeNext(request.FormValue("next")));
    SetSessionCookie(response, session.token, secure_cookies);
    return response;
  };
  router.Add("GET", "/login", Access{true, "", ""},
             [login_page](Request& request) { return login_page(request, "", 200); }, "auth");
  router.Add("POST", "/login", Access{true, "", ""},
             [&app, &templates, login_page, signed_in](Request& request) {
               // Double-submit token: the form must carry the value of its own cookie.
               const std::string csrf = request.Cookie(kLoginCsrfCookie);
               if (csrf.empty() || !http::ConstantTimeEquals(csrf, request.FormValue("login_csrf"))) {
                 return login_page(request, "แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", 403);
               }
               std::string challenge;
               auto session = app.auth().Login(request.FormValue("username"),
                                               request.FormValue("password"),
                                               request.remote_address, &challenge);
               if (!session.ok() && session.status().stable_code() == "auth.totp_required") {
                 return TotpLoginPage(templates, app, request, challenge, "", 200);
               }
               if (!session.ok()) return login_page(request, session.status().message_th(), 401);
               return signed_in(request, *session);
             },
             "auth");
  // The second step: the code of the user's authenticator app.
  router.Add("POST", "/login/totp", Access{true, "", ""},
             [&app, &templates, login_page, signed_in, secure_cookies](Request& request) {
               const std::string csrf = request.Cookie(kTotpLoginCsrfCookie);
               if (csrf.empty() || !http::ConstantTimeEquals(csrf, request.FormValue("login_csrf"))) {
                 return login_page(request, "แบบฟอร์มหมดอายุ กรุณาเข้าสู่ระบบใหม่อีกครั้ง", 403);
               }
               auto session = app.auth().LoginWithTotp(request.Cookie(kLoginChallengeCookie),
                                                       request.FormValue("code"),
                                                       request.remote_address);
               if (!session.ok()) {
                 const std::string& code = session.status().stable_code();
                 if (code == "auth.totp_challenge" || code == "auth.totp_locked") {
                   Response response = login_page(request, session.status().message_th(),
                                                  http::HttpStatusFor(session.status()));
                   response.SetCookie(kLoginChallengeCookie, "", ChallengeCookie(secure_cookies, 0));
                   return response;
                 }
                 return TotpLoginPage(templates, app, request, "", session.status().message_th(),
                                      http::HttpStatusFor(session.status()));
               }
               Response response = signed_in(request, *session);
               response.SetCookie(kLoginChallengeCookie, "", ChallengeCookie(secure_cookies, 0));
               return response;
             },
             "auth");
  auto signed_out = [] {
    Response response = Response::Redirect("/login");
    http::CookieOptions options;
    options.max_age_seconds = 0;
    response.SetCookie(kSessionCookie, "", options);
    return response;
  };
  router.Add("POST", "/logout", Access{false, "", "", true},
             [&app, signed_out](Request& request) {
               auto cookie = request.cookies.find(kSessionCookie);
               if (cookie != request.cookies.end()) (void)app.auth().Logout(cookie->second);
               return signed_out();
             },
             "auth");
  // Every session of the user, on every device (R14).
  router.Add("POST", "/logout-everywhere", Access{false, "", "", true},
             [&app, signed_out](Request& request) {
               Status done =
                   app.auth().LogoutEverywhere(request.identity->user_id, request.remote_address);
               if (!done.ok()) return Response::Problem(done);
               return signed_out();
             },
             "auth");
  auto password_page = [&templates](const Request& request, const std::string& error,
                                    int status) {
    json data = {{"title", "เปลี่ยนรหัสผ่าน"},
                 {"csrf", request.identity->csrf_token},
                 {"must_change", request.identity->must_change_password},
                 {"user", {{"name", request.identity->display_name}}},
                 {"error", error}};
    return accounting::RenderPage(templates, "password", data, status);
  };
  router.Add("GET", "/password", Access{false, "", "", true},
             [password_page](Request& request) { return password_page(request, "", 200); },
             "auth");
  router.Add("POST", "/password", Access{false, "", "", true},
             [&app, password_page](Request& request) {
               if (request.FormValue("new_password") != request.FormValue("confirm_password")) {
                 return password_page(request, "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", 422);
               }
               Status status = app.auth().ChangePassword(request.identity->user_id,
                                                         request.FormValue("current_password"),
                                                         request.FormValue("new_password"));
               if (!status.ok()) return password_page(request, status.message_th(), 422);
               return Response::Redirect("/");
             },
             "auth");
  router.Add("GET", "/", Access{false, "", ""}, [&app, &templates](Request& request) {
    if (app.auth().RoleIsGranted(request.identity->role)) {
      // An auditor starts at the first organisation granted to them.
      auto granted = app.auth().GrantedOrgs(request.identity->user_id);
      if (!granted.ok()) return accounting::ErrorResponse(request, templates, granted.status());
      if (granted->empty()) {
        return accounting::ErrorResponse(
            request, templates,
            Status::PermissionDenied("auth.no_grant",
                                     "ท่านยังไม่ได้รับสิทธิ์ตรวจสอบหน่วยงานใด หรือสิทธิ์หมดอายุแล้ว "
                                     "กรุณาติดต่อผู้ดูแลระบบของหน่วยงานที่จะตรวจสอบ"));
      }
      return Response::Redirect("/orgs/" + std::to_string(granted->front()) + "/home");
    }
    return Response::Redirect("/orgs/" + std::to_string(request.identity->org_id) + "/home");
  }, "auth");
  // The user's starting page: their organisation, or for supervisors the first one with books.
  router.Add("GET", "/orgs/{org}/home", Access{false, "org.read", "org"}, [&app](Request& request) {
    const int64_t org = accounting::OrgParam(request);
    auto organisation = app.orgs().Get(org);
    if (organisation.ok() && !org::KeepsBooks(organisation->type)) {
      for (const auto& one : *app.orgs().List()) {
        if (org::KeepsBooks(one.type) && app.orgs().IsWithin(one.id, org)) {
          return Response::Redirect("/orgs/" + std::to_string(one.id));
        }
      }
    }
    return Response::Redirect("/orgs/" + std::to_string(org));
  }, "auth");
  router.Add("GET", "/api/v1/orgs", Access{false, "org.read", ""}, [&app](Request& request) {
    json rows = json::array();
    auto all = app.orgs().List();
    if (!all.ok()) return Response::Problem(all.status());
    // The organisations the caller may read: their home's subtree, or an auditor's grants.
    std::vector<int64_t> roots{request.identity->org_id};
    if (app.auth().RoleIsGranted(request.identity->role)) {
      auto granted = app.auth().GrantedOrgs(request.identity->user_id);
      if (!granted.ok()) return Response::Problem(granted.status());
      roots = *granted;
    }
    for (const auto& one : *all) {
      if (std::none_of(roots.begin(), roots.end(),
                       [&](int64_t root) { return app.orgs().IsWithin(one.id, root); })) {
        continue;
      }
      rows.push_back({{"id", one.id},
                      {"parent_id", one.parent_id},
                      {"type", std::string(org::OrgTypeCode(one.type))},
                      {"type_th", std::string(org::OrgTypeThai(one.type))},
                      {"code", one.code},
                      {"name", one.name}});
    }
    return Response::Json({{"organisations", rows}});
  }, "org");
  RegisterUserRoutes(router, app, templates);
  RegisterEnrolmentRoutes(router, app, templates, secure_cookies);
  RegisterTotpRoutes(router, app, templates);
  accounting::RegisterAccountingRoutes(router, context);
  reports::RegisterReportRoutes(router, context);
  revenue::RegisterRevenueRoutes(router, features.revenue);
  reports::RegisterRevenueDocumentRoutes(router, features.revenue);
  budget::RegisterBudgetRoutes(router, features.budget);
  expenditure::RegisterExpenditureRoutes(router, features.expenditure);
  reports::RegisterBudgetDocumentRoutes(router, features.budget);
  reports::RegisterExpenditureDocumentRoutes(router, features.expenditure);
  sync::RegisterSyncRoutes(router, features.sync);
  reports::RegisterContinuityDocumentRoutes(router, features.sync);
}

void WrapPaperBackEntry(http::Router& router) {
  router.Wrap([](const http::Route& route, http::Handler inner) -> http::Handler {
    if (route.method == "GET" || route.access.public_route || route.module == "sync") return inner;
    return [inner](Request& request) -> Response {
      std::optional<sync::PaperOrigin> paper;
      const bool api = accounting::IsApi(request);
      if (api) {
        const json body = json::parse(request.body, nullptr, false);
        if (body.is_object() && body.contains("paper") && body["paper"].is_object()) {
          const json& given = body["paper"];
          paper = sync::PaperOrigin{given.value("book", ""), given.value("number", ""),
                                    given.value("date", "")};
        }
      } else if (auto cookie = request.cookies.find(sync::kPaperCookie);
                 cookie != request.cookies.end()) {
        paper = sync::DecodePaperCookie(cookie->second);
      }
      if (!paper) return inner(request);
      sync::ScopedPaperOrigin scope(*paper);
      Response response = inner(request);
      if (scope.used() && !api) {
        response.SetCookie(sync::kPaperCookie, "", http::CookieOptions{.max_age_seconds = 0});
      }
      return response;
    };
  });
}

}  // namespace klang::cli

namespace klang::cli {

Result<std::unique_ptr<WebStack>> BuildWebStack(App& app, bool secure_cookies) {
  auto web = std::make_unique<WebStack>();
  KLANG_ASSIGN_OR_RETURN(web->templates,
                         http::Templates::Load(App::ResourceDir() + "/web/templates"));
  web->context.reset(new accounting::WebContext{app.vouchers(), app.chart(), app.orgs(),
                                                app.ledger(), *web->templates, app.clock()});
  accounting::WebContext& context = *web->context;
  web->revenue.reset(new revenue::RevenueWeb{app.revenue(), app.auth(), context});
  web->budget.reset(new budget::BudgetWeb{app.budget(), context});
  web->expenditure.reset(new expenditure::ExpenditureWeb{app.expenditure(), app.disbursement(),
                                                         app.budget(), app.revenue(), app.auth(),
                                                         context});
  web->sync.reset(
      new sync::SyncWeb{app.continuity(), app.nodes(), app.centre(), app.edge(), context});
  FeatureWebs features{*web->revenue, *web->budget, *web->expenditure, *web->sync};
  RegisterRoutes(web->router, app, context, features, secure_cookies);
  WrapPaperBackEntry(web->router);
  sync::SyncWeb* sync_web = web->sync.get();
  auth::AuthService* app_auth = &app.auth();
  web->templates->SetLayoutData([sync_web, app_auth](const json& page) {
    json extra = json::object();
    const int64_t org = page.value("org_id", int64_t{0});
    // The administrator's way to the users of their organisation.
    if (page.contains("user") && page["user"].is_object() &&
        app_auth->RoleHas(page["user"].value("role", ""), "user.admin")) {
      extra["admin_link"] =
          "/orgs/" + std::to_string(page["user"].value("home_org", int64_t{0})) + "/users";
    }
    json banner = sync::StatusBanner(*sync_web, org);
    if (!banner.empty()) extra["continuity"] = banner;
    if (page.contains("paper_cookie") && page["paper_cookie"].is_string()) {
      if (auto paper = sync::DecodePaperCookie(page["paper_cookie"].get<std::string>())) {
        auto date = Date::ParseIso(paper->date);
        extra["paper_entry"] = {{"book", paper->book},
                                {"number", paper->number},
                                {"date_th", date.ok() ? FormatThaiDateShort(*date) : paper->date}};
      }
    }
    return extra;
  });
  // An edge node takes no node credentials: only the centre issues and checks them.
  web->gatekeeper = std::make_unique<AuthGatekeeper>(
      app.auth(), app.edge() == nullptr ? &app.nodes() : nullptr);
  return web;
}

}  // namespace klang::cli
