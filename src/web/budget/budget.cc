#include "web/budget/budget.h"

#include <functional>

#include "core/thai.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using budget::Budget;
using budget::BudgetCatalog;
using budget::BudgetInput;
using budget::BudgetLine;
using budget::EstimateInput;
using budget::ExplanationInput;
using budget::LineInput;
using budget::TransferInput;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kBlankLineRows = 5;  // empty rows a new budget or transfer form offers
constexpr size_t kBlankEstimateRows = 5;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/budget"; }

int FiscalYearParam(BudgetWeb& web, const Request& request) {
  return web::FiscalYearParam(request, web.pages.clock);
}

Response Refused(BudgetWeb& web, Request& request, const Status& status,
                 const std::function<Response(json extra)>& page) {
  return web::Refused(web.pages.templates, request, status, page);
}

Response Failed(BudgetWeb& web, Request& request, const Status& status) {
  return web::Failed(web.pages.templates, request, status);
}

json Page(BudgetWeb& web, const Request& request, const std::string& title) {
  return ModulePage(request, web.pages, title, Base(OrgParam(request)));
}

// Totals of lines for the summary rows of the register and the home page.
json LineTotals(const std::vector<BudgetLine>& lines) {
  Money original, in, out, committed, spent;
  for (const auto& line : lines) {
    original = original + line.original;
    in = in + line.transfer_in;
    out = out + line.transfer_out;
    committed = committed + line.committed;
    spent = spent + line.spent;
  }
  const Money appropriation = original + in - out;
  return {{"original", AmountJson(original)},
          {"transfer_in", AmountJson(in)},
          {"transfer_out", AmountJson(out)},
          {"appropriation", AmountJson(appropriation)},
          {"committed", AmountJson(committed)},
          {"spent", AmountJson(spent)},
          {"available", AmountJson(appropriation - committed - spent)}};
}

// Options for the classification selects, the chosen one marked.
json WorkOptions(const BudgetCatalog& catalog, const std::string& chosen) {
  json options = json::array();
  for (const auto& work : catalog.works()) {
    options.push_back({{"code", work.code},
                       {"name", work.plan_name_th + " / " + work.name_th},
                       {"selected", work.code == chosen}});
  }
  return options;
}
json CategoryOptions(const BudgetCatalog& catalog, const std::string& chosen) {
  json options = json::array();
  for (const auto& category : catalog.categories()) {
    options.push_back({{"code", category.code},
                       {"name", category.group_name_th + " / " + category.name_th},
                       {"selected", category.code == chosen}});
  }
  return options;
}
json LineOptions(const std::vector<BudgetLine>& lines, int64_t chosen) {
  json options = json::array();
  for (const auto& line : lines) {
    options.push_back({{"id", line.id},
                       {"label", line.Label()},
                       {"available", AmountJson(line.available())},
                       {"selected", line.id == chosen}});
  }
  return options;
}

const std::vector<std::string> kLineFields = {"work", "category", "item", "explanation", "amount"};

std::vector<LineInput> LinesOf(std::vector<Fields::Row> rows) {
  std::vector<LineInput> lines;
  for (auto& row : rows) {
    if (row["work"].empty() && row["category"].empty() && row["item"].empty() &&
        row["amount"].empty()) {
      continue;  // a blank row of the form
    }
    lines.push_back({row["work"], row["category"], row["item"], row["explanation"], row["amount"]});
  }
  return lines;
}

Result<std::vector<LineInput>> LineRows(const Fields& fields) {
  KLANG_ASSIGN_OR_RETURN(auto rows, fields.Rows("lines", kLineFields));
  return LinesOf(std::move(rows));
}

// The rows a line form shows: what was typed (after a refusal), else `current`, then blanks.
json LineFormRows(BudgetWeb& web, const Fields& fields, const std::vector<LineInput>& current,
                  size_t blanks) {
  std::vector<LineInput> rows = LinesOf(fields.TypedRows("lines", kLineFields));
  if (rows.empty()) rows = current;
  rows.resize(rows.size() + blanks);
  json out = json::array();
  for (const auto& row : rows) {
    out.push_back({{"works", WorkOptions(web.budget.catalog(), row.work)},
                   {"categories", CategoryOptions(web.budget.catalog(), row.category)},
                   {"item", row.item},
                   {"explanation", row.explanation},
                   {"amount", row.amount}});
  }
  return out;
}

// ---- home ----

Response Home(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "งบประมาณ");
  const int fiscal_year = data["fiscal_year"].get<int>();
  auto budgets = web.budget.List(org, fiscal_year);
  if (!budgets.ok()) return Failed(web, request, budgets.status());
  json rows = json::array();
  for (const auto& budget : *budgets) rows.push_back(BudgetJson(budget));
  data["budgets"] = rows;
  auto lines = web.budget.Lines(org, fiscal_year, web.pages.clock.TodayInThailand());
  if (!lines.ok()) return Failed(web, request, lines.status());
  data["totals"] = LineTotals(*lines);
  data["line_count"] = lines->size();
  auto unreported = web.budget.Unreported(org);
  if (!unreported.ok()) return Failed(web, request, unreported.status());
  json changes = json::array();
  for (const auto& change : *unreported) changes.push_back(ChangeJson(change));
  data["unreported"] = changes;
  return RenderPage(web.pages.templates, "budget_home", data);
}

// ---- budget documents ----

Response BudgetsPage(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year =
      IsApi(request) && request.QueryParam("fy").empty() ? 0 : FiscalYearParam(web, request);
  auto budgets = web.budget.List(org, fiscal_year);
  if (!budgets.ok()) return Failed(web, request, budgets.status());
  json rows = json::array();
  for (const auto& budget : *budgets) rows.push_back(BudgetJson(budget));
  if (IsApi(request)) return Response::Json({{"budgets", rows}});
  json data = Page(web, request, "เอกสารงบประมาณ");
  data["budgets"] = rows;
  return RenderPage(web.pages.templates, "budget_list", data);
}

// The form of a new budget, or of a draft's revision (`budget` non-null).
Response BudgetFormPage(BudgetWeb& web, Request& request, const Budget* budget, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, budget ? "แก้ไขร่าง" + budget->title : "จัดทำร่างงบประมาณ");
  const Fields fields(request);
  std::vector<LineInput> current;
  std::vector<EstimateInput> estimates;
  if (budget) {
    for (const auto& line : budget->lines) {
      current.push_back({line.work.code, line.category.code, line.item, line.explanation,
                         line.original.FormatPlain()});
    }
    for (const auto& estimate : budget->estimates) {
      estimates.push_back({estimate.item, estimate.amount.FormatPlain(), estimate.justification});
    }
    data["action"] = Base(org) + "/budgets/" + std::to_string(budget->id) + "/revise";
    data["editing"] = BudgetJson(*budget);
  } else {
    data["action"] = Base(org) + "/budgets";
  }
  data["lines"] = LineFormRows(web, fields, current, kBlankLineRows);
  auto typed = fields.TypedRows("estimates", {"estimate_item", "estimate_amount", "justification"});
  if (!typed.empty()) {
    estimates.clear();
    for (auto& row : typed) {
      if (row["estimate_item"].empty() && row["estimate_amount"].empty()) continue;
      estimates.push_back({row["estimate_item"], row["estimate_amount"], row["justification"]});
    }
  }
  estimates.resize(estimates.size() + kBlankEstimateRows);
  json estimate_rows = json::array();
  for (const auto& estimate : estimates) {
    json items = json::array();
    for (const auto& item : web.budget.revenue_items().items()) {
      items.push_back(
          {{"code", item.code}, {"name", item.name_th}, {"selected", item.code == estimate.item}});
    }
    estimate_rows.push_back(
        {{"items", items}, {"amount", estimate.amount}, {"justification", estimate.justification}});
  }
  data["estimates"] = estimate_rows;
  const std::string kind =
      fields.Text("kind").empty() ? (budget ? budget->kind : budget::kAnnual) : fields.Text("kind");
  json kinds = json::array();
  for (const auto& [code, name] :
       {std::pair<const char*, const char*>{"annual", "งบประมาณรายจ่ายประจำปี"},
        {"supplementary", "งบประมาณรายจ่ายเพิ่มเติม"},
        {"specific", "งบประมาณรายจ่ายเฉพาะการ"}}) {
    kinds.push_back({{"code", code}, {"name", name}, {"selected", kind == code}});
  }
  data["kinds"] = kinds;
  json bases = json::array();
  if (auto all = web.budget.List(org, 0); all.ok()) {
    for (const auto& one : *all) {
      if (one.kind == budget::kAnnual && one.state == budget::kApproved) {
        bases.push_back({{"id", one.id},
                         {"title", one.title},
                         {"selected", ToInt(fields.Text("base")) == one.id ||
                                          (budget && budget->base == one.id)}});
      }
    }
  }
  data["bases"] = bases;
  data["title_value"] =
      fields.Text("title").empty() ? (budget ? budget->title : "") : fields.Text("title");
  data["fy_value"] = fields.Text("fiscal_year").empty()
                         ? (budget ? budget->fiscal_year : data["fiscal_year"].get<int>() + 1)
                         : ToInt(fields.Text("fiscal_year"));
  Merge(data, extra);
  return RenderPage(web.pages.templates, "budget_form", data);
}
Response NewBudgetForm(BudgetWeb& web, Request& request) {
  return BudgetFormPage(web, request, nullptr, {});
}

Result<BudgetInput> ReadBudget(const Request& request) {
  const Fields fields(request);
  BudgetInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.kind = fields.Text("kind");
  input.fiscal_year = static_cast<int>(fields.Int("fiscal_year"));
  input.title = fields.Text("title");
  input.date = fields.Text("date");
  input.base = fields.Int("base");
  KLANG_ASSIGN_OR_RETURN(input.lines, LineRows(fields));
  KLANG_ASSIGN_OR_RETURN(
      auto estimates,
      fields.Rows("estimates", {"estimate_item", "estimate_amount", "justification"}));
  for (auto& row : estimates) {
    if (row["estimate_item"].empty() && row["estimate_amount"].empty()) continue;
    input.estimates.push_back({row["estimate_item"], row["estimate_amount"], row["justification"]});
  }
  return input;
}

Response CreateBudget(BudgetWeb& web, Request& request) {
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return BudgetFormPage(web, request, nullptr, extra); });
  };
  const auto input = ReadBudget(request);
  if (!input.ok()) return refused(input.status());
  auto budget = web.budget.Create(*input, ActorOf(request));
  if (!budget.ok()) return refused(budget.status());
  return Done(request, BudgetJson(*budget),
              Base(input->org) + "/budgets/" + std::to_string(budget->id));
}

Response BudgetPage(BudgetWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto budget = web.budget.Get(org, SeqParam(request));
  if (!budget.ok()) return Failed(web, request, budget.status());
  if (IsApi(request)) return Response::Json(BudgetJson(*budget));
  json data = Page(web, request, budget->title);
  data["budget"] = BudgetJson(*budget);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "budget_view", data);
}
Response BudgetView(BudgetWeb& web, Request& request) { return BudgetPage(web, request, {}); }

Response EditBudgetForm(BudgetWeb& web, Request& request) {
  auto budget = web.budget.Get(OrgParam(request), SeqParam(request));
  if (!budget.ok()) return Failed(web, request, budget.status());
  if (budget->state != budget::kDraft) {
    return Failed(web, request,
                  Status::Conflict("budget.not_draft", "แก้ไขได้เฉพาะร่างงบประมาณที่สภาฯ ยังไม่เห็นชอบ"));
  }
  return BudgetFormPage(web, request, &*budget, {});
}

Response ReviseBudget(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto refused = [&](const Status& status) {
    auto current = web.budget.Get(org, SeqParam(request));
    if (!current.ok()) return Failed(web, request, status);
    return Refused(web, request, status,
                   [&](json extra) { return BudgetFormPage(web, request, &*current, extra); });
  };
  const auto input = ReadBudget(request);
  if (!input.ok()) return refused(input.status());
  auto budget = web.budget.Revise(org, SeqParam(request), *input, ActorOf(request));
  if (!budget.ok()) return refused(budget.status());
  return Done(request, BudgetJson(*budget), Base(org) + "/budgets/" + std::to_string(budget->id));
}

Response AdoptBudget(BudgetWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto budget = web.budget.Adopt(
      org, SeqParam(request),
      {fields.Text("entry_id"), fields.Text("date"), fields.Text("council_ref")}, ActorOf(request));
  if (!budget.ok()) {
    return Refused(web, request, budget.status(),
                   [&](json extra) { return BudgetPage(web, request, extra); });
  }
  return Done(request, BudgetJson(*budget), Base(org) + "/budgets/" + std::to_string(budget->id));
}

Response ApproveBudget(BudgetWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto budget = web.budget.Approve(org, SeqParam(request),
                                   {fields.Text("entry_id"), fields.Text("date"),
                                    fields.Text("approver"), fields.Text("reference")},
                                   ActorOf(request));
  if (!budget.ok()) {
    return Refused(web, request, budget.status(),
                   [&](json extra) { return BudgetPage(web, request, extra); });
  }
  return Done(request, BudgetJson(*budget), Base(org) + "/budgets/" + std::to_string(budget->id));
}

// ---- the budget expenditure register ----

Response LinesView(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = FiscalYearParam(web, request);
  const Date today = web.pages.clock.TodayInThailand();
  const Date as_of =
      DateParam(request, "date")
          .value_or(today < FiscalYearEnd(fiscal_year) ? today : FiscalYearEnd(fiscal_year));
  auto lines = web.budget.Lines(org, fiscal_year, as_of);
  if (!lines.ok()) return Failed(web, request, lines.status());
  json rows = json::array();
  for (const auto& line : *lines) rows.push_back(LineJson(line));
  json out = {{"fiscal_year", fiscal_year},
              {"as_of", as_of.ToIso()},
              {"lines", rows},
              {"totals", LineTotals(*lines)}};
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ทะเบียนรายจ่ายตามงบประมาณ");
  Merge(data, out);
  data["as_of_th"] = FormatThaiDateLong(as_of);
  return RenderPage(web.pages.templates, "budget_lines", data);
}

Response LineView(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto line = web.budget.Line(org, SeqParam(request));
  if (!line.ok()) return Failed(web, request, line.status());
  auto history = web.budget.LineHistory(org, line->id);
  if (!history.ok()) return Failed(web, request, history.status());
  json movements = json::array();
  for (const auto& movement : *history) {
    movements.push_back({{"seq", movement.seq},
                         {"date", movement.date.ToIso()},
                         {"date_th", FormatThaiDateShort(movement.date)},
                         {"kind", movement.kind},
                         {"kind_th", movement.kind_th},
                         {"reference", movement.reference},
                         {"original", AmountJson(movement.original)},
                         {"transfer_in", AmountJson(movement.transfer_in)},
                         {"transfer_out", AmountJson(movement.transfer_out)},
                         {"committed", AmountJson(movement.committed)},
                         {"spent", AmountJson(movement.spent)},
                         {"available_after", AmountJson(movement.available_after)}});
  }
  json out = LineJson(*line);
  out["movements"] = movements;
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, line->item);
  data["line"] = out;
  return RenderPage(web.pages.templates, "budget_line", data);
}

// ---- transfers and changes of explanation ----

Response ChangesView(BudgetWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const int fiscal_year = FiscalYearParam(web, request);
  auto changes = web.budget.Changes(org, fiscal_year);
  if (!changes.ok()) return Failed(web, request, changes.status());
  json rows = json::array();
  for (const auto& change : *changes) rows.push_back(ChangeJson(change));
  if (IsApi(request)) return Response::Json({{"changes", rows}});
  json data = Page(web, request, "การโอนและการแก้ไขเปลี่ยนแปลงคำชี้แจง");
  data["changes"] = rows;
  return RenderPage(web.pages.templates, "budget_changes", data);
}

Result<TransferInput> ReadTransfer(const Request& request) {
  const Fields fields(request);
  TransferInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  KLANG_ASSIGN_OR_RETURN(auto from, fields.Rows("from", {"from_line", "from_amount"}));
  for (auto& row : from) {
    if (ToInt(row["from_line"]) == 0 && row["from_amount"].empty()) continue;
    input.from.push_back({ToInt(row["from_line"]), row["from_amount"]});
  }
  KLANG_ASSIGN_OR_RETURN(auto to, fields.Rows("to", {"to_line", "to_amount"}));
  for (auto& row : to) {
    if (ToInt(row["to_line"]) == 0 && row["to_amount"].empty()) continue;
    input.to.push_back({ToInt(row["to_line"]), row["to_amount"]});
  }
  KLANG_ASSIGN_OR_RETURN(input.new_lines, LineRows(fields));
  input.changes_nature = fields.Flag("changes_nature");
  input.reason = fields.Text("reason");
  input.authority = fields.Text("authority");
  input.approval_ref = fields.Text("approval_ref");
  input.approved_on = fields.Text("approved_on");
  return input;
}

Response TransferFormPage(BudgetWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "โอนงบประมาณรายจ่าย");
  const Fields fields(request);
  auto lines =
      web.budget.Lines(org, data["fiscal_year"].get<int>(), web.pages.clock.TodayInThailand());
  if (!lines.ok()) return Failed(web, request, lines.status());
  auto sides = [&](const char* group, const char* line_name, const char* amount_name) {
    json rows = json::array();
    auto typed = fields.TypedRows(group, {line_name, amount_name});
    typed.resize(std::max<size_t>(typed.size(), 3));
    for (auto& row : typed) {
      rows.push_back(
          {{"lines", LineOptions(*lines, ToInt(row[line_name]))}, {"amount", row[amount_name]}});
    }
    return rows;
  };
  data["from"] = sides("from", "from_line", "from_amount");
  data["to"] = sides("to", "to_line", "to_amount");
  data["lines"] = LineFormRows(web, fields, {}, 2);
  data["executive"] = fields.Text("authority") != budget::kCouncil;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "budget_transfer_form", data);
}
Response TransferForm(BudgetWeb& web, Request& request) {
  return TransferFormPage(web, request, {});
}

Response Transfer(BudgetWeb& web, Request& request) {
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return TransferFormPage(web, request, extra); });
  };
  const auto input = ReadTransfer(request);
  if (!input.ok()) return refused(input.status());
  auto change = web.budget.Transfer(*input, ActorOf(request));
  if (!change.ok()) return refused(change.status());
  return Done(request, ChangeJson(*change),
              Base(input->org) + "/changes/" + std::to_string(change->id));
}

Response AuthorityCheck(BudgetWeb& web, Request& request) {
  const auto input = ReadTransfer(request);
  if (!input.ok()) return Response::Problem(input.status());
  auto required = web.budget.RequiredAuthority(*input);
  if (!required.ok()) return Response::Problem(required.status());
  return Response::Json(
      {{"code", required->code}, {"name", required->name_th}, {"reason", required->reason_th}});
}

ExplanationInput ReadExplanation(const Request& request) {
  const Fields fields(request);
  ExplanationInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  input.line = fields.Int("line");
  input.explanation = fields.Text("explanation");
  input.changes_nature = fields.Flag("changes_nature");
  input.changes_site = fields.Flag("changes_site");
  input.reason = fields.Text("reason");
  input.authority = fields.Text("authority");
  input.approval_ref = fields.Text("approval_ref");
  input.approved_on = fields.Text("approved_on");
  return input;
}

Response ExplanationFormPage(BudgetWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "แก้ไขเปลี่ยนแปลงคำชี้แจงงบประมาณ");
  auto lines =
      web.budget.Lines(org, data["fiscal_year"].get<int>(), web.pages.clock.TodayInThailand());
  if (!lines.ok()) return Failed(web, request, lines.status());
  const Fields fields(request);
  data["lines"] = LineOptions(
      *lines, fields.Int("line") != 0 ? fields.Int("line") : ToInt(request.QueryParam("line")));
  data["executive"] = fields.Text("authority") != budget::kCouncil;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "budget_explanation_form", data);
}
Response ExplanationForm(BudgetWeb& web, Request& request) {
  return ExplanationFormPage(web, request, {});
}

Response ChangeExplanation(BudgetWeb& web, Request& request) {
  const ExplanationInput input = ReadExplanation(request);
  auto change = web.budget.ChangeExplanation(input, ActorOf(request));
  if (!change.ok()) {
    return Refused(web, request, change.status(),
                   [&](json extra) { return ExplanationFormPage(web, request, extra); });
  }
  return Done(request, ChangeJson(*change),
              Base(input.org) + "/changes/" + std::to_string(change->id));
}

Response ChangePage(BudgetWeb& web, Request& request, json extra) {
  auto change = web.budget.GetChange(OrgParam(request), SeqParam(request));
  if (!change.ok()) return Failed(web, request, change.status());
  if (IsApi(request)) return Response::Json(ChangeJson(*change));
  json data = Page(web, request, change->kind_th + " " + change->number_text);
  data["change"] = ChangeJson(*change);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "budget_change", data);
}
Response ChangeView(BudgetWeb& web, Request& request) { return ChangePage(web, request, {}); }

Response RecordReport(BudgetWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto change = web.budget.RecordReport(
      org, SeqParam(request),
      {fields.Text("entry_id"), fields.Text("date"), fields.Text("reference")}, ActorOf(request));
  if (!change.ok()) {
    return Refused(web, request, change.status(),
                   [&](json extra) { return ChangePage(web, request, extra); });
  }
  return Done(request, ChangeJson(*change), Base(org) + "/changes/" + std::to_string(change->id));
}

}  // namespace

void RegisterBudgetRoutes(RouteTable& table, BudgetWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/budget", web, {
      {"GET", "", "bud.read", Home, Face::kPage},
      {"GET", "/budgets", "bud.read", BudgetsPage},
      {"GET", "/budgets/new", "bud.prepare", NewBudgetForm, Face::kPage},
      {"POST", "/budgets", "bud.prepare", CreateBudget},
      {"GET", "/budgets/{seq}", "bud.read", BudgetView},
      {"GET", "/budgets/{seq}/edit", "bud.prepare", EditBudgetForm, Face::kPage},
      {"POST", "/budgets/{seq}/revise", "bud.prepare", ReviseBudget},
      {"POST", "/budgets/{seq}/adopt", "bud.record", AdoptBudget},
      {"POST", "/budgets/{seq}/approve", "bud.record", ApproveBudget},
      {"GET", "/lines", "bud.read", LinesView},
      {"GET", "/lines/{seq}", "bud.read", LineView},
      {"GET", "/changes", "bud.read", ChangesView},
      {"GET", "/changes/{seq}", "bud.read", ChangeView},
      {"POST", "/changes/{seq}/report", "bud.record", RecordReport},
      {"GET", "/transfers/new", "bud.record", TransferForm, Face::kPage},
      {"POST", "/transfers", "bud.record", Transfer},
      {"POST", "/authority", "bud.read", AuthorityCheck, Face::kApi},
      {"GET", "/explanations/new", "bud.record", ExplanationForm, Face::kPage},
      {"POST", "/explanations", "bud.record", ChangeExplanation},
  });
  // clang-format on
}

}  // namespace klang::web
