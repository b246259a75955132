#include "web/stack.h"

#include "core/thai.h"
#include "sync/gate.h"
#include "web/accounting/vouchers.h"
#include "web/auth/enrolment.h"
#include "web/auth/sign_in.h"
#include "web/auth/users.h"
#include "web/budget/budget.h"
#include "web/closing/closing.h"
#include "web/expenditure/expenditure.h"
#include "web/kit/fields.h"
#include "web/kit/input.h"
#include "web/org/org.h"
#include "web/exchange/imports.h"
#include "web/oversight/oversight.h"
#include "web/reports/budget_documents.h"
#include "web/reports/continuity_documents.h"
#include "web/reports/expenditure_documents.h"
#include "web/reports/ledger_reports.h"
#include "web/reports/revenue_documents.h"
#include "web/revenue/revenue.h"
#include "web/sync/continuity.h"
#include "web/witness/witness.h"

namespace klang::web {

struct ModuleWebs {
  ModuleWebs(const Services& s, const http::Templates& templates, bool secure_cookies)
      : pages{templates, s.orgs, s.clock, s.random, {}},
        accounting{pages, s.vouchers, s.chart, s.budget, s.revenue},
        org{pages, s.auth, s.ledger, s.vouchers},
        sign_in{pages, s.auth, s.oidc != nullptr ? s.oidc->config().label_th : "", secure_cookies},
        users{pages, s.auth, s.edge != nullptr},
        revenue{pages, s.revenue, s.auth},
        budget{pages, s.budget},
        closing{pages, s.periods, s.years, s.statements, s.budget, s.carryovers, s.expenditure, &s.oversight},
        expenditure{pages, s.expenditure, s.disbursement, s.budget, s.carryovers, s.revenue, s.chart},
        sync{pages, s.continuity, s.nodes, s.centre, s.edge},
        ledger_reports{pages, s.ledger, s.chart, s.vouchers, s.reconciler, s.years, s.checkpoints, &s.oversight},
        revenue_documents{pages, {s.revenue, s.ledger, s.orgs, s.clock}, &s.oversight},
        budget_documents{pages, {s.budget, s.ledger, s.orgs, s.clock}},
        expenditure_documents{pages, {s.expenditure, s.disbursement, s.chart, s.orgs, s.clock}},
        continuity_documents{pages, {s.continuity, s.orgs, s.clock}},
        oversight{pages, s.oversight, s.auth} {
    if (s.imports != nullptr) {
      exchange = std::make_unique<ExchangeWeb>(ExchangeWeb{pages, *s.imports, s.chart, s.revenue, s.auth, s.audit_packages, s.gfmis});
    }
    if (s.oidc != nullptr && s.enrolment != nullptr) {
      enrolment = std::make_unique<EnrolmentWeb>(
          EnrolmentWeb{pages, s.auth, *s.oidc, *s.enrolment, secure_cookies});
    }
    if (s.document_checks != nullptr) check = std::make_unique<CheckWeb>(pages, *s.document_checks);
    if (s.witness_store != nullptr) witness = std::make_unique<WitnessWeb>(WitnessWeb{*s.witness_store});
  }

  Pages pages;
  AccountingWeb accounting;
  OrgWeb org;
  SignInWeb sign_in;
  UsersWeb users;
  std::unique_ptr<EnrolmentWeb> enrolment;  // when sign-in through a provider is set up
  RevenueWeb revenue;
  BudgetWeb budget;
  ClosingWeb closing;
  ExpenditureWeb expenditure;
  SyncWeb sync;
  LedgerReportsWeb ledger_reports;
  RevenueDocumentsWeb revenue_documents;
  BudgetDocumentsWeb budget_documents;
  ExpenditureDocumentsWeb expenditure_documents;
  ContinuityDocumentsWeb continuity_documents;
  OversightWeb oversight;
  std::unique_ptr<ExchangeWeb> exchange;  // when the imports are composed
  std::unique_ptr<CheckWeb> check;      // when printed documents can be checked
  std::unique_ptr<WitnessWeb> witness;  // when this node keeps checkpoints as a witness
};

WebStack::WebStack() = default;
WebStack::~WebStack() = default;

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

void RegisterRoutes(http::Router& router, ModuleWebs& webs) {
  RouteTable auth(router, "auth");
  RegisterSignInRoutes(auth, webs.sign_in);
  RegisterUserRoutes(auth, webs.users);
  if (webs.enrolment) RegisterEnrolmentRoutes(auth, *webs.enrolment);
  RouteTable org(router, "org");
  RegisterOrgRoutes(org, webs.org);
  RouteTable accounting(router, "accounting");
  RegisterAccountingRoutes(accounting, webs.accounting);
  RouteTable revenue(router, "revenue");
  RegisterRevenueRoutes(revenue, webs.revenue);
  RouteTable budget(router, "budget");
  RegisterBudgetRoutes(budget, webs.budget);
  RouteTable closing(router, "closing");
  RegisterClosingRoutes(closing, webs.closing);
  RouteTable expenditure(router, "expenditure");
  RegisterExpenditureRoutes(expenditure, webs.expenditure);
  RouteTable sync(router, "sync");
  RegisterSyncRoutes(sync, webs.sync);
  RouteTable reports(router, "reports");
  RegisterLedgerReportRoutes(reports, webs.ledger_reports);
  RegisterRevenueDocumentRoutes(reports, webs.revenue_documents);
  RegisterBudgetDocumentRoutes(reports, webs.budget_documents);
  RegisterExpenditureDocumentRoutes(reports, webs.expenditure_documents);
  RegisterContinuityDocumentRoutes(reports, webs.continuity_documents);
  RouteTable oversight(router, "oversight");
  RegisterOversightRoutes(oversight, webs.oversight);
  RouteTable exchange(router, "exchange");
  if (webs.exchange) RegisterExchangeRoutes(exchange, *webs.exchange);
  RouteTable witness(router, "witness");
  if (webs.check) RegisterCheckRoutes(witness, *webs.check);
  if (webs.witness) RegisterWitnessRoutes(witness, *webs.witness);
}

// The check printed on a document of `org` (entry `seq`): its code, and the public page's URL.
CheckLinker MakeCheckLinker(witness::DocumentChecker* checker, const std::string& public_url) {
  if (checker == nullptr) return {};
  return [checker, public_url](const Request& request, int64_t org, int64_t seq) -> PrintedCheck {
    auto code = checker->CodeOf(org, seq);
    if (!code.ok()) return {};
    std::string base = public_url;
    if (base.empty()) base = "http://" + request.Header("host");
    while (!base.empty() && base.back() == '/') base.pop_back();
    return {base + "/check/" + *code, *code};
  };
}

// The paper document a state-changing request enters: the screens' cookie, or the JSON body's
// "paper": {"book", "number", "date"}.
std::optional<sync::PaperOrigin> PaperOf(const Request& request) {
  if (IsApi(request)) {
    const json* given = Fields(request).Object("paper");
    if (given == nullptr) return std::nullopt;
    auto text = [given](const char* key) {
      auto found = given->find(key);
      return found != given->end() && found->is_string() ? found->get<std::string>() : "";
    };
    return sync::PaperOrigin{text("book"), text("number"), text("date")};
  }
  auto cookie = request.cookies.find(sync::kPaperCookie);
  if (cookie == request.cookies.end()) return std::nullopt;
  return sync::DecodePaperCookie(cookie->second);
}

// Paper back-entry: every state-changing request that names a paper document runs inside a
// sync::ScopedPaperOrigin; the screens' cookie is cleared once a document has taken it.
void WrapPaperBackEntry(http::Router& router, const http::Templates& templates) {
  router.Wrap([&templates](const http::Route& route, http::Handler inner) -> http::Handler {
    // The importer gives each paper document its own origin (exchange/outage_receipts.cc).
    if (route.method == "GET" || route.access.public_route || route.module == "sync" || route.module == "exchange") {
      return inner;
    }
    return [inner, &templates](Request& request) -> Response {
      std::optional<sync::PaperOrigin> paper = PaperOf(request);
      if (!paper) return inner(request);
      // The screens' cookie holds what the clerk typed on the paper-entry form: the same text
      // rules as any field (the JSON body's "paper" passed them already).
      for (const std::string* part : {&paper->book, &paper->number, &paper->date}) {
        if (Status checked = CheckText("paper", *part, false); !checked.ok()) {
          return ErrorResponse(request, templates, checked);
        }
      }
      sync::ScopedPaperOrigin scope(*paper);
      Response response = inner(request);
      if (scope.used() && !IsApi(request)) {
        response.SetCookie(sync::kPaperCookie, "", http::CookieOptions{.max_age_seconds = 0});
      }
      return response;
    };
  });
}

// Every state-changing request's fields are checked against the table of fields (kit/input.h)
// before its handler runs, so no handler sees a field of the wrong type or text with hidden
// characters. The node protocol (/api/v1/sync/…) carries ledger entries, not fields: its
// handlers decode them.
void WrapInputCheck(http::Router& router, const http::Templates& templates) {
  router.Wrap([&templates](const http::Route& route, http::Handler inner) -> http::Handler {
    // A witness's delivery carries signed checkpoints, checked by their own decoder and signature,
    // as the node protocol carries entries.
    // An import's body is the file itself, read by the importer (its options, in the query, are
    // checked by the handler).
    if (route.method == "GET" || route.pattern.starts_with("/api/v1/sync/") ||
        route.pattern == "/witness/v1/checkpoints" || IsUploadRoute(route.module, route.pattern)) {
      return inner;
    }
    const bool paper_is_flag = route.module == "sync";
    return [inner, paper_is_flag, &templates](Request& request) -> Response {
      Status checked;
      if (!IsApi(request)) {
        checked = CheckFormFields(request.FormFields());
      } else if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
        checked = CheckJsonBody(request.JsonBody(), paper_is_flag);
      }
      if (!checked.ok()) return ErrorResponse(request, templates, checked);
      return inner(request);
    };
  });
}

// What the layout of every full page shows besides the page: the administrator's way to the
// users, the continuity banner, the paper document being back-entered.
json LayoutData(SyncWeb& sync_web, auth::AuthService& auth, const json& page) {
  json extra = json::object();
  const int64_t org = page.value("org_id", int64_t{0});
  if (page.contains("user") && page["user"].is_object() &&
      auth.RoleHas(page["user"].value("role", ""), "user.admin")) {
    extra["admin_link"] =
        "/orgs/" + std::to_string(page["user"].value("home_org", int64_t{0})) + "/users";
  }
  json banner = StatusBanner(sync_web, org);
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
}

}  // namespace

Result<std::unique_ptr<WebStack>> BuildWebStack(const Services& services,
                                                const StackOptions& options) {
  auto stack = std::make_unique<WebStack>();
  KLANG_ASSIGN_OR_RETURN(stack->templates, http::Templates::Load(options.templates_dir));
  stack->modules =
      std::make_unique<ModuleWebs>(services, *stack->templates, options.secure_cookies);
  stack->modules->pages.check_link = MakeCheckLinker(services.document_checks, options.public_url);
  RegisterRoutes(stack->router, *stack->modules);
  WrapPaperBackEntry(stack->router, *stack->templates);
  WrapInputCheck(stack->router, *stack->templates);
  SyncWeb* sync_web = &stack->modules->sync;
  auth::AuthService* auth = &services.auth;
  stack->templates->SetLayoutData(
      [sync_web, auth](const json& page) { return LayoutData(*sync_web, *auth, page); });
  // An edge node takes no node credentials: only the centre issues and checks them.
  stack->gatekeeper = std::make_unique<AuthGatekeeper>(
      services.auth, services.edge == nullptr ? &services.nodes : nullptr);
  return stack;
}

}  // namespace klang::web
