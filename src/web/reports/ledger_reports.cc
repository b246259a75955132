#include "web/reports/ledger_reports.h"

#include "core/thai.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"
#include "web/witness/witness.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using reports::TrialBalance;

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

// Where a trial balance from the first day of a fiscal year takes its ยอดยกมา: the balances at
// 30 September of the year before, after its year-end close (linked by the close's entry) or,
// while that year is not closed, with its revenue and expenses not yet closed into the funds.
// Null when the range does not start a fiscal year or the books began with this one.
Result<json> OpeningFrom(LedgerReportsWeb& web, int64_t org, Date from) {
  const int year = FiscalYearOf(from);
  if (from != FiscalYearStart(year)) return json(nullptr);
  KLANG_ASSIGN_OR_RETURN(std::optional<int> first, web.ledger.FirstFiscalYear(org));
  if (!first || *first >= year) return json(nullptr);
  KLANG_ASSIGN_OR_RETURN(closing::YearStatus status, web.years.StatusOf(org, year - 1));
  const std::string day = FormatThaiDateLong(from.AddDays(-1));
  return json{{"fiscal_year", year - 1},
              {"closed", status.closed},
              {"act_seq", status.act_seq},
              {"note_th", status.closed ? "ยอดยกมาคือยอดคงเหลือ ณ วันที่ " + day + " หลังปิดบัญชีประจำปีงบประมาณ " +
                                              std::to_string(year - 1) + " (รายการลำดับที่ " +
                                              std::to_string(status.act_seq) + ")"
                                        : "ปีงบประมาณ " + std::to_string(year - 1) +
                                              " ยังไม่ได้ปิดบัญชีประจำปี ยอดยกมาของบัญชีรายได้และรายจ่ายยังไม่ได้ปิดเข้าบัญชีเงินสะสม "
                                              "และจะเปลี่ยนเมื่อปิดบัญชี"}};
}

Response TrialBalanceResponse(LedgerReportsWeb& web, Request& request, bool api) {
  const int64_t org = OrgParam(request);
  auto range = RangeOf(request, web.pages.clock);
  if (!range.ok())
    return api ? Response::Problem(range.status())
               : ErrorResponse(request, web.pages.templates, range.status());
  auto report = reports::ComputeTrialBalance(web.ledger, web.vouchers, web.chart, web.pages.orgs, org,
                                             range->first, range->second, web.pages.clock);
  if (!report.ok())
    return api ? Response::Problem(report.status())
               : ErrorResponse(request, web.pages.templates, report.status());
  const std::string format = request.QueryParam("format", api ? "json" : "html");
  const std::string filename =
      "งบทดลอง-" + std::to_string(org) + "-" + FileDate(range->first) + "-" + FileDate(range->second);
  if (format == "csv") {
    return Response::Download(reports::TrialBalanceCsv(*report), "text/csv; charset=utf-8",
                              filename + ".csv");
  }
  if (format == "xlsx") {
    auto bytes = reports::TrialBalanceXlsx(*report);
    if (!bytes.ok()) return Response::Problem(bytes.status());
    return Response::Download(std::move(bytes).value(),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              filename + ".xlsx");
  }
  if (format == "pdf") {
    auto bytes = reports::TrialBalancePdf(*report);
    if (!bytes.ok()) return Response::Problem(bytes.status());
    return Response::Download(std::move(bytes).value(), "application/pdf", filename + ".pdf");
  }
  auto opening = OpeningFrom(web, org, range->first);
  if (!opening.ok()) return api ? Response::Problem(opening.status()) : ErrorResponse(request, web.pages.templates, opening.status());
  if (format == "json") {
    json answer = TrialBalanceJson(*report);
    answer["opening_from"] = *opening;
    return Response::Json(answer);
  }
  if (format != "html") {
    return Response::Problem(Status::InvalidInput("report.format", "รูปแบบรายงานไม่ถูกต้อง",
                                                  "format must be html, csv, xlsx, pdf or json",
                                                  "format"));
  }
  json data = PageBase(request, web.pages.orgs, org, "งบทดลอง");
  data["report"] = TrialBalanceJson(*report);
  data["report"]["opening_from"] = *opening;
  return RenderPage(web.pages.templates, "trial_balance", data);
}

Response TrialBalancePage(LedgerReportsWeb& web, Request& request) {
  return TrialBalanceResponse(web, request, /*api=*/false);
}

Response ApiTrialBalance(LedgerReportsWeb& web, Request& request) {
  return TrialBalanceResponse(web, request, /*api=*/true);
}

Response VoucherPdfDownload(LedgerReportsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t seq = SeqParam(request);
  auto view = web.vouchers.Get(org, seq);
  if (!view.ok()) return ErrorResponse(request, web.pages.templates, view.status());
  reports::Voucher voucher = reports::VoucherDocument(*view, reports::HeadingFor(web.pages.orgs, org));
  LinkCheck(web.pages, request, org, seq, voucher);
  auto bytes = reports::VoucherPdf(voucher);
  if (!bytes.ok()) return ErrorResponse(request, web.pages.templates, bytes.status());
  return Response::Download(std::move(bytes).value(), "application/pdf",
                            "ใบผ่านรายการ-" + std::to_string(org) + "-" +
                                std::to_string(view->number) + "-" +
                                std::to_string(view->fiscal_year) + ".pdf");
}

json IntegrityJson(LedgerReportsWeb& web, int64_t org) {
  // With signed checkpoints, the one verification also holds the chain to the witnessed ones.
  Result<ledger::Anchors> anchors = ledger::Anchors{};
  if (web.checkpoints != nullptr) anchors = IntegrityAnchors(*web.checkpoints, org);
  auto report = anchors.ok() ? web.ledger.Verify(org, {}, web.checkpoints != nullptr ? &*anchors : nullptr)
                             : Result<ledger::VerifyReport>(anchors.status());
  auto head = web.ledger.GetHead(org);
  json out = {{"org", org}};
  if (!report.ok()) {
    out["ok"] = false;
    out["problem"] = report.status().ToString();
    return out;
  }
  const auto& result = report->orgs.at(0);
  if (web.oversight != nullptr) {
    // Oversight shows the last verification; failing to note it does not fail the page.
    NoteMade(web.oversight->RecordVerifications({{org, result.ok, result.first_bad_seq, result.problem}}));
  }
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
  const Date today = web.pages.clock.TodayInThailand();
  auto differences = web.reconciler.Run(org, today);
  json registers = json::array();
  if (differences.ok()) {
    for (const auto& difference : *differences) {
      registers.push_back({{"check", difference.check},
                           {"check_th", difference.check_th},
                           {"what_th", difference.what_th},
                           {"date", difference.date},
                           {"date_th", OptionalDateThai(Date::ParseIso(difference.date).ok()
                                                            ? std::optional<Date>(*Date::ParseIso(difference.date))
                                                            : std::nullopt)},
                           {"amount", difference.amount.FormatPlain()},
                           {"amount_text", difference.amount.Format()}});
    }
  } else {
    out["registers_problem"] = differences.status().message_th();
  }
  out["registers"] = registers;
  out["registers_ok"] = differences.ok() && registers.empty();
  out["registers_differ"] = !registers.empty();
  out["registers_fiscal_year"] = FiscalYearOf(today);
  std::string checked;
  for (const auto& name : web.reconciler.names_th()) checked += (checked.empty() ? "" : " · ") + name;
  out["registers_checked"] = checked;
  out["checked_at_th"] = reports::PrintedAtThai(web.pages.clock);
  if (web.checkpoints != nullptr) {
    out["checkpoints"] = CheckpointsJson(*web.checkpoints, web.pages.clock, org, report.ok() ? &report->orgs.at(0) : nullptr);
  }
  return out;
}

Response IntegrityPage(LedgerReportsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  json data = PageBase(request, web.pages.orgs, org, "ความครบถ้วนของข้อมูล");
  data["integrity"] = IntegrityJson(web, org);
  return RenderPage(web.pages.templates, "integrity", data);
}

Response ApiIntegrity(LedgerReportsWeb& web, Request& request) {
  return Response::Json(IntegrityJson(web, OrgParam(request)));
}

}  // namespace

json TrialBalanceJson(const TrialBalance& report) {
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

Result<std::string> StandaloneTrialBalanceHtml(const http::Templates& templates,
                                               org::OrgDirectory& orgs, int64_t org,
                                               const TrialBalance& report) {
  json data = StandalonePageBase(orgs, org, "งบทดลอง");
  data["report"] = TrialBalanceJson(report);
  data["report"]["standalone"] = true;
  return templates.Render("trial_balance", data);
}

void RegisterLedgerReportRoutes(RouteTable& table, LedgerReportsWeb& web) {
  // clang-format off
  table.AddOrgRoutes("", web, {
      {"GET", "/trial-balance", "report.read", TrialBalancePage, Face::kPage},
      {"GET", "/vouchers/{seq}/pdf", "gl.voucher.read", VoucherPdfDownload, Face::kPage},
      {"GET", "/integrity", "integrity.read", IntegrityPage, Face::kPage},
      {"GET", "/trial-balance", "report.read", ApiTrialBalance, Face::kApi},
      {"GET", "/integrity", "integrity.read", ApiIntegrity, Face::kApi},
  });
  // clang-format on
}

}  // namespace klang::web
