#include "web/accounting/vouchers.h"

#include "core/thai.h"
#include "ledger/entry.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using accounting::VoucherInput;
using accounting::VoucherLineInput;
using accounting::VoucherView;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kListPageSize = 50;
constexpr int64_t kListPagesMax = 1'000'000;  // far beyond any organisation's vouchers

// The ?page= asked for, 0 when absent, negative or absurd.
int64_t PageParam(const Request& request) {
  const int64_t page = QueryInt(request, "page");
  return page >= 0 && page <= kListPagesMax ? page : 0;
}
constexpr size_t kBlankFormLines = 4;  // lines a new voucher form offers
const std::vector<std::string> kLineFields = {"account", "debit", "credit", "budget_line"};
constexpr size_t kBankSelects = 2;  // the voucher form's bank account selects

VoucherLineInput LineInputOf(Fields::Row& row) {
  return {row["account"], row["debit"], row["credit"], row["budget_line"]};
}

json AccountOptions(accounting::ChartOfAccounts& chart, const std::string& selected) {
  json options = json::array();
  for (const auto& account : chart.All()) {
    options.push_back({{"code", account.code},
                       {"name", account.name_th},
                       {"selected", account.code == selected}});
  }
  return options;
}

// The budget lines in force on `day` a voucher line may name (a line on a budget-controlled
// account must name one): "account — work / category / item (available)".
json BudgetLineOptions(AccountingWeb& web, int64_t org, Date day, const std::string& selected) {
  json options = json::array();
  auto lines = web.budget.Lines(org, FiscalYearOf(day), day, /*include_not_in_force=*/false);
  if (!lines.ok()) return options;
  for (const auto& line : *lines) {
    const std::string id = std::to_string(line.id);
    options.push_back({{"id", id},
                       {"label", line.category.account + " — " + line.Label() + " (คงเหลือ " +
                                     line.available().Format() + ")"},
                       {"selected", id == selected}});
  }
  return options;
}

json LineRow(AccountingWeb& web, int64_t org, Date day, const VoucherLineInput& line, size_t number) {
  return {{"accounts", AccountOptions(web.chart, line.account)},
          {"budget_lines", BudgetLineOptions(web, org, day, line.budget_line)},
          {"debit", line.debit},
          {"credit", line.credit},
          {"number", number}};
}

json FormData(AccountingWeb& web, const Request& request, int64_t org,
              const std::vector<VoucherLineInput>& lines, const std::string& date,
              const std::string& description, const std::string& type, const std::string& entry_id,
              const Status& error) {
  json data = PageBase(request, web.pages.orgs, org, "บันทึกใบผ่านรายการบัญชีทั่วไป");
  auto typed = Date::ParseIso(date);
  const Date day = typed.ok() ? *typed : web.pages.clock.TodayInThailand();
  json rows = json::array();
  size_t index = 0;
  for (const auto& line : lines) rows.push_back(LineRow(web, org, day, line, ++index));
  data["lines"] = rows;
  data["date"] = date;
  data["description"] = description;
  data["opening"] = type == accounting::kVoucherTypeOpening;
  data["entry_id"] = entry_id;
  data["fiscal_year"] = FiscalYearOf(typed.ok() ? *typed : web.pages.clock.TodayInThailand());
  // A line on a deposit account names the bank account, so the bank register keeps up.
  // Two selects: the second for a transfer between two of the organisation's accounts.
  const std::vector<int64_t> chosen = Fields(request).Ints("bank_accounts");
  json selects = json::array();
  auto accounts = web.revenue.BankAccounts(org);  // read once for both selects
  for (size_t slot = 0; slot < kBankSelects; ++slot) {
    json banks = json::array();
    if (accounts.ok()) {
      for (const auto& bank : *accounts) {
        banks.push_back({{"id", bank.id}, {"label", bank.gl_account + " " + bank.name + " " + bank.account_no},
                         {"selected", slot < chosen.size() && bank.id == chosen[slot]}});
      }
    }
    selects.push_back({{"banks", banks}, {"second", slot > 0}});
  }
  data["bank_selects"] = selects;
  if (!error.ok()) {
    data["error"] = error.message_th();
    data["error_field"] = error.field();
    data["error_code"] = error.stable_code();
  }
  return data;
}

Response VoucherForm(AccountingWeb& web, Request& request) {
  const std::vector<VoucherLineInput> lines(kBlankFormLines);
  return RenderPage(
      web.pages.templates, "voucher_form",
      FormData(web, request, OrgParam(request), lines, web.pages.clock.TodayInThailand().ToIso(),
               "", accounting::kVoucherTypeGeneral, NewUuid(web.pages.random), Status::Ok()));
}

Response VoucherLineFragment(AccountingWeb& web, Request& request) {
  json data = LineRow(web, OrgParam(request), web.pages.clock.TodayInThailand(), {}, 0);
  return RenderPage(web.pages.templates, "voucher_line", data, 200, /*fragment=*/true);
}

// Live totals while typing (htmx posts the form): sums what parses, says what does not.
Response VoucherBalanceFragment(AccountingWeb& web, Request& request) {
  Money debit_total, credit_total;
  std::string problem;
  auto add = [&](const std::vector<std::string>& values, Money* total) {
    for (const auto& value : values) {
      if (value.empty()) continue;
      auto parsed = Money::Parse(value);
      if (!parsed.ok()) {
        problem = "จำนวนเงิน \"" + value + "\" ไม่ถูกต้อง";
        continue;
      }
      auto sum = Money::CheckedAdd(*total, *parsed);
      if (!sum.ok()) {
        problem = sum.status().message_th();
        continue;
      }
      *total = *sum;
    }
  };
  add(request.FormValues("debit"), &debit_total);
  add(request.FormValues("credit"), &credit_total);
  const Money difference = debit_total - credit_total;
  json data = {{"debit_total", debit_total.Format()},
               {"credit_total", credit_total.Format()},
               {"balanced", difference.is_zero() && !debit_total.is_zero() && problem.empty()},
               {"difference", (difference.is_negative() ? -difference : difference).Format()},
               {"problem", problem},
               {"empty", debit_total.is_zero() && credit_total.is_zero() && problem.empty()}};
  return RenderPage(web.pages.templates, "voucher_balance", data, 200, /*fragment=*/true);
}

// The form again after a refusal, with the lines as typed.
Response VoucherFormRefused(AccountingWeb& web, const Request& request, const VoucherInput& input,
                            const Status& status) {
  if (status.code() != ErrorCode::kInvalidInput && status.code() != ErrorCode::kConflict) {
    return ErrorResponse(request, web.pages.templates, status);
  }
  auto lines = input.lines;
  while (lines.size() < 2) lines.push_back({});
  return RenderPage(web.pages.templates, "voucher_form",
                    FormData(web, request, input.org, lines, input.date, input.description,
                             input.type, input.entry_id, status),
                    422);
}

Response CreateVoucherFromForm(AccountingWeb& web, Request& request) {
  const Fields fields(request);
  VoucherInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.type = fields.Text("opening") == "1" ? accounting::kVoucherTypeOpening
                                                : accounting::kVoucherTypeGeneral;
  input.date = fields.Text("date");
  input.description = fields.Text("description");
  for (const int64_t bank : fields.Ints("bank_accounts")) {
    if (bank != 0) input.bank_accounts.push_back(bank);  // a select left at "none" sends ""
  }
  if (!input.entry_id.empty() && !IsUuid(input.entry_id)) input.entry_id.clear();
  auto rows = fields.Rows("lines", kLineFields, ledger::kLinesMax);
  if (!rows.ok()) return VoucherFormRefused(web, request, input, rows.status());
  for (auto& row : *rows) input.lines.push_back(LineInputOf(row));
  auto posted = web.vouchers.Post(input, AuthorOf(request));
  if (!posted.ok()) return VoucherFormRefused(web, request, input, posted.status());
  return Response::Redirect("/orgs/" + std::to_string(input.org) + "/vouchers/" +
                            std::to_string(posted->seq) + "?saved=1");
}

Response VoucherPage(AccountingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto view = web.vouchers.Get(org, SeqParam(request));
  if (!view.ok()) return ErrorResponse(request, web.pages.templates, view.status());
  json data = PageBase(request, web.pages.orgs, org, view->type_th + " " + view->number_text);
  data["voucher"] = VoucherJson(*view);
  data["saved"] = request.QueryParam("saved") == "1";
  data["today"] = web.pages.clock.TodayInThailand().ToIso();
  return RenderPage(web.pages.templates, "voucher", data);
}

Response VoucherListPage(AccountingWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t page = PageParam(request);
  auto views = web.vouchers.List(org, kListPageSize + 1, static_cast<size_t>(page) * kListPageSize);
  if (!views.ok()) return ErrorResponse(request, web.pages.templates, views.status());
  const bool more = CutAt(*views, kListPageSize);
  json data = PageBase(request, web.pages.orgs, org, "ทะเบียนใบผ่านรายการบัญชีทั่วไป");
  json rows = json::array();
  for (const auto& view : *views) rows.push_back(VoucherJson(view));
  data["vouchers"] = rows;
  data["empty"] = rows.empty();
  data["next_page"] = more ? json(page + 1) : json(nullptr);
  data["previous_page"] = page > 0 ? json(page - 1) : json(nullptr);
  return RenderPage(web.pages.templates, "vouchers", data);
}

Response ReverseFromForm(AccountingWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto reversal =
      web.vouchers.Reverse(org, SeqParam(request), fields.Text("date"), fields.Text("reason"),
                           fields.Text("entry_id"), AuthorOf(request));
  if (!reversal.ok()) return ErrorResponse(request, web.pages.templates, reversal.status());
  return Response::Redirect("/orgs/" + std::to_string(org) + "/vouchers/" +
                            std::to_string(reversal->seq) + "?saved=1");
}

// ---- JSON API ----

Status Malformed() {
  return Status::InvalidInput("http.malformed", "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง",
                              "request body is not a JSON object");
}

// The body's fields have passed the table of fields (kit/input.h): texts are strings, lines an
// array of objects, entry_id a UUID.
Result<VoucherInput> VoucherInputFromJson(const Request& request) {
  if (!request.JsonBody().is_object()) return Malformed();
  const Fields fields(request);
  VoucherInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.type = fields.Text("type");
  input.date = fields.Text("date");
  input.description = fields.Text("description");
  if (const int64_t one = fields.Int("bank_account"); one != 0) input.bank_accounts.push_back(one);
  for (const int64_t bank : fields.Ints("bank_accounts")) input.bank_accounts.push_back(bank);
  if (const std::string year = fields.Text("fiscal_year"); !year.empty()) {
    if (year.find_first_not_of("0123456789") != std::string::npos || year.size() > 4) {
      return Status::InvalidInput("gl.fiscal_year", "ปีงบประมาณไม่ถูกต้อง", "", "fiscal_year");
    }
    input.fiscal_year = static_cast<int>(ToInt(year));
  }
  if (!request.JsonBody().contains("lines")) {
    return Status::InvalidInput("gl.lines", "ต้องระบุรายการบัญชี (lines)", "", "lines");
  }
  KLANG_ASSIGN_OR_RETURN(auto rows, fields.Rows("lines", kLineFields, ledger::kLinesMax));
  for (auto& row : rows) input.lines.push_back(LineInputOf(row));
  return input;
}

Response ApiCreateVoucher(AccountingWeb& web, Request& request) {
  auto input = VoucherInputFromJson(request);
  if (!input.ok()) return Response::Problem(input.status());
  auto posted = web.vouchers.Post(*input, AuthorOf(request));
  if (!posted.ok()) return Response::Problem(posted.status());
  return Response::Json(VoucherJson(*posted), 201);
}

Response ApiGetVoucher(AccountingWeb& web, Request& request) {
  auto view = web.vouchers.Get(OrgParam(request), SeqParam(request));
  if (!view.ok()) return Response::Problem(view.status());
  return Response::Json(VoucherJson(*view));
}

// Newest first, a page at a time (?page=0, 1, …); "truncated" and "next_page" say there is more.
Response ApiListVouchers(AccountingWeb& web, Request& request) {
  const int64_t page = PageParam(request);
  auto views = web.vouchers.List(OrgParam(request), kListPageSize + 1,
                                 static_cast<size_t>(page) * kListPageSize);
  if (!views.ok()) return Response::Problem(views.status());
  const bool more = CutAt(*views, kListPageSize);
  json rows = json::array();
  for (const auto& view : *views) rows.push_back(VoucherJson(view));
  return Response::Json({{"vouchers", rows},
                         {"page", page},
                         {"truncated", more},
                         {"next_page", more ? json(page + 1) : json(nullptr)}});
}

Response ApiReverseVoucher(AccountingWeb& web, Request& request) {
  if (!request.JsonBody().is_object()) return Response::Problem(Malformed());
  const Fields fields(request);
  auto reversal =
      web.vouchers.Reverse(OrgParam(request), SeqParam(request), fields.Text("date"),
                           fields.Text("reason"), fields.Text("entry_id"), AuthorOf(request));
  if (!reversal.ok()) return Response::Problem(reversal.status());
  return Response::Json(VoucherJson(*reversal), 201);
}

Response ApiAccounts(AccountingWeb& web, Request&) {
  json rows = json::array();
  for (const auto& account : web.chart.All()) {
    rows.push_back({{"code", account.code},
                    {"name_th", account.name_th},
                    {"name_en", account.name_en},
                    {"class", account.account_class},
                    {"normal_side", account.normal_debit ? "debit" : "credit"}});
  }
  return Response::Json({{"accounts", rows}});
}

}  // namespace

// Built member by member rather than from nested initializer lists, which make and copy a
// two-element array for every member: this answer is on the path of every posted voucher
// (docs/performance.md, "The voucher's answer and the access log").
json VoucherJson(const VoucherView& view) {
  json lines = json::array();
  lines.get_ref<json::array_t&>().reserve(view.lines.size());
  for (const auto& line : view.lines) {
    json& out = lines.emplace_back(json::object());
    out["account"] = line.account_code;
    out["account_name"] = line.account_name;
    out["debit"] = line.debit.FormatPlain();
    out["credit"] = line.credit.FormatPlain();
    out["debit_text"] = AmountOrBlank(line.debit);
    out["credit_text"] = AmountOrBlank(line.credit);
    out["budget_line"] = line.budget_line > 0 ? json(line.budget_line) : json(nullptr);
  }
  json out = json::object();
  out["org"] = view.org;
  out["seq"] = view.seq;
  out["entry_id"] = view.entry_id;
  out["kind"] = view.kind;
  out["type_th"] = view.type_th;
  out["number"] = view.number;
  out["number_text"] = view.number_text;
  out["date"] = view.date.ToIso();
  out["date_th"] = FormatThaiDateLong(view.date);
  out["fiscal_year"] = view.fiscal_year;
  out["description"] = view.description;
  out["lines"] = std::move(lines);
  out["total"] = view.total.FormatPlain();
  out["total_text"] = view.total.Format();
  out["total_words"] = BahtText(view.total);
  out["author"] = view.author;
  out["hash"] = view.hash;
  out["origin_th"] = view.origin_th;
  out["bank_account"] = view.bank_accounts.empty() ? json(nullptr) : json(view.bank_accounts.front());
  out["bank_accounts"] = view.bank_accounts;
  out["reverses_seq"] = view.reverses_seq ? json(*view.reverses_seq) : json(nullptr);
  out["reversed_by_seq"] = view.reversed_by_seq ? json(*view.reversed_by_seq) : json(nullptr);
  out["can_reverse"] = view.kind != accounting::kKindReversal && !view.reversed_by_seq;
  return out;
}

void RegisterAccountingRoutes(RouteTable& table, AccountingWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/vouchers", web, {
      {"GET", "", "gl.voucher.read", VoucherListPage, Face::kPage},
      {"GET", "/new", "gl.voucher.create", VoucherForm, Face::kPage},
      {"GET", "/line", "gl.voucher.create", VoucherLineFragment, Face::kPage},
      {"POST", "/balance", "gl.voucher.create", VoucherBalanceFragment, Face::kPage},
      {"POST", "", "gl.voucher.create", CreateVoucherFromForm, Face::kPage},
      {"GET", "/{seq}", "gl.voucher.read", VoucherPage, Face::kPage},
      {"POST", "/{seq}/reverse", "gl.voucher.reverse", ReverseFromForm, Face::kPage},
      {"GET", "", "gl.voucher.read", ApiListVouchers, Face::kApi},
      {"POST", "", "gl.voucher.create", ApiCreateVoucher, Face::kApi},
      {"GET", "/{seq}", "gl.voucher.read", ApiGetVoucher, Face::kApi},
      {"POST", "/{seq}/reverse", "gl.voucher.reverse", ApiReverseVoucher, Face::kApi},
  });
  // clang-format on
  // clang-format off
  table.AddOrgRoutes("", web, {
      {"GET", "/accounts", "org.read", ApiAccounts, Face::kApi},
  });
  // clang-format on
}

}  // namespace klang::web
