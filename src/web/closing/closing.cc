#include "web/closing/closing.h"

#include "core/thai.h"
#include "reports/closing_documents.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using closing::Difference;
using closing::MonthStatus;
using closing::PeriodAct;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/closing"; }

json MonthJson(const MonthStatus& status) {
  return {{"month", status.month.Iso()},
          {"month_th", status.month.Thai()},
          {"fiscal_year", status.month.FiscalYear()},
          {"closed", status.closed},
          {"over", status.over},
          {"can_close", status.can_close},
          {"act_seq", status.act_seq},
          {"by_name", status.by_name},
          {"at_th", status.act_seq != 0 ? sync::FormatThaiMoment(status.at_ms) : ""},
          {"reopened", status.reopened},
          {"state_th", status.closed ? "ปิดบัญชีแล้ว" : status.act_seq != 0 ? "เปิดงวดบัญชีแล้ว" : "เปิด"},
          {"reopened_th", status.reopened > 0 ? "เปิดงวด " + std::to_string(status.reopened) + " ครั้ง" : ""},
          {"debit", AmountJson(status.debit)},
          {"credit", AmountJson(status.credit)}};
}

json ActJson(const PeriodAct& act) {
  json reopened_th = json::array();
  for (const auto& month : act.reopened) {
    auto parsed = closing::Month::Parse(month);
    reopened_th.push_back(parsed.ok() ? parsed->Thai() : month);
  }
  return {{"seq", act.seq},
          {"month", act.month.Iso()},
          {"month_th", act.month.Thai()},
          {"act", act.close ? "close" : "reopen"},
          {"act_th", act.close ? "ปิดบัญชี" : "เปิดงวดบัญชี"},
          {"by_name", act.by_name},
          {"at_th", sync::FormatThaiMoment(act.at_ms)},
          {"reason", act.reason},
          {"approval_ref", act.approval_ref},
          {"reopened", act.reopened},
          {"reopened_th", reopened_th},
          {"reopened_more", reopened_th.size() > 1},
          {"debit", AmountJson(act.debit)}};
}

json DifferencesJson(const std::vector<Difference>& differences) {
  json rows = json::array();
  for (const auto& difference : differences) {
    std::string date_th;
    if (auto date = Date::ParseIso(difference.date); date.ok()) date_th = FormatThaiDateLong(*date);
    rows.push_back({{"check", difference.check},
                    {"check_th", difference.check_th},
                    {"what_th", difference.what_th},
                    {"date", difference.date},
                    {"date_th", date_th},
                    {"amount", AmountJson(difference.amount)}});
  }
  return rows;
}

json PlanJson(const closing::YearPlan& plan) {
  json lines = json::array();
  for (const auto& line : plan.lines) {
    lines.push_back({{"account", line.account}, {"debit", AmountJson(line.debit)}, {"credit", AmountJson(line.credit)}});
  }
  return {{"revenue", AmountJson(plan.revenue)},         {"operating", AmountJson(plan.operating)},
          {"investment", AmountJson(plan.investment)},   {"depreciation", AmountJson(plan.depreciation)},
          {"surplus", AmountJson(plan.surplus)},         {"deficit", plan.surplus.is_negative()},
          {"cap", AmountJson(plan.cap)},                 {"to_reserve", AmountJson(plan.to_reserve)},
          {"to_funds", AmountJson(plan.to_funds)},       {"reserve_excess", AmountJson(plan.reserve_excess)},
          {"lines", lines}};
}

// The year's close: its state, and the plan as closed or as it would close from the books now.
Result<json> YearData(ClosingWeb& web, int64_t org, int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(closing::YearStatus status, web.years.StatusOf(org, fiscal_year));
  json year = {{"fiscal_year", fiscal_year}, {"closed", status.closed}, {"reopened", status.reopened},
               {"preliminary", status.preliminary},
               {"reopened_th", status.reopened > 0 ? "เปิดบัญชีประจำปีแล้ว " + std::to_string(status.reopened) + " ครั้ง" : ""},
               {"act_seq", status.act_seq},
               // The accumulated-funds report is made at the end of March (and of September).
               {"march", closing::Month{FiscalYearEnd(fiscal_year).year(), 3}.Iso()}};
  const bool over = FiscalYearStart(fiscal_year + 1) <= web.pages.clock.TodayInThailand();
  year["over"] = over;
  // The plan reads the whole year's budget spending: computed only once the year is over, when
  // it can close (the months' pages of a running year are viewed far more often).
  if (status.plan) {
    year["plan"] = PlanJson(*status.plan);
  } else if (!over) {
    return year;
  } else if (auto plan = web.years.Plan(org, fiscal_year); plan.ok()) {
    year["plan"] = PlanJson(*plan);
  } else {
    year["plan_problem"] = plan.status().message_th();
  }
  return year;
}

// The months of the fiscal year asked for (?fy=) and their history: the page, or its JSON.
Result<json> PeriodsData(ClosingWeb& web, const Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = FiscalYearParam(request, web.pages.clock);
  KLANG_ASSIGN_OR_RETURN(std::vector<MonthStatus> months, web.periods.Months(org, fiscal_year));
  KLANG_ASSIGN_OR_RETURN(std::vector<PeriodAct> acts, web.periods.Acts(org, fiscal_year));
  json month_rows = json::array();
  for (const auto& month : months) month_rows.push_back(MonthJson(month));
  json act_rows = json::array();
  for (const auto& act : acts) act_rows.push_back(ActJson(act));
  KLANG_ASSIGN_OR_RETURN(json year, YearData(web, org, fiscal_year));
  KLANG_ASSIGN_OR_RETURN(std::vector<closing::UnitClosing> units, web.years.UnitsOf(org, fiscal_year));
  json unit_rows = json::array();
  for (const auto& unit : units) {
    const bool behind = (unit.year_over && !unit.year_closed) || unit.months_closed < unit.months_over;
    unit_rows.push_back({{"org", unit.org},
                         {"name_th", unit.name_th},
                         {"months_over", unit.months_over},
                         {"months_closed", unit.months_closed},
                         {"year_over", unit.year_over},
                         {"year_closed", unit.year_closed},
                         {"behind", behind},
                         {"state_th", unit.year_closed ? "ปิดบัญชีประจำปีแล้ว"
                                      : behind        ? "ยังปิดบัญชีไม่ครบ"
                                                      : "ปิดบัญชีครบถึงเดือนล่าสุด"}});
  }
  return json{{"fiscal_year", fiscal_year}, {"months", month_rows}, {"acts", act_rows}, {"year", year},
              {"units", unit_rows}, {"has_units", !unit_rows.empty()}};
}

Response PeriodsPage(ClosingWeb& web, Request& request, const json& extra) {
  auto periods = PeriodsData(web, request);
  if (!periods.ok()) return Failed(web.pages.templates, request, periods.status());
  if (IsApi(request)) return Response::Json(*periods);
  json data = ModulePage(request, web.pages, "งวดบัญชีและการปิดบัญชีประจำเดือน", Base(OrgParam(request)));
  Merge(data, *periods);
  data["previous_year"] = periods->at("fiscal_year").get<int>() - 1;
  data["next_year"] = periods->at("fiscal_year").get<int>() + 1;
  data["closed_month"] = request.QueryParam("closed");
  data["year_closed_now"] = request.QueryParam("year_closed") == "1";
  data["year_is_closed"] = periods->at("year").at("closed");
  Merge(data, extra);
  return RenderPage(web.pages.templates, "closing", data, extra.empty() ? 200 : 422);
}

Response Periods(ClosingWeb& web, Request& request) { return PeriodsPage(web, request, json::object()); }

// A close refused because checks found differences: 422 with the list, on the page or in the
// problem+json body ("differences").
Response Differences(ClosingWeb& web, Request& request, const std::string& what_th,
                     const std::vector<Difference>& differences) {
  const Status status = Status::Refusal(
      "closing.differences",
      "ปิดบัญชี" + what_th + " ไม่ได้ พบ " + std::to_string(differences.size()) + " รายการที่ต้องแก้ไขก่อน",
      "month");
  if (IsApi(request)) {
    Response response = Response::Problem(status);
    json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    body["differences"] = DifferencesJson(differences);
    response.body = body.dump();
    return response;
  }
  return PeriodsPage(web, request,
                     {{"error", status.message_th()},
                      {"error_code", status.stable_code()},
                      {"has_differences", true},
                      {"differences", DifferencesJson(differences)}});
}

Response CloseMonth(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const std::string month = request.PathParam("month");
  auto outcome = web.periods.Close(org, month, Fields(request).Text("entry_id"), ActorOf(request));
  if (!outcome.ok()) {
    return Refused(web.pages.templates, request, outcome.status(),
                   [&](json extra) { return PeriodsPage(web, request, extra); });
  }
  if (!outcome->closed) {
    const auto parsed = closing::Month::Parse(month);
    return Differences(web, request, "เดือน" + (parsed.ok() ? parsed->Thai() : month), outcome->differences);
  }
  return Done(request, MonthJson(*outcome->closed),
              Base(org) + "?fy=" + std::to_string(outcome->closed->month.FiscalYear()) +
                  "&closed=" + outcome->closed->month.Iso());
}

Response ReopenMonth(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const Fields fields(request);
  closing::ReopenInput input{org, request.PathParam("month"), fields.Text("reason"),
                             fields.Text("approval_ref"), fields.Text("entry_id")};
  auto act = web.periods.Reopen(input, ActorOf(request));
  if (!act.ok()) {
    return Refused(web.pages.templates, request, act.status(),
                   [&](json extra) { return PeriodsPage(web, request, extra); });
  }
  return Done(request, ActJson(*act),
              Base(org) + "?fy=" + std::to_string(act->month.FiscalYear()));
}

// The fiscal year of the path, a Buddhist year; 0 when it is not one.
int YearPath(const Request& request) {
  const std::string text = request.PathParam("fy");
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(text);
}

Response CloseYear(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = YearPath(request);
  auto outcome = web.years.Close(org, fiscal_year, Fields(request).Text("entry_id"), ActorOf(request));
  if (!outcome.ok()) {
    return Refused(web.pages.templates, request, outcome.status(),
                   [&](json extra) { return PeriodsPage(web, request, extra); });
  }
  if (!outcome->closed) {
    return Differences(web, request, "ประจำปีงบประมาณ " + std::to_string(fiscal_year), outcome->differences);
  }
  json answer = PlanJson(*outcome->closed);
  answer["fiscal_year"] = fiscal_year;
  answer["seq"] = outcome->seq;
  return Done(request, answer, Base(org) + "?fy=" + std::to_string(fiscal_year) + "&year_closed=1");
}

Response PreliminaryYear(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = YearPath(request);
  auto seq = web.years.Preliminary(org, fiscal_year, Fields(request).Text("entry_id"), ActorOf(request));
  if (!seq.ok()) {
    return Refused(web.pages.templates, request, seq.status(),
                   [&](json extra) { return PeriodsPage(web, request, extra); });
  }
  return Done(request, {{"fiscal_year", fiscal_year}, {"seq", *seq}},
              Base(org) + "?fy=" + std::to_string(fiscal_year) + "#year");
}

Response ReopenYear(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = YearPath(request);
  const Fields fields(request);
  auto seq = web.years.Reopen(org, fiscal_year, fields.Text("reason"), fields.Text("approval_ref"),
                              fields.Text("entry_id"), ActorOf(request));
  if (!seq.ok()) {
    return Refused(web.pages.templates, request, seq.status(),
                   [&](json extra) { return PeriodsPage(web, request, extra); });
  }
  return Done(request, {{"fiscal_year", fiscal_year}, {"seq", *seq}},
              Base(org) + "?fy=" + std::to_string(fiscal_year));
}

// A statement of the fiscal year (?fy=N, ?month=YYYY-MM for a balance sheet at a month's end):
// /statements/balance_sheet (page or JSON) and /statements/balance_sheet.csv|xlsx|pdf.
Response StatementView(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  int fiscal_year = FiscalYearParam(request, web.pages.clock);
  std::optional<closing::Month> month;
  if (const std::string typed = request.QueryParam("month"); !typed.empty()) {
    auto parsed = closing::Month::Parse(typed);
    if (!parsed.ok()) return Failed(web.pages.templates, request, parsed.status());
    month = *parsed;
    if (request.QueryParam("fy").empty()) fiscal_year = month->FiscalYear();
  }
  auto statement = web.statements.Make(file.name, org, fiscal_year, month, static_cast<int>(QueryInt(request, "quarter")));
  if (!statement.ok()) return Failed(web.pages.templates, request, statement.status());
  if (!file.format.empty()) {
    const auto doc = reports::StatementRegister(*statement, reports::HeadingFor(web.pages.orgs, org), web.pages.clock);
    Response response = RegisterDownloadAs(request, web.pages.templates, doc, file.format);
    // The statement made (oversight decides whether this download counts); failing to note it does
    // not keep the statement from its clerk.
    if (response.status == 200 && web.oversight != nullptr) {
      NoteMade(web.oversight->NoteStatement(org, request.identity->org_id, request.identity->user_id, file.name,
                                            fiscal_year, month ? month->Iso() : ""));
    }
    return response;
  }
  json lines = json::array();
  for (const auto& line : statement->lines) {
    json amounts = json::array();
    for (size_t column = 0; column < statement->columns.size(); ++column) {
      const bool filled = column < line.amounts.size() && line.amounts[column];
      amounts.push_back(filled ? AmountJson(*line.amounts[column]) : json{{"value", nullptr}, {"text", ""}, {"blank", ""}});
    }
    json row = {{"code", line.code}, {"name_th", line.name_th}, {"amounts", amounts},
                {"total", line.total}, {"heading", line.heading}};
    if (statement->columns.size() == 1) row["amount"] = amounts[0];
    lines.push_back(std::move(row));
  }
  json data = {{"kind", statement->kind},           {"title_th", statement->title_th},
               {"period_th", statement->period_th}, {"fiscal_year", fiscal_year},
               {"as_of", statement->as_of.ToIso()}, {"year_closed", statement->year_closed},
               {"columns", statement->columns},     {"lines", lines}};
  if (IsApi(request)) return Response::Json(data);
  json page = ModulePage(request, web.pages, statement->title_th, Base(org));
  Merge(page, data);
  page["query"] = "?fy=" + std::to_string(fiscal_year) + (month ? "&month=" + month->Iso() : "") +
                  (request.QueryParam("quarter").empty() ? "" : "&quarter=" + request.QueryParam("quarter"));
  page["span"] = statement->columns.size() + 1;
  return RenderPage(web.pages.templates, "statement", page);
}

// What the checks find now for a month, without closing it.
Response MonthDifferences(ClosingWeb& web, Request& request) {
  auto differences = web.periods.Differences(OrgParam(request), request.PathParam("month"));
  if (!differences.ok()) return Response::Problem(differences.status());
  return Response::Json({{"month", request.PathParam("month")},
                         {"differences", DifferencesJson(*differences)}});
}

}  // namespace

void RegisterClosingRoutes(RouteTable& table, ClosingWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/closing", web, {
      {"GET", "", "report.read", Periods},
      {"GET", "/months/{month}/differences", "report.read", MonthDifferences, Face::kApi},
      {"POST", "/months/{month}/close", "close.month", CloseMonth},
      {"POST", "/months/{month}/reopen", "close.reopen", ReopenMonth},
      {"POST", "/years/{fy}/preliminary", "close.year", PreliminaryYear},
      {"POST", "/years/{fy}/close", "close.year", CloseYear},
      {"POST", "/years/{fy}/reopen", "close.reopen", ReopenYear},
      {"GET", "/statements/{file}", "report.read", StatementView},
  });
  // clang-format on
  RegisterCarryOverRoutes(table, web);
}

}  // namespace klang::web
