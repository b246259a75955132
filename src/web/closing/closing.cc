#include "web/closing/closing.h"

#include "core/thai.h"
#include "sync/time_text.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

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
  return json{{"fiscal_year", fiscal_year}, {"months", month_rows}, {"acts", act_rows}};
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
  Merge(data, extra);
  return RenderPage(web.pages.templates, "closing", data, extra.empty() ? 200 : 422);
}

Response Periods(ClosingWeb& web, Request& request) { return PeriodsPage(web, request, json::object()); }

// A close refused because checks found differences: 422 with the list, on the page or in the
// problem+json body ("differences").
Response Differences(ClosingWeb& web, Request& request, const std::string& month,
                     const std::vector<Difference>& differences) {
  const auto parsed = closing::Month::Parse(month);
  const Status status = Status::Refusal(
      "closing.differences",
      "ปิดบัญชีเดือน" + (parsed.ok() ? parsed->Thai() : month) + " ไม่ได้ พบ " +
          std::to_string(differences.size()) + " รายการที่ต้องแก้ไขก่อน",
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
  if (!outcome->closed) return Differences(web, request, month, outcome->differences);
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
  });
  // clang-format on
}

}  // namespace klang::web
