#include "web/kit/page.h"

#include "core/thai.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Title, organisation and breadcrumbs; `scope` hides the steps above the user's home.
json OrgPageData(org::OrgDirectory& orgs, int64_t org, const std::string& title,
                 const http::Identity* scope) {
  json data = {{"title", title}, {"org_id", org}};
  json breadcrumbs = json::array();
  for (const auto& step : orgs.PathTo(org)) {
    if (scope != nullptr && !orgs.IsWithin(step.id, scope->org_id)) continue;
    breadcrumbs.push_back({{"id", step.id}, {"name", step.name}});
  }
  data["breadcrumbs"] = breadcrumbs;
  auto organisation = orgs.Get(org);
  if (organisation.ok()) {
    data["org_name"] = organisation->name;
    data["org_type_th"] = std::string(org::OrgTypeThai(organisation->type));
    // The menu of the books only where there are books (a supervising office has none).
    data["org_keeps_books"] = org::KeepsBooks(organisation->type);
  }
  return data;
}

}  // namespace

bool IsApi(const Request& request) { return request.path.rfind("/api/", 0) == 0; }

json PageBase(const Request& request, org::OrgDirectory& orgs, int64_t org,
              const std::string& title) {
  json data = OrgPageData(orgs, org, title, request.identity.get());
  if (request.identity) {
    data["user"] = {{"name", request.identity->display_name},
                    {"username", request.identity->username},
                    {"role", request.identity->role},
                    {"home_org", request.identity->org_id}};
    data["csrf"] = request.identity->csrf_token;
  }
  // The paper document being back-entered, if any (decoded for the layout by web/sync).
  if (auto paper = request.cookies.find("klang_paper"); paper != request.cookies.end()) {
    data["paper_cookie"] = paper->second;
  }
  return data;
}

json StandalonePageBase(org::OrgDirectory& orgs, int64_t org, const std::string& title) {
  return OrgPageData(orgs, org, title, nullptr);
}

json ModulePage(const Request& request, Pages& pages, const std::string& title,
                const std::string& base) {
  json data = PageBase(request, pages.orgs, OrgParam(request), title);
  const Date today = pages.clock.TodayInThailand();
  data["base"] = base;
  data["today"] = today.ToIso();
  data["today_th"] = FormatThaiDateLong(today);
  data["fiscal_year"] = FiscalYearParam(request, pages.clock);
  data["entry_id"] = NewUuid(pages.random);
  return data;
}

Response RenderPage(const http::Templates& templates, const std::string& name, const json& data,
                    int status, bool fragment) {
  auto html = templates.Render(name, data, fragment);
  if (!html.ok()) return Response::Problem(html.status());
  return Response::Html(std::move(html).value(), status);
}

Response ErrorResponse(const Request& request, const http::Templates& templates,
                       const Status& status) {
  if (!request.WantsHtml()) return Response::Problem(status);
  const int http_status = http::HttpStatusFor(status);
  const Status shown = http::ForClient(status, http_status, request.method + " " + request.path);
  json data = {
      {"title", "เกิดข้อผิดพลาด"}, {"message", shown.message_th()}, {"code", shown.stable_code()}};
  if (shown.detail_en().starts_with("incident ")) data["incident"] = shown.detail_en();
  if (request.identity) data["csrf"] = request.identity->csrf_token;
  return RenderPage(templates, "error", data, http_status);
}

Response Done(const Request& request, const json& object, const std::string& location) {
  if (IsApi(request)) return Response::Json(object, 201);
  return Response::Redirect(location);
}

Response Refused(const http::Templates& templates, Request& request, const Status& status,
                 const std::function<Response(json extra)>& page) {
  if (IsApi(request)) return Response::Problem(status);
  if (status.code() != ErrorCode::kInvalidInput && status.code() != ErrorCode::kConflict) {
    return ErrorResponse(request, templates, status);
  }
  json extra = {{"error", status.message_th()},
                {"error_code", status.stable_code()},
                {"error_field", status.field()},
                {"form", Fields(request).Echo()}};
  Response response = page(extra);
  response.status = 422;
  return response;
}

Response Failed(const http::Templates& templates, const Request& request, const Status& status) {
  return IsApi(request) ? Response::Problem(status) : ErrorResponse(request, templates, status);
}

void Merge(json& data, const json& extra) {
  for (const auto& [key, value] : extra.items()) data[key] = value;
}

}  // namespace klang::web
