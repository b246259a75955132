#include "reports/handlers.h"

#include <charconv>

#include "core/thai.h"
#include "reports/render.h"
#include "reports/trial_balance.h"

namespace klang::reports {
namespace {

using accounting::AmountOrBlank;
using accounting::Bind;
using accounting::ErrorResponse;
using accounting::OrgParam;
using accounting::PageBase;
using accounting::RenderPage;
using accounting::SeqParam;
using accounting::WebContext;
using http::Request;
using http::Response;
using nlohmann::json;

// The range asked for, defaulting to the current fiscal year up to today.
Result<std::pair<Date, Date>> RangeOf(const Request& request, const Clock& clock) {
  const Date today = clock.TodayInThailand();
  Date from = FiscalYearStart(FiscalYearOf(today));
  Date to = today;
  const std::string from_text = request.QueryParam("from");
  const std::string to_text = request.QueryParam("to");
  if (!from_text.empty()) {
    auto parsed = Date::ParseIso(from_text);
    if (!parsed.ok()) {
      return Status::InvalidInput("report.from", "วันที่เริ่มต้นไม่ถูกต้อง", "", "from");
    }
    from = *parsed;
  }
  if (!to_text.empty()) {
    auto parsed = Date::ParseIso(to_text);
    if (!parsed.ok()) return Status::InvalidInput("report.to", "วันที่สิ้นสุดไม่ถูกต้อง", "", "to");
    to = *parsed;
  }
  return std::make_pair(from, to);
}

Response TrialBalanceResponse(WebContext& context, Request& request, bool api) {
  const int64_t org = OrgParam(request);
  auto range = RangeOf(request, context.clock);
  if (!range.ok()) return api ? Response::Problem(range.status())
                              : ErrorResponse(request, context.templates, range.status());
  auto report = ComputeTrialBalance(context.ledger, context.chart, context.orgs, org,
                                    range->first, range->second, context.clock);
  if (!report.ok()) return api ? Response::Problem(report.status())
                               : ErrorResponse(request, context.templates, report.status());
  const std::string format = request.QueryParam("format", api ? "json" : "html");
  const std::string filename = "งบทดลอง-" + std::to_string(org) + "-" + range->first.ToIso() +
                               "-" + range->second.ToIso();
  if (format == "csv") {
    return Response::Download(TrialBalanceCsv(*report), "text/csv; charset=utf-8",
                              filename + ".csv");
  }
  if (format == "xlsx") {
    auto bytes = TrialBalanceXlsx(*report);
    if (!bytes.ok()) return Response::Problem(bytes.status());
    return Response::Download(
        std::move(bytes).value(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename + ".xlsx");
  }
  if (format == "pdf") {
    auto bytes = TrialBalancePdf(*report);
    if (!bytes.ok()) return Response::Problem(bytes.status());
    return Response::Download(std::move(bytes).value(), "application/pdf", filename + ".pdf");
  }
  if (format == "json") return Response::Json(TrialBalanceJson(*report));
  if (format != "html") {
    return Response::Problem(Status::InvalidInput("report.format", "รูปแบบรายงานไม่ถูกต้อง",
                                                  "format must be html, csv, xlsx, pdf or json",
                                                  "format"));
  }
  json data = PageBase(request, context.orgs, org, "งบทดลอง");
  data["report"] = TrialBalanceJson(*report);
  return RenderPage(context.templates, "trial_balance", data);
}

Response TrialBalancePage(WebContext& context, Request& request) {
  return TrialBalanceResponse(context, request, /*api=*/false);
}

Response ApiTrialBalance(WebContext& context, Request& request) {
  return TrialBalanceResponse(context, request, /*api=*/true);
}

Response VoucherPdfDownload(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t seq = SeqParam(request);
  auto view = context.vouchers.Get(org, seq);
  if (!view.ok()) return ErrorResponse(request, context.templates, view.status());
  auto bytes = VoucherPdf(VoucherDocument(*view, HeadingFor(context.orgs, org)));
  if (!bytes.ok()) return ErrorResponse(request, context.templates, bytes.status());
  return Response::Download(std::move(bytes).value(), "application/pdf",
                            "ใบผ่านรายการ-" + std::to_string(org) + "-" +
                                std::to_string(view->number) + "-" +
                                std::to_string(view->fiscal_year) + ".pdf");
}

json IntegrityJson(WebContext& context, int64_t org) {
  auto report = context.ledger.Verify(org);
  auto head = context.ledger.GetHead(org);
  json out = {{"org", org}};
  if (!report.ok()) {
    out["ok"] = false;
    out["problem"] = report.status().ToString();
    return out;
  }
  const auto& result = report->orgs.at(0);
  out["ok"] = result.ok;
  out["entries"] = result.entries;
  if (head.ok()) {
    out["head_seq"] = head->seq;
    out["head_hash"] = head->hash;
  }
  if (!result.ok) {
    out["first_bad_seq"] = result.first_bad_seq;
    out["problem"] = result.problem;
  }
  out["checked_at_th"] = PrintedAtThai(context.clock);
  return out;
}

Response IntegrityPage(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  json data = PageBase(request, context.orgs, org, "ความครบถ้วนของข้อมูล");
  data["integrity"] = IntegrityJson(context, org);
  return RenderPage(context.templates, "integrity", data);
}

Response ApiIntegrity(WebContext& context, Request& request) {
  return Response::Json(IntegrityJson(context, OrgParam(request)));
}

}  // namespace

nlohmann::json TrialBalanceJson(const TrialBalance& report) {
  json rows = json::array();
  for (const auto& row : report.rows) {
    rows.push_back({{"account", row.account_code},
                    {"name", row.account_name},
                    {"opening_debit", row.opening_debit.FormatPlain()},
                    {"opening_credit", row.opening_credit.FormatPlain()},
                    {"period_debit", row.period_debit.FormatPlain()},
                    {"period_credit", row.period_credit.FormatPlain()},
                    {"closing_debit", row.closing_debit.FormatPlain()},
                    {"closing_credit", row.closing_credit.FormatPlain()},
                    {"opening_debit_text", AmountOrBlank(row.opening_debit)},
                    {"opening_credit_text", AmountOrBlank(row.opening_credit)},
                    {"period_debit_text", AmountOrBlank(row.period_debit)},
                    {"period_credit_text", AmountOrBlank(row.period_credit)},
                    {"closing_debit_text", AmountOrBlank(row.closing_debit)},
                    {"closing_credit_text", AmountOrBlank(row.closing_credit)}});
  }
  return {{"from", report.from.ToIso()},
          {"to", report.to.ToIso()},
          {"from_th", FormatThaiDateLong(report.from)},
          {"to_th", FormatThaiDateLong(report.to)},
          {"fiscal_year", report.fiscal_year},
          {"rows", rows},
          {"empty", rows.empty()},
          {"totals",
           {{"opening_debit", report.total_opening_debit.Format()},
            {"opening_credit", report.total_opening_credit.Format()},
            {"period_debit", report.total_period_debit.Format()},
            {"period_credit", report.total_period_credit.Format()},
            {"closing_debit", report.total_closing_debit.Format()},
            {"closing_credit", report.total_closing_credit.Format()}}}};
}

void RegisterReportRoutes(http::Router& router, WebContext& context) {
  const std::string module = "reports";
  router.Add("GET", "/orgs/{org}/trial-balance", http::Access{false, "report.read", "org"},
             Bind(context, TrialBalancePage), module);
  router.Add("GET", "/orgs/{org}/vouchers/{seq}/pdf", http::Access{false, "gl.voucher.read", "org"},
             Bind(context, VoucherPdfDownload), module);
  router.Add("GET", "/orgs/{org}/integrity", http::Access{false, "integrity.read", "org"},
             Bind(context, IntegrityPage), module);
  router.Add("GET", "/api/v1/orgs/{org}/trial-balance", http::Access{false, "report.read", "org"},
             Bind(context, ApiTrialBalance), module);
  router.Add("GET", "/api/v1/orgs/{org}/integrity", http::Access{false, "integrity.read", "org"},
             Bind(context, ApiIntegrity), module);
}

}  // namespace klang::reports
