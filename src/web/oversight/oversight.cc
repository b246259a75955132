#include "web/oversight/oversight.h"

#include "closing/periods.h"
#include "core/thai.h"
#include "reports/oversight_documents.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"
#include "http/form.h"
#include "web/auth/session.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using oversight::Item;
using oversight::OrgStatus;
using oversight::Standing;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/oversight"; }

int ThisYear(const OversightWeb& web) { return FiscalYearOf(web.pages.clock.TodayInThailand()); }

// Whether the signed-in user holds `permission` over `org` (the check the routes make).
bool May(OversightWeb& web, const Request& request, const char* permission, int64_t org) {
  return request.identity != nullptr && web.auth.Authorize(UserOf(*request.identity), permission, org).ok();
}

// Where a problem is read: a supervising office's staff read it at their office, where its own
// notes are recorded; everyone else (the LAO, a unit, an auditor) where they are.
std::string ProblemHref(OversightWeb& web, const Request& request, const oversight::Problem& problem) {
  std::string base = Base(OrgParam(request));
  if (request.identity != nullptr && problem.province != 0 && !web.auth.RoleIsGranted(request.identity->role)) {
    auto home = web.pages.orgs.Get(request.identity->org_id);
    if (home.ok() && (home->type == org::OrgType::kProvince || home->type == org::OrgType::kDla)) base = Base(problem.province);
  }
  return base + "/problems/" + std::to_string(problem.id);
}

oversight::Officer OfficerOf(const Request& request) {
  KLANG_ASSERT(request.identity != nullptr);
  return {request.identity->user_id, request.identity->org_id, request.identity->display_name};
}

std::string DateThai(Date date) { return date.valid() ? FormatThaiDateShort(date) : ""; }

std::string MonthThai(const std::string& iso) {
  auto month = closing::Month::Parse(iso);
  return month.ok() ? month->Thai() : iso;
}

std::string MomentThai(int64_t ms) { return ms == 0 ? "" : sync::FormatThaiMoment(ms); }

// Months over and past their grace not closed (the measure the standing was judged on).
int64_t Unclosed(const OrgStatus& row) {
  auto found = row.assessment.measures.find(Item::kMonthsUnclosed);
  return found == row.assessment.measures.end() ? 0 : found->second;
}

// This year's budget of an organisation, as the table says it.
std::string BudgetThisYear(const OrgStatus& row, int this_fy) {
  if (row.ledger.budgets_approved.count(this_fy) > 0) return "อนุมัติแล้ว";
  if (row.ledger.budgets_recorded.count(this_fy) > 0) return "บันทึกแล้ว ยังไม่อนุมัติ";
  return "ยังไม่บันทึก";
}

json StatusJson(const OrgStatus& row, int this_fy) {
  json findings = json::array();
  for (const auto& finding : row.assessment.findings) {
    findings.push_back({{"item", oversight::InfoOf(finding.item).code},
                        {"measure", finding.measure},
                        {"level", oversight::StandingCode(finding.level)},
                        {"text_th", finding.text_th}});
  }
  const auto lag = row.assessment.measures.find(Item::kPostingLag);
  const int64_t posting_lag = lag == row.assessment.measures.end() ? 0 : lag->second;
  const bool unit = row.org.type == org::OrgType::kUnit;
  return {{"org", row.org.id},
          {"name", row.org.name},
          {"type", org::OrgTypeCode(row.org.type)},
          {"type_th", org::OrgTypeThai(row.org.type)},
          {"unit", unit},
          {"lao", row.lao},
          {"lao_name", row.lao_name},
          {"district", row.org.district},
          {"last_posting", row.ledger.last_posting.valid() ? row.ledger.last_posting.ToIso() : ""},
          {"last_posting_th", DateThai(row.ledger.last_posting)},
          {"posting_lag", posting_lag},
          {"never_posted", posting_lag >= oversight::kNeverDays},
          {"daily_report", row.other.daily_report.valid() ? row.other.daily_report.ToIso() : ""},
          {"daily_report_th", DateThai(row.other.daily_report)},
          {"last_closed_month", row.ledger.LastClosedMonth()},
          {"last_closed_month_th", row.ledger.LastClosedMonth().empty() ? "" : MonthThai(row.ledger.LastClosedMonth())},
          {"preliminary_fy", row.ledger.preliminary_fy},
          {"year_closed_fy", row.ledger.year_closed_fy},
          {"budget_recorded_fy", row.ledger.LatestRecordedBudget()},
          {"budget_approved_fy", row.ledger.LatestApprovedBudget()},
          {"statements_fy", row.other.statements_fy},
          {"funds_report", row.other.funds_report},
          {"funds_report_th", row.other.funds_report.empty() ? "" : MonthThai(row.other.funds_report)},
          {"open_outages", row.ledger.open_outages.size()},
          {"paper_pending", row.ledger.paper_pending.size()},
          {"held", row.ledger.held},
          {"verified_th", MomentThai(row.other.verified_at_ms)},
          {"damaged", row.other.damaged},
          {"checkpoint_th", MomentThai(row.other.checkpoint_at_ms)},
          {"node", row.other.node},
          {"node_seen_th", MomentThai(row.other.node_seen_ms)},
          {"standing", oversight::StandingCode(row.assessment.standing)},
          {"standing_th", oversight::StandingThai(row.assessment.standing)},
          {"findings", findings},
          {"area", row.area},
          {"area_name", row.area_name},
          {"staff_name", row.staff_name},
          {"mentor", row.mentor},
          {"mentor_name", row.mentor_name},
          {"open_problems", row.open_problems},
          // Texts for the table, empty when there is nothing (a template tells 0 from nothing badly).
          {"preliminary_th", row.ledger.preliminary_fy > 0 ? "ขั้นต้น " + std::to_string(row.ledger.preliminary_fy) : ""},
          {"year_closed_th", row.ledger.year_closed_fy > 0 ? "ประจำปี " + std::to_string(row.ledger.year_closed_fy) : ""},
          {"budget_recorded_th", row.ledger.LatestRecordedBudget() > 0 ? std::to_string(row.ledger.LatestRecordedBudget()) : "—"},
          {"budget_approved_th", row.ledger.LatestApprovedBudget() > 0 ? std::to_string(row.ledger.LatestApprovedBudget()) : ""},
          {"statements_th", row.other.statements_fy > 0 ? "งบการเงิน " + std::to_string(row.other.statements_fy) : ""},
          {"problems_th", row.open_problems > 0 ? "ปัญหาค้าง " + std::to_string(row.open_problems) + " เรื่อง" : ""},
          {"budget_this_year_th", BudgetThisYear(row, this_fy)},
          {"budget_this_year_ok", row.ledger.budgets_approved.count(this_fy) > 0},
          {"unclosed_th", Unclosed(row) > 0 ? "ค้างปิด " + std::to_string(Unclosed(row)) + " เดือน" : ""}};
}

json CountsJson(const oversight::StandingCounts& counts) {
  return {{"current", counts.current}, {"behind", counts.behind}, {"help", counts.help},
          {"untracked", counts.untracked}, {"has_untracked", counts.untracked > 0}, {"total", counts.total()}};
}

// The filter as a query string ("?status=help&district=…"), for the export links; "" when none.
std::string FilterQuery(const oversight::TableFilter& filter, bool all) {
  std::string query;
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) query += (query.empty() ? "?" : "&") + std::string(name) + "=" + http::UrlEncode(value);
  };
  add("all", all ? "1" : "");
  add("status", filter.standing ? std::string(oversight::StandingCode(*filter.standing)) : "");
  add("district", filter.district);
  add("type", filter.type ? std::string(org::OrgTypeCode(*filter.type)) : "");
  add("area", filter.area != 0 ? std::to_string(filter.area) : "");
  add("sort", filter.sort);
  return query;
}

oversight::TableFilter FilterOf(const Request& request) {
  oversight::TableFilter filter;
  filter.district = request.QueryParam("district");
  if (auto type = org::ParseOrgType(request.QueryParam("type")); type.ok()) filter.type = *type;
  filter.standing = oversight::ParseStanding(request.QueryParam("status"));
  filter.area = QueryInt(request, "area");
  filter.sort = request.QueryParam("sort");
  return filter;
}

json NoteJson(const oversight::Note& note) {
  return {{"id", note.id},
          {"kind", note.kind},
          {"kind_th", oversight::NoteKindThai(note.kind).value_or("")},
          {"text", note.text},
          {"day_th", DateThai(note.day)},
          {"by_name", note.by_name},
          {"at_th", MomentThai(note.at_ms)}};
}

json ProblemJson(const oversight::Problem& problem, Date today) {
  json notes = json::array();
  for (const auto& note : problem.notes) notes.push_back(NoteJson(note));
  return {{"id", problem.id},
          {"org", problem.org},
          {"org_name", problem.org_name},
          {"province", problem.province},
          {"category", problem.category},
          {"category_th", problem.category_th},
          {"description", problem.description},
          {"raised_on", problem.raised_on.ToIso()},
          {"raised_on_th", DateThai(problem.raised_on)},
          {"raised_by_name", problem.raised_by_name},
          {"raised_by_office", problem.raised_by_office},
          {"state", problem.state},
          {"state_th", oversight::ProblemStateThai(problem.state)},
          {"fixed", problem.state == oversight::kProblemFixed},
          {"fixed_on_th", DateThai(problem.fixed_on)},
          {"age_days", problem.AgeDays(today)},
          {"notes", notes}};
}

json ReportJson(const oversight::MonthlyReport& report) {
  json problems = json::array();
  for (const auto& p : report.problems) {
    problems.push_back({{"id", p.id}, {"org_name", p.org_name}, {"category_th", p.category_th},
                        {"description", p.description}, {"raised_on", p.raised_on}, {"state_th", p.state_th},
                        {"advice", p.advice}, {"fix", p.fix}});
  }
  return {{"province", report.province},
          {"province_name", report.province_name},
          {"month", report.month},
          {"month_th", MonthThai(report.month)},
          {"meeting_on", report.meeting_on.valid() ? report.meeting_on.ToIso() : ""},
          {"meeting_on_th", DateThai(report.meeting_on)},
          {"attendees", report.attendees},
          {"obstacles", report.obstacles},
          {"needs", report.needs},
          {"suggestions", report.suggestions},
          {"problems", problems},
          {"counts", CountsJson(report.counts)},
          {"counts_as_of_th", DateThai(report.counts_as_of)},
          {"submitted", report.submitted_at_ms != 0},
          {"submitted_by", report.submitted_by},
          {"submitted_at_th", MomentThai(report.submitted_at_ms)}};
}

// The page data of a module page, with the kind of organisation the path names.
Result<json> PageOf(OversightWeb& web, const Request& request, const std::string& title) {
  const int64_t org = OrgParam(request);
  KLANG_ASSIGN_OR_RETURN(org::Organisation at, web.pages.orgs.Get(org));
  json data = ModulePage(request, web.pages, title, Base(org));
  data["is_dla"] = at.type == org::OrgType::kDla;
  data["is_province"] = at.type == org::OrgType::kProvince;
  data["is_lao"] = org::IsLao(at.type);
  data["is_books"] = org::KeepsBooks(at.type);
  // The forms the signed-in user may send here (the routes check it again, as these do).
  auto may = [&](const char* permission) { return May(web, request, permission, org); };
  const bool province = at.type == org::OrgType::kProvince;
  data["can_manage"] = province && may("ovs.manage");
  data["can_advise"] = province && may("ovs.advise");
  data["can_report"] = province && may("ovs.report");
  data["can_raise"] = (province || org::IsLao(at.type)) && may("ovs.problem");
  return data;
}

Response Page(OversightWeb& web, const Request& request, const char* name, const std::string& title, const json& more,
              int status = 200) {
  auto data = PageOf(web, request, title);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  Merge(*data, more);
  return RenderPage(web.pages.templates, name, *data, status);
}

// ---- the table ----------------------------------------------------------------------------------

Result<json> TableData(OversightWeb& web, const Request& request) {
  const int64_t org = OrgParam(request);
  const oversight::TableFilter filter = FilterOf(request);
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, web.oversight.Table(org, filter));
  json out = json::array();
  oversight::StandingCounts counts;
  for (const auto& row : rows) {
    counts.Add(row.assessment.standing);
    out.push_back(StatusJson(row, ThisYear(web)));
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<std::string> districts, web.oversight.Districts(org));
  json district_options = json::array();
  for (const auto& district : districts) {
    district_options.push_back({{"name", district}, {"selected", district == filter.district}});
  }
  json status_options = json::array();
  for (Standing standing : {Standing::kCurrent, Standing::kBehind, Standing::kNeedsHelp}) {
    status_options.push_back({{"code", oversight::StandingCode(standing)},
                              {"name", oversight::StandingThai(standing)},
                              {"selected", filter.standing == standing}});
  }
  json type_options = json::array();
  for (org::OrgType type : {org::OrgType::kPao, org::OrgType::kCityMunicipality, org::OrgType::kTownMunicipality,
                            org::OrgType::kSubdistrictMunicipality, org::OrgType::kSao, org::OrgType::kUnit}) {
    type_options.push_back({{"code", org::OrgTypeCode(type)}, {"name", org::OrgTypeThai(type)},
                            {"selected", filter.type == type}});
  }
  json sort_options = json::array();
  for (auto [code, name] : {std::pair{"status", "สถานะ (ต้องการความช่วยเหลือก่อน)"}, {"name", "ชื่อหน่วยงาน"},
                            {"posting", "ผ่านรายการล่าสุด (นานที่สุดก่อน)"}, {"district", "อำเภอ"}}) {
    sort_options.push_back({{"code", code}, {"name", name}, {"selected", filter.sort == code}});
  }
  return json{{"rows", out},
              {"counts", CountsJson(counts)},
              {"today_th", FormatThaiDateLong(web.pages.clock.TodayInThailand())},
              {"districts", district_options},
              {"statuses", status_options},
              {"types", type_options},
              {"sorts", sort_options}};
}

Response National(OversightWeb& web, Request& request) {
  auto provinces = web.oversight.National();
  if (!provinces.ok()) return Failed(web.pages.templates, request, provinces.status());
  json rows = json::array();
  oversight::StandingCounts all;
  for (const auto& province : *provinces) {
    all += province.counts;
    rows.push_back({{"org", province.province.id},
                    {"name", province.province.name},
                    {"counts", CountsJson(province.counts)},
                    {"open_problems", province.open_problems},
                    {"last_report", province.last_report},
                    {"last_report_th", province.last_report.empty() ? "" : MonthThai(province.last_report)}});
  }
  json data = {{"provinces", rows}, {"counts", CountsJson(all)},
               {"today_th", FormatThaiDateLong(web.pages.clock.TodayInThailand())}};
  if (IsApi(request)) return Response::Json(data);
  return Page(web, request, "oversight_national", "การกำกับดูแลระดับประเทศ", data);
}

Response Home(OversightWeb& web, Request& request) {
  auto at = web.pages.orgs.Get(OrgParam(request));
  if (!at.ok()) return Failed(web.pages.templates, request, at.status());
  if (at->type == org::OrgType::kDla && request.QueryParam("all").empty()) return National(web, request);
  auto table = TableData(web, request);
  if (!table.ok()) return Failed(web.pages.templates, request, table.status());
  if (IsApi(request)) return Response::Json(*table);
  json more = *table;
  more["query"] = FilterQuery(FilterOf(request), at->type == org::OrgType::kDla);
  if (org::KeepsBooks(at->type)) {
    auto problems = web.oversight.Problems(at->id, {});
    if (!problems.ok()) return Failed(web.pages.templates, request, problems.status());
    json list = json::array();
    for (const auto& problem : *problems) {
      list.push_back(ProblemJson(problem, web.pages.clock.TodayInThailand()));
      list.back()["href"] = ProblemHref(web, request, problem);
    }
    more["problems"] = list;
    return Page(web, request, "oversight_org", "สถานะการบันทึกบัญชีและปัญหา", more);
  }
  if (at->type == org::OrgType::kProvince) {
    // The signed-in officer's own areas, first on the office's page.
    auto areas = web.oversight.Areas(at->id);
    if (!areas.ok()) return Failed(web.pages.templates, request, areas.status());
    json mine = json::array();
    for (const auto& area : *areas) {
      if (request.identity != nullptr && area.staff_user == request.identity->user_id) {
        mine.push_back({{"id", area.id}, {"name", area.name}, {"count", area.orgs.size()}});
      }
    }
    more["my_areas"] = mine;
  }
  return Page(web, request, "oversight_province", "การกำกับดูแลการบันทึกบัญชีของ อปท.", more);
}

Response Export(OversightWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const std::string format = request.PathParam("format");
  auto at = web.pages.orgs.Get(org);
  if (!at.ok()) return Failed(web.pages.templates, request, at.status());
  const reports::OrgHeading heading = reports::HeadingFor(web.pages.orgs, org);
  if (at->type == org::OrgType::kDla && request.QueryParam("all").empty()) {
    auto provinces = web.oversight.National();
    if (!provinces.ok()) return Failed(web.pages.templates, request, provinces.status());
    return RegisterDownloadAs(request, web.pages.templates,
                              reports::ProvincesRegister(*provinces, heading, web.pages.clock), format);
  }
  const oversight::TableFilter filter = FilterOf(request);
  auto rows = web.oversight.Table(org, filter);
  if (!rows.ok()) return Failed(web.pages.templates, request, rows.status());
  std::string subtitle = "ณ วันที่ " + FormatThaiDateLong(web.pages.clock.TodayInThailand());
  if (filter.standing) subtitle += " · เฉพาะสถานะ" + std::string(oversight::StandingThai(*filter.standing));
  if (!filter.district.empty()) subtitle += " · อำเภอ" + filter.district;
  return RegisterDownloadAs(request, web.pages.templates,
                            reports::CurrencyRegister(*rows, heading, subtitle, web.pages.clock), format);
}

// ---- areas, mentors, districts, nudges --------------------------------------------------------------

Result<json> AreasData(OversightWeb& web, const Request& request) {
  const int64_t org = OrgParam(request);
  KLANG_ASSIGN_OR_RETURN(std::vector<oversight::Area> areas, web.oversight.Areas(org));
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, web.oversight.Table(org, {.sort = "name"}));
  KLANG_ASSIGN_OR_RETURN(std::vector<oversight::Staff> staff, web.oversight.StaffOf(org));
  KLANG_ASSIGN_OR_RETURN(bool nudges, web.oversight.NudgesOn(org));
  json area_rows = json::array();
  for (const auto& area : areas) {
    json members = json::array();
    for (const auto& row : rows) {
      if (row.area == area.id && row.org.type != org::OrgType::kUnit) members.push_back(StatusJson(row, ThisYear(web)));
    }
    json staff_options = json::array();
    for (const auto& one : staff) {
      staff_options.push_back({{"id", one.user_id}, {"name", one.name}, {"selected", one.user_id == area.staff_user}});
    }
    area_rows.push_back({{"id", area.id}, {"name", area.name}, {"staff_user", area.staff_user},
                         {"staff_name", area.staff_name}, {"nudge_email", area.nudge_email},
                         {"laos", members}, {"has_laos", !members.empty()}, {"count", members.size()},
                         {"staff_options", staff_options}});
  }
  json laos = json::array();
  for (const auto& row : rows) {
    if (row.org.type != org::OrgType::kUnit) laos.push_back(StatusJson(row, ThisYear(web)));
  }
  json staff_rows = json::array();
  for (const auto& one : staff) staff_rows.push_back({{"id", one.user_id}, {"name", one.name}});
  return json{{"areas", area_rows}, {"laos", laos}, {"all_laos", laos}, {"staff", staff_rows}, {"nudges", nudges}};
}

Response Areas(OversightWeb& web, Request& request) {
  auto data = AreasData(web, request);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  if (IsApi(request)) return Response::Json(*data);
  return Page(web, request, "oversight_areas", "พื้นที่รับผิดชอบ แม่ข่าย และการแจ้งเตือน", *data);
}

Response AreasAgain(OversightWeb& web, Request& request, const json& extra) {
  auto data = AreasData(web, request);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  Merge(*data, extra);
  return Page(web, request, "oversight_areas", "พื้นที่รับผิดชอบ แม่ข่าย และการแจ้งเตือน", *data, 422);
}

Response AreasWrite(OversightWeb& web, Request& request, const Status& status, const json& answer) {
  if (!status.ok()) {
    return Refused(web.pages.templates, request, status, [&](json extra) { return AreasAgain(web, request, extra); });
  }
  return Done(request, answer, Base(OrgParam(request)) + "/areas");
}

Response CreateArea(OversightWeb& web, Request& request) {
  const Fields fields(request);
  auto area = web.oversight.CreateArea(OfficerOf(request), OrgParam(request),
                                       {fields.Text("name"), fields.Int("staff_user"), fields.Text("nudge_email")});
  return AreasWrite(web, request, area.status(), area.ok() ? json{{"id", area->id}, {"name", area->name}} : json{});
}

Response UpdateArea(OversightWeb& web, Request& request) {
  const Fields fields(request);
  auto area = web.oversight.UpdateArea(OfficerOf(request), OrgParam(request), PathInt(request, "area"),
                                       {fields.Text("name"), fields.Int("staff_user"), fields.Text("nudge_email")});
  return AreasWrite(web, request, area.status(), area.ok() ? json{{"id", area->id}, {"name", area->name}} : json{});
}

Response RemoveFromArea(OversightWeb& web, Request& request) {
  const Fields fields(request);
  const Status status =
      web.oversight.RemoveFromArea(OfficerOf(request), OrgParam(request), PathInt(request, "area"), fields.Int("org"));
  return AreasWrite(web, request, status, {{"area", PathInt(request, "area")}, {"org", fields.Int("org")}});
}

Response AssignOrgs(OversightWeb& web, Request& request) {
  const Fields fields(request);
  auto area = web.oversight.AssignOrgs(OfficerOf(request), OrgParam(request), PathInt(request, "area"),
                                       fields.Ints("orgs"));
  return AreasWrite(web, request, area.status(), area.ok() ? json{{"id", area->id}, {"orgs", area->orgs}} : json{});
}

Response NameMentor(OversightWeb& web, Request& request) {
  const Fields fields(request);
  const Status status =
      web.oversight.NameMentor(OfficerOf(request), OrgParam(request), fields.Int("org"), fields.Int("mentor"));
  return AreasWrite(web, request, status, {{"org", fields.Int("org")}, {"mentor", fields.Int("mentor")}});
}

Response SetDistrict(OversightWeb& web, Request& request) {
  const Fields fields(request);
  const Status status =
      web.oversight.SetDistrict(OfficerOf(request), OrgParam(request), fields.Int("org"), fields.Text("district"));
  return AreasWrite(web, request, status, {{"org", fields.Int("org")}, {"district", fields.Text("district")}});
}

Response SetNudges(OversightWeb& web, Request& request) {
  const Fields fields(request);
  const Status status = web.oversight.SetNudges(OfficerOf(request), OrgParam(request), fields.Flag("enabled"));
  return AreasWrite(web, request, status, {{"nudges", fields.Flag("enabled")}});
}

Response AreaPage(OversightWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t area_id = PathInt(request, "area");
  auto areas = web.oversight.Areas(org);
  if (!areas.ok()) return Failed(web.pages.templates, request, areas.status());
  auto area = std::find_if(areas->begin(), areas->end(), [&](const auto& one) { return one.id == area_id; });
  if (area == areas->end()) {
    return Failed(web.pages.templates, request, Status::NotFound("ovs.area_not_found", "ไม่พบพื้นที่นี้ในสำนักงาน"));
  }
  auto rows = web.oversight.Table(org, {.area = area_id});
  if (!rows.ok()) return Failed(web.pages.templates, request, rows.status());
  json list = json::array();
  oversight::StandingCounts counts;
  for (const auto& row : *rows) {
    counts.Add(row.assessment.standing);
    list.push_back(StatusJson(row, ThisYear(web)));
  }
  json data = {{"area", {{"id", area->id}, {"name", area->name}, {"staff_name", area->staff_name}}},
               {"rows", list}, {"counts", CountsJson(counts)}};
  if (IsApi(request)) return Response::Json(data);
  return Page(web, request, "oversight_area", "พื้นที่ " + area->name, data);
}

// ---- problems -----------------------------------------------------------------------------------

Result<json> ProblemsData(OversightWeb& web, const Request& request) {
  const int64_t org = OrgParam(request);
  oversight::ProblemFilter filter{request.QueryParam("state"), QueryInt(request, "org")};
  KLANG_ASSIGN_OR_RETURN(std::vector<oversight::Problem> problems, web.oversight.Problems(org, filter));
  const Date today = web.pages.clock.TodayInThailand();
  json list = json::array();
  for (const auto& problem : problems) {
    list.push_back(ProblemJson(problem, today));
    list.back()["href"] = ProblemHref(web, request, problem);
  }
  json categories = json::array();
  for (const auto& category : web.oversight.config().categories) {
    categories.push_back({{"code", category.code}, {"name", category.name_th}});
  }
  json states = json::array();
  for (const char* state : {oversight::kProblemOpen, oversight::kProblemAdvised, oversight::kProblemFixed}) {
    states.push_back({{"code", state}, {"name", oversight::ProblemStateThai(state)}, {"selected", filter.state == state}});
  }
  // The organisations a problem may be raised for, for those who may raise one here.
  json orgs = json::array();
  if (May(web, request, "ovs.problem", org)) {
    KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, web.oversight.Table(org, {.sort = "name"}));
    for (const auto& row : rows) orgs.push_back({{"id", row.org.id}, {"name", row.org.name}, {"unit", row.org.type == org::OrgType::kUnit}});
  }
  return json{{"problems", list}, {"categories", categories}, {"states", states}, {"orgs", orgs},
              {"today", today.ToIso()}};
}

Response ProblemsPage(OversightWeb& web, Request& request, const json& extra) {
  auto data = ProblemsData(web, request);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  if (IsApi(request)) return Response::Json(*data);
  Merge(*data, extra);
  return Page(web, request, "oversight_problems", "ทะเบียนปัญหาการใช้งานระบบบัญชี", *data, extra.empty() ? 200 : 422);
}

Response Problems(OversightWeb& web, Request& request) { return ProblemsPage(web, request, json::object()); }

Response RaiseProblem(OversightWeb& web, Request& request) {
  const Fields fields(request);
  auto problem = web.oversight.RaiseProblem(
      OfficerOf(request), OrgParam(request),
      {fields.Int("org"), fields.Text("category"), fields.Text("description"), fields.Text("date")});
  if (!problem.ok()) {
    return Refused(web.pages.templates, request, problem.status(),
                   [&](json extra) { return ProblemsPage(web, request, extra); });
  }
  return Done(request, ProblemJson(*problem, web.pages.clock.TodayInThailand()),
              Base(OrgParam(request)) + "/problems/" + std::to_string(problem->id));
}

Response ProblemPage(OversightWeb& web, Request& request, const json& extra) {
  auto problem = web.oversight.GetProblem(OrgParam(request), PathInt(request, "id"));
  if (!problem.ok()) return Failed(web.pages.templates, request, problem.status());
  json data = {{"problem", ProblemJson(*problem, web.pages.clock.TodayInThailand())}};
  if (IsApi(request)) return Response::Json(data["problem"]);
  json kinds = json::array();
  for (const char* kind : {oversight::kNoteAdvice, oversight::kNoteFollowUp, oversight::kNoteFix}) {
    kinds.push_back({{"code", kind}, {"name", *oversight::NoteKindThai(kind)}});
  }
  data["note_kinds"] = kinds;
  Merge(data, extra);
  return Page(web, request, "oversight_problem", "ปัญหาเลขที่ " + std::to_string(problem->id), data,
              extra.empty() ? 200 : 422);
}

Response Problem(OversightWeb& web, Request& request) { return ProblemPage(web, request, json::object()); }

Response AddNote(OversightWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t id = PathInt(request, "id");
  auto problem = web.oversight.AddNote(OfficerOf(request), OrgParam(request), id, fields.Text("kind"), fields.Text("text"));
  if (!problem.ok()) {
    return Refused(web.pages.templates, request, problem.status(),
                   [&](json extra) { return ProblemPage(web, request, extra); });
  }
  return Done(request, ProblemJson(*problem, web.pages.clock.TodayInThailand()),
              Base(OrgParam(request)) + "/problems/" + std::to_string(id));
}

// ---- monthly reports ----------------------------------------------------------------------------

Result<json> ReportsData(OversightWeb& web, const Request& request) {
  const int64_t org = OrgParam(request);
  KLANG_ASSIGN_OR_RETURN(org::Organisation at, web.pages.orgs.Get(org));
  // The month asked (?month=), or the one a refused form was sending.
  const std::string asked = request.method == "POST" ? Fields(request).Text("month") : request.QueryParam("month");
  KLANG_ASSIGN_OR_RETURN(const std::string month, web.oversight.ReportMonth(asked));
  json data = {{"month", month}, {"month_th", MonthThai(month)}};
  if (at.type == org::OrgType::kDla) {
    KLANG_ASSIGN_OR_RETURN(std::vector<oversight::Submission> submissions, web.oversight.Submissions(org, month));
    json rows = json::array();
    int64_t submitted = 0;
    for (const auto& one : submissions) {
      submitted += one.submitted ? 1 : 0;
      rows.push_back({{"org", one.province.id}, {"name", one.province.name}, {"submitted", one.submitted},
                      {"submitted_by", one.submitted_by}, {"submitted_at_th", MomentThai(one.submitted_at_ms)}});
    }
    data["submissions"] = rows;
    data["submitted_count"] = submitted;
    data["province_count"] = submissions.size();
    return data;
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<oversight::MonthlyReport> reports, web.oversight.Reports(org));
  json list = json::array();
  bool done = false;
  for (const auto& report : reports) {
    done = done || report.month == month;
    list.push_back(ReportJson(report));
  }
  data["reports"] = list;
  data["already_submitted"] = done;
  if (!done) {
    auto draft = web.oversight.DraftReport(org, month);
    if (draft.ok()) {
      data["draft"] = ReportJson(*draft);
    } else {
      data["draft_problem"] = draft.status().message_th();
    }
  }
  return data;
}

Response ReportsPage(OversightWeb& web, Request& request, const json& extra) {
  auto data = ReportsData(web, request);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  if (IsApi(request)) return Response::Json(*data);
  Merge(*data, extra);
  return Page(web, request, "oversight_reports", "รายงานการกำกับดูแลประจำเดือน", *data, extra.empty() ? 200 : 422);
}

Response Reports(OversightWeb& web, Request& request) { return ReportsPage(web, request, json::object()); }

Response SubmitReport(OversightWeb& web, Request& request) {
  const Fields fields(request);
  oversight::ReportInput input{fields.Text("month"),     fields.Text("meeting_on"), fields.Text("attendees"),
                               fields.Text("obstacles"), fields.Text("needs"),      fields.Text("suggestions")};
  auto report = web.oversight.SubmitReport(OfficerOf(request), OrgParam(request), input);
  if (!report.ok()) {
    return Refused(web.pages.templates, request, report.status(),
                   [&](json extra) { return ReportsPage(web, request, extra); });
  }
  return Done(request, ReportJson(*report), Base(OrgParam(request)) + "/reports/" + report->month);
}

Response Report(OversightWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("month"));
  auto report = web.oversight.Report(org, file.name);
  if (!report.ok()) return Failed(web.pages.templates, request, report.status());
  if (!file.format.empty()) {
    const auto docs = reports::MonthlyReportRegisters(*report, reports::HeadingFor(web.pages.orgs, org), web.pages.clock);
    const std::string filename = "รายงานการกำกับดูแล-" + FileMonth(report->month);
    if (file.format == "pdf") return PdfDownload(request, web.pages.templates, reports::RegisterPdfBook(docs), filename);
    if (file.format == "xlsx") return XlsxDownload(request, web.pages.templates, reports::RegisterXlsxBook(docs), filename);
    return Failed(web.pages.templates, request, Status::NotFound("report.format", "ไม่รองรับรูปแบบแฟ้มนี้"));
  }
  if (IsApi(request)) return Response::Json(ReportJson(*report));
  return Page(web, request, "oversight_report", "รายงานประจำเดือน" + MonthThai(report->month),
              {{"report", ReportJson(*report)}});
}

}  // namespace

void RegisterOversightRoutes(RouteTable& table, OversightWeb& web) {
  table.AddOrgRoutes("/oversight", web, {
      {"GET", "", "ovs.read", Home},
      {"GET", "/export/{format}", "ovs.read", Export, Face::kPage},
      {"GET", "/areas", "ovs.read", Areas},
      {"POST", "/areas", "ovs.manage", CreateArea},
      {"GET", "/areas/{area}", "ovs.read", AreaPage},
      {"POST", "/areas/{area}", "ovs.manage", UpdateArea},
      {"POST", "/areas/{area}/orgs", "ovs.manage", AssignOrgs},
      {"POST", "/areas/{area}/remove", "ovs.manage", RemoveFromArea},
      {"POST", "/mentors", "ovs.manage", NameMentor},
      {"POST", "/districts", "ovs.manage", SetDistrict},
      {"POST", "/nudges", "ovs.manage", SetNudges},
      {"GET", "/problems", "ovs.read", Problems},
      {"POST", "/problems", "ovs.problem", RaiseProblem},
      {"GET", "/problems/{id}", "ovs.read", Problem},
      {"POST", "/problems/{id}/notes", "ovs.advise", AddNote},
      {"GET", "/reports", "ovs.read", Reports},
      {"POST", "/reports", "ovs.report", SubmitReport},
      {"GET", "/reports/{month}", "ovs.read", Report},
  });
}

}  // namespace klang::web
