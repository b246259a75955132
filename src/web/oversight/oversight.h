// web/oversight/oversight.h — oversight on the screens and under /api/v1 (issue 17): under
// /orgs/{org}/oversight the currency table (a provincial office: its LAOs and units, filtered and
// sorted, exported as XLSX and PDF; the DLA: the provinces with their counts; an LAO: itself and its
// units), the areas and mentors of an office, the problem register with the office's advice, the
// monthly reports (an office's list and form; the DLA: who submitted each month) and the nudge
// setting. Supervising offices write only their own records; the books stay read-only.
#pragma once

#include "auth/auth.h"
#include "oversight/oversight.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct OversightWeb {
  Pages& pages;
  oversight::OversightService& oversight;
  auth::AuthService& auth;  // which forms a page offers: those its user may send
};

// `web` must outlive the router.
void RegisterOversightRoutes(RouteTable& table, OversightWeb& web);

}  // namespace klang::web
