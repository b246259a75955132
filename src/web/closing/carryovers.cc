// The carry-overs of a fiscal year on the screens and under /api/v1 (/orgs/{org}/closing/carryovers):
// the register with its figures, carrying an open order (debt case) or what a งบลงทุน line has left
// (no-debt case), an extension with its approver, a lapse to เงินสะสม, and รายงานรายละเอียดการกันเงิน
// (PDF one page per งาน; CSV and XLSX as one register).
#include "core/thai.h"
#include "reports/closing_documents.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "web/closing/closing.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/closing/carryovers"; }

json CarryOverJson(const budget::CarryOver& carryover) {
  json extensions = json::array();
  for (const auto& extension : carryover.extensions) {
    extensions.push_back({{"date", extension.date.ToIso()},
                          {"expiry", extension.expiry.ToIso()},
                          {"expiry_th", FormatThaiDateShort(extension.expiry)},
                          {"authority", extension.authority},
                          {"authority_th", extension.authority_th},
                          {"approver", extension.approver},
                          {"approval_ref", extension.approval_ref}});
  }
  return {{"id", carryover.id},
          {"number", carryover.number},
          {"number_text", carryover.number_text},
          {"fiscal_year", carryover.fiscal_year},
          {"kind", carryover.kind},
          {"kind_th", carryover.kind_th},
          {"date", carryover.date.ToIso()},
          {"line", carryover.line},
          {"line_label", carryover.line_label},
          {"work_th", carryover.work_th},
          {"investment", carryover.investment},
          {"order", carryover.order},
          {"contract", carryover.contract},
          {"approver", carryover.approver},
          {"approval_ref", carryover.approval_ref},
          {"reason", carryover.reason},
          {"amount", AmountJson(carryover.amount)},
          {"used", AmountJson(carryover.used)},
          {"lapsed", AmountJson(carryover.lapsed)},
          {"remaining", AmountJson(carryover.remaining())},
          {"open", carryover.remaining().is_positive()},
          {"expiry", carryover.expiry.ToIso()},
          {"expiry_th", FormatThaiDateShort(carryover.expiry)},
          {"extensions", extensions},
          {"state_th", carryover.state_th}};
}

// The register of the year, and what may still be carried: open orders and งบลงทุน lines with
// money left.
Result<json> RegisterData(ClosingWeb& web, int64_t org, int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::CarryOver> carryovers, web.carryovers.OfYear(org, fiscal_year));
  json rows = json::array();
  Money amount, used, lapsed;
  for (const auto& carryover : carryovers) {
    rows.push_back(CarryOverJson(carryover));
    amount = amount + carryover.amount;
    used = used + carryover.used;
    lapsed = lapsed + carryover.lapsed;
  }
  json orders = json::array();
  KLANG_ASSIGN_OR_RETURN(std::vector<expenditure::Order> all_orders, web.expenditure.Orders(org, fiscal_year));
  for (const auto& order : all_orders) {
    const Money left = order.amount - order.debt_set;
    if (!left.is_positive() || order.carryover != 0) continue;
    KLANG_ASSIGN_OR_RETURN(auto carried, web.carryovers.OfOrder(org, order.id));
    if (carried) continue;
    orders.push_back({{"id", order.id}, {"number_text", order.number_text}, {"subject", order.subject},
                      {"vendor", order.vendor_name}, {"left", AmountJson(left)}});
  }
  json lines = json::array();
  const Date end = FiscalYearEnd(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> budget_lines, web.budget.Lines(org, fiscal_year, end));
  for (const auto& line : budget_lines) {
    if (!line.category.investment || !line.available().is_positive()) continue;
    lines.push_back({{"id", line.id}, {"label", line.Label()}, {"available", AmountJson(line.available())}});
  }
  // From 30 September, until the year closes (a closed year takes no new carry-over).
  KLANG_ASSIGN_OR_RETURN(closing::YearStatus year, web.years.StatusOf(org, fiscal_year));
  const bool can_carry = !(web.pages.clock.TodayInThailand() < end) && !year.closed;
  return json{{"fiscal_year", fiscal_year},
              {"carryovers", rows},
              {"has_carryovers", !rows.empty()},
              {"total", {{"amount", AmountJson(amount)}, {"used", AmountJson(used)}, {"lapsed", AmountJson(lapsed)},
                         {"remaining", AmountJson(amount - used - lapsed)}}},
              {"orders", orders},
              {"has_orders", !orders.empty()},
              {"lines", lines},
              {"has_lines", !lines.empty()},
              {"can_carry", can_carry},
              {"year_closed", year.closed},
              {"year_end_th", FormatThaiDateLong(end)}};
}

Response RegisterPage(ClosingWeb& web, Request& request, const json& extra) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  const int fiscal_year = FiscalYearParam(request, web.pages.clock);
  if (!file.format.empty()) {
    auto carryovers = web.carryovers.OfYear(org, fiscal_year);
    if (!carryovers.ok()) return Failed(web.pages.templates, request, carryovers.status());
    const auto heading = reports::HeadingFor(web.pages.orgs, org);
    if (file.format == "pdf" && !carryovers->empty()) {
      return PdfDownload(request, web.pages.templates,
                         reports::RegisterPdfBook(reports::CarryOverRegisters(*carryovers, fiscal_year, heading, web.pages.clock)),
                         "รายงานรายละเอียดการกันเงิน " + std::to_string(fiscal_year));
    }
    return RegisterDownloadAs(request, web.pages.templates,
                              reports::CarryOverRegister(*carryovers, fiscal_year, heading, web.pages.clock), file.format);
  }
  auto data = RegisterData(web, org, fiscal_year);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  if (IsApi(request)) return Response::Json(*data);
  json page = ModulePage(request, web.pages, "ทะเบียนการกันเงิน", "/orgs/" + std::to_string(org) + "/closing");
  Merge(page, *data);
  page["register"] = Base(org);
  page["previous_year"] = fiscal_year - 1;
  page["next_year"] = fiscal_year + 1;
  page["done"] = request.QueryParam("done");
  Merge(page, extra);
  return RenderPage(web.pages.templates, "carryovers", page, extra.empty() ? 200 : 422);
}

Response Register(ClosingWeb& web, Request& request) { return RegisterPage(web, request, json::object()); }

// Back to the register of the carry-over's year (a refusal shows the form's year again).
Response Answer(ClosingWeb& web, Request& request, const Result<budget::CarryOver>& carryover) {
  if (!carryover.ok()) {
    return Refused(web.pages.templates, request, carryover.status(),
                   [&](json extra) { return RegisterPage(web, request, extra); });
  }
  return Done(request, CarryOverJson(*carryover),
              Base(OrgParam(request)) + "?fy=" + std::to_string(carryover->fiscal_year) + "&done=" +
                  std::to_string(carryover->id) + "#c" + std::to_string(carryover->id));
}

Response Create(ClosingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const Fields fields(request);
  if (fields.Text("kind") == budget::kCarryOverDebt) {
    expenditure::OrderCarryOverInput input{org,
                                           fields.Text("entry_id"),
                                           fields.Int("order"),
                                           fields.Text("amount"),
                                           fields.Text("expiry"),
                                           fields.Text("approver"),
                                           fields.Text("approval_ref"),
                                           fields.Text("reason")};
    return Answer(web, request, web.expenditure.CarryOverOrder(input, ActorOf(request)));
  }
  budget::CarryOverInput input;
  input.org = org;
  input.entry_id = fields.Text("entry_id");
  input.fiscal_year = FiscalYearParam(request, web.pages.clock);
  input.kind = fields.Text("kind");
  input.line = fields.Int("line");
  input.amount = fields.Text("amount");
  input.expiry = fields.Text("expiry");
  input.approver = fields.Text("approver");
  input.approval_ref = fields.Text("approval_ref");
  input.reason = fields.Text("reason");
  return Answer(web, request, web.carryovers.Create(input, ActorOf(request)));
}

Response Extend(ClosingWeb& web, Request& request) {
  const Fields fields(request);
  budget::ExtensionInput input{fields.Text("entry_id"), fields.Text("date"),     fields.Text("expiry"),
                               fields.Text("authority"), fields.Text("approver"), fields.Text("approval_ref")};
  return Answer(web, request, web.carryovers.Extend(OrgParam(request), SeqParam(request), input, ActorOf(request)));
}

Response Lapse(ClosingWeb& web, Request& request) {
  const Fields fields(request);
  budget::LapseInput input{fields.Text("entry_id"), fields.Text("date"), fields.Text("reason")};
  return Answer(web, request, web.carryovers.Lapse(OrgParam(request), SeqParam(request), input, ActorOf(request)));
}

// One carry-over (the document path of bud.carryover entries): its JSON, or its year's register.
Response One(ClosingWeb& web, Request& request) {
  auto carryover = web.carryovers.Get(OrgParam(request), SeqParam(request));
  if (!carryover.ok()) return Failed(web.pages.templates, request, carryover.status());
  if (IsApi(request)) return Response::Json(CarryOverJson(*carryover));
  return Response::Redirect(Base(OrgParam(request)) + "?fy=" + std::to_string(carryover->fiscal_year) + "#c" +
                            std::to_string(carryover->id));
}

}  // namespace

void RegisterCarryOverRoutes(RouteTable& table, ClosingWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/closing/carryovers", web, {
      {"GET", "", "bud.read", Register},
      {"GET", "/report/{file}", "report.read", Register},
      {"GET", "/{seq}", "bud.read", One},
      {"POST", "", "exp.debt", Create},
      {"POST", "/{seq}/extend", "exp.debt", Extend},
      {"POST", "/{seq}/lapse", "exp.debt", Lapse},
  });
  // clang-format on
}

}  // namespace klang::web
