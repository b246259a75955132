// web/exchange/imports.h — the import screens and API (exchange/import.h): the kinds an
// organisation's user may import, each kind's upload form with its columns and a sample file, the
// check (every row as understood, every problem by row and column, in Thai) and the import, and
// the account map of e-LAAS codes; and the auditor's package to download (…/exports/audit). The file travels as the request's raw body
// (application/octet-stream; its name and the options in the query): the same call for the
// screen's script and for programs.
#pragma once

#include <string_view>

#include "accounting/chart.h"
#include "auth/auth.h"
#include "exchange/audit_package.h"
#include "exchange/gfmis.h"
#include "exchange/import.h"
#include "revenue/revenue.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct ExchangeWeb {
  Pages& pages;
  exchange::ImportService& imports;
  accounting::ChartOfAccounts& chart;
  revenue::RevenueService& revenue;  // bank accounts, for the account map
  auth::AuthService& auth;           // which kinds a page offers: those its user may import
  exchange::AuditPackager* audit_packages = nullptr;  // GET …/exports/audit; null: not offered
  exchange::GfmisExporter* gfmis = nullptr;            // GET …/exports/gfmis?month=; null: not offered
};

// `web` must outlive the router.
void RegisterExchangeRoutes(RouteTable& table, ExchangeWeb& web);

// True for the paths that carry a file: (/api/v1)/orgs/<id>/imports/<kind>/check and …/commit,
// nothing else. The server reads bodies up to exchange::kFileBytesMax for POSTs to these alone
// (with a session), and they carry no form fields.
bool IsUploadPath(std::string_view path);
// The same for a registered route (its pattern has "{org}"): the routes whose body is a file.
bool IsUploadRoute(std::string_view module, std::string_view pattern);

}  // namespace klang::web
