// web/org/org.h — an organisation's home page (/orgs/{org}: its units, entries, recent vouchers),
// the user's starting page (/orgs/{org}/home: for a supervising office, the first organisation
// beneath it that keeps books) and the organisations the caller may read (/api/v1/orgs).
#pragma once

#include "accounting/voucher.h"
#include "auth/auth.h"
#include "ledger/ledger.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct OrgWeb {
  Pages& pages;
  auth::AuthService& auth;  // an auditor's grants
  ledger::Ledger& ledger;   // entries so far
  accounting::VoucherService& vouchers;
};

// `web` must outlive the router.
void RegisterOrgRoutes(RouteTable& table, OrgWeb& web);

}  // namespace klang::web
