// accounting/handlers.h — the general-journal screens (Thai) and JSON API, registered with the
// router. Pages and JSON are two faces of the same service calls.
#pragma once

#include "accounting/voucher.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::accounting {

struct WebContext {
  VoucherService& vouchers;
  ChartOfAccounts& chart;
  org::OrgDirectory& orgs;
  ledger::Ledger& ledger;
  const http::Templates& templates;
  const Clock& clock;
};

// Page data every screen shares: user, organisation, CSRF token, navigation.
nlohmann::json PageBase(const http::Request& request, org::OrgDirectory& orgs, int64_t org,
                        const std::string& title);
// Renders a page, or a 500 problem when the template fails.
http::Response RenderPage(const http::Templates& templates, const std::string& name,
                          const nlohmann::json& data, int status = 200, bool fragment = false);
// A Status as a Thai error page (HTML requests) or problem+json (API).
http::Response ErrorResponse(const http::Request& request, const http::Templates& templates,
                             const Status& status);
// A numeric path parameter ("org", "seq"); 0 when absent or not a number (the look-up that
// follows then answers "not found").
int64_t PathInt(const http::Request& request, std::string_view name);
inline int64_t OrgParam(const http::Request& request) { return PathInt(request, "org"); }
inline int64_t SeqParam(const http::Request& request) { return PathInt(request, "seq"); }
// Binds a feature handler taking the shared context to a router Handler.
http::Handler Bind(WebContext& context, http::Response (*handler)(WebContext&, http::Request&));
// "1,234.50", or "" for zero (tables show empty cells rather than 0.00).
std::string AmountOrBlank(Money amount);
std::string AuthorOf(const http::Request& request);

void RegisterAccountingRoutes(http::Router& router, WebContext& context);

}  // namespace klang::accounting
