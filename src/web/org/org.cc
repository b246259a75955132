#include "web/org/org.h"

#include <algorithm>

#include "web/accounting/vouchers.h"
#include "web/kit/params.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kRecentVouchersShown = 5;

Response OrgHomePage(OrgWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto organisation = web.pages.orgs.Get(org);
  if (!organisation.ok()) return ErrorResponse(request, web.pages.templates, organisation.status());
  json data = PageBase(request, web.pages.orgs, org, organisation->name);
  json children = json::array();
  for (const auto& child : web.pages.orgs.Children(org)) {
    children.push_back({{"id", child.id},
                        {"name", child.name},
                        {"type_th", std::string(org::OrgTypeThai(child.type))}});
  }
  data["children"] = children;
  data["has_children"] = !children.empty();
  data["keeps_books"] = org::KeepsBooks(organisation->type);
  auto head = web.ledger.GetHead(org);
  data["entries"] = head.ok() ? head->seq : 0;
  auto recent = web.vouchers.List(org, kRecentVouchersShown, 0);
  json rows = json::array();
  if (recent.ok()) {
    for (const auto& view : *recent) rows.push_back(VoucherJson(view));
  }
  data["recent"] = rows;
  return RenderPage(web.pages.templates, "org", data);
}

// The user's starting page: their organisation's, or for a supervising office (DLA, province) the
// currency table of the organisations it supervises.
Response StartingPage(OrgWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto organisation = web.pages.orgs.Get(org);
  if (organisation.ok() && !org::KeepsBooks(organisation->type)) {
    return Response::Redirect("/orgs/" + std::to_string(org) + "/oversight");
  }
  return Response::Redirect("/orgs/" + std::to_string(org));
}

// The organisations the caller may read: their home's subtree, or an auditor's grants.
Response OrgList(OrgWeb& web, Request& request) {
  auto all = web.pages.orgs.List();
  if (!all.ok()) return Response::Problem(all.status());
  std::vector<int64_t> roots{request.identity->org_id};
  if (web.auth.RoleIsGranted(request.identity->role)) {
    auto granted = web.auth.GrantedOrgs(request.identity->user_id);
    if (!granted.ok()) return Response::Problem(granted.status());
    roots = *granted;
  }
  json rows = json::array();
  for (const auto& one : *all) {
    if (std::none_of(roots.begin(), roots.end(),
                     [&](int64_t root) { return web.pages.orgs.IsWithin(one.id, root); })) {
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
}

}  // namespace

void RegisterOrgRoutes(RouteTable& table, OrgWeb& web) {
  // clang-format off
  table.AddOrgRoutes("", web, {
      {"GET", "", "org.read", OrgHomePage, Face::kPage},
      {"GET", "/home", "org.read", StartingPage, Face::kPage},
  });
  // clang-format on
  // clang-format off
  table.AddRoutes(web, {
      {"GET", "/api/v1/orgs", Permission("org.read"), OrgList},
  });
  // clang-format on
}

}  // namespace klang::web
