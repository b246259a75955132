#include "budget/budget.h"

#include <algorithm>
#include <map>
#include <set>

#include "budget/kinds.h"
#include "budget/projection.h"

namespace klang::budget {
namespace {

using ledger::Entry;
using nlohmann::json;

constexpr size_t kExplanationBytesMax = 4'000;  // คำชี้แจง may run to a paragraph
constexpr size_t kEstimatesMax = 500;
constexpr size_t kTransferLegsMax = 100;

std::string KindTh(const std::string& kind) {
  if (kind == kAnnual) return "งบประมาณรายจ่ายประจำปี";
  if (kind == kSupplementary) return "งบประมาณรายจ่ายเพิ่มเติม";
  if (kind == kSpecific) return "งบประมาณรายจ่ายเฉพาะการ";
  return kind;
}

std::string StateTh(const std::string& state) {
  if (state == kDraft) return "ร่าง";
  if (state == kAdopted) return "สภาท้องถิ่นให้ความเห็นชอบแล้ว รออนุมัติ";
  if (state == kApproved) return "ได้รับอนุมัติแล้ว";
  return state;
}

Authority AuthorityOf(const std::string& code, std::string reason_th = "") {
  return Authority{code, code == kCouncil ? "สภาท้องถิ่น" : "ผู้บริหารท้องถิ่น", std::move(reason_th)};
}

std::optional<Date> OptionalDate(const store::Row& row, size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  auto date = Date::ParseIso(row.Text(column));
  if (!date.ok()) return std::nullopt;
  return *date;
}

Date DateOr(const std::string& text, Date fallback) {
  auto date = Date::ParseIso(text);
  return date.ok() ? *date : fallback;
}

}  // namespace

std::string BudgetLine::Label() const {
  return work.plan_name_th + " / " + work.name_th + " / " + category.name_th + " / " + item;
}

struct BudgetService::Impl {
  accounting::DocumentKit kit;
  const BudgetCatalog& catalog;
  const revenue::RevenueCatalog& revenue_items;
  std::unique_ptr<ledger::Projection> projection;

  // Validated lines as stored in an entry body; `investment` from the catalogue, so a rebuild
  // does not depend on a later edition of the classification.
  Result<json> LineBody(const LineInput& line, const std::string& where, const std::string& at);
  Result<json> LinesBody(const std::vector<LineInput>& lines, const char* field, Money* total);
  Result<json> EstimateBody(const EstimateInput& estimate, const std::string& where, const std::string& at);
  Result<json> EstimatesBody(const std::vector<EstimateInput>& estimates, Money* total);
  Result<json> BudgetBody(const BudgetInput& input, Date date);
  Result<Budget> Load(int64_t org, int64_t budget, bool with_lines);
  BudgetLine ToLine(const store::Row& row, Date today);
  Result<BudgetChange> LoadChange(int64_t org, int64_t change);
  Result<Date> ApprovalDate(const std::string& text, Date recorded);
};

namespace {
constexpr const char* kLineColumns =
    "id, budget_id, fiscal_year, line_no, work, category, item, explanation, original, "
    "transfer_in, transfer_out, committed, spent, in_force_from";
}  // namespace

BudgetLine BudgetService::Impl::ToLine(const store::Row& row, Date today) {
  BudgetLine line;
  line.id = row.Int(0);
  line.budget = row.Int(1);
  line.fiscal_year = static_cast<int>(row.Int(2));
  line.line_no = static_cast<int>(row.Int(3));
  if (auto work = catalog.FindWork(row.Text(4)); work.ok()) {
    line.work = *work;
  } else {
    line.work.code = line.work.name_th = row.Text(4);
  }
  if (auto category = catalog.FindCategory(row.Text(5)); category.ok()) {
    line.category = *category;
  } else {
    line.category.code = line.category.name_th = row.Text(5);
  }
  line.item = row.Text(6);
  line.explanation = row.Text(7);
  line.original = Money::FromSatang(row.Int(8));
  line.transfer_in = Money::FromSatang(row.Int(9));
  line.transfer_out = Money::FromSatang(row.Int(10));
  line.committed = Money::FromSatang(row.Int(11));
  line.spent = Money::FromSatang(row.Int(12));
  line.in_force = !row.IsNull(13) && row.Text(13) <= today.ToIso();
  return line;
}

// One expenditure line: its work, category, item, explanation and amount. `where` starts each
// message ("รายการที่ 3: "), `at` names the field.
Result<json> BudgetService::Impl::LineBody(const LineInput& line, const std::string& where, const std::string& at) {
  auto work = catalog.FindWork(line.work);
  if (!work.ok()) return kit.Refuse("unknown_work", where + "กรุณาเลือกงานตามการจำแนกงบประมาณ", at);
  auto category = catalog.FindCategory(line.category);
  if (!category.ok()) return kit.Refuse("unknown_category", where + "กรุณาเลือกหมวดรายจ่าย", at);
  if (line.item.empty()) return kit.Refuse("required", where + "กรุณาระบุรายการ/โครงการ", at);
  if (line.item.size() > accounting::kDocumentTextBytesMax) {
    return kit.Refuse("too_long", where + "ชื่อรายการยาวเกินไป", at);
  }
  if (line.explanation.size() > kExplanationBytesMax) {
    return kit.Refuse("too_long", where + "คำชี้แจงยาวเกินไป", at);
  }
  auto amount = kit.PositiveAmount(line.amount, at);
  if (!amount.ok()) {
    return Status::InvalidInput(amount.status().stable_code(), where + amount.status().message_th(), "", at);
  }
  return json{{"work", work->code}, {"category", category->code}, {"investment", category->investment},
              {"item", line.item}, {"explanation", line.explanation}, {"amount", amount->satang()}};
}

Result<json> BudgetService::Impl::LinesBody(const std::vector<LineInput>& lines, const char* field,
                                            Money* total) {
  json body = json::array();
  int line_no = 0;
  for (const auto& line : lines) {
    if (line.work.empty() && line.category.empty() && line.item.empty() && line.amount.empty() &&
        line.explanation.empty()) {
      continue;  // a blank row of the form
    }
    ++line_no;
    const std::string at = std::string(field) + "." + std::to_string(line_no);
    KLANG_ASSIGN_OR_RETURN(json one, LineBody(line, "รายการที่ " + std::to_string(line_no) + ": ", at));
    auto sum = Money::CheckedAdd(*total, Money::FromSatang(one["amount"].get<int64_t>()));
    if (!sum.ok()) return kit.Refuse("amount_too_large", "ยอดรวมงบประมาณมากเกินไป", at);
    *total = *sum;
    one["line_no"] = line_no;
    body.push_back(std::move(one));
  }
  if (line_no > kLinesMax) {
    return kit.Refuse("lines", "รายการรายจ่ายเกิน " + std::to_string(kLinesMax) + " รายการ", field);
  }
  return body;
}

// One revenue estimate (not checked for repeats: that is the list's).
Result<json> BudgetService::Impl::EstimateBody(const EstimateInput& estimate, const std::string& where,
                                               const std::string& at) {
  auto item = revenue_items.Find(estimate.item);
  if (!item.ok()) return kit.Refuse("unknown_revenue_item", where + "กรุณาเลือกประเภทรายได้", at);
  if (item->kind != revenue::ItemKind::kRevenue) {
    return kit.Refuse("not_revenue", where + item->name_th + " ไม่ใช่รายได้ตามงบประมาณ", at);
  }
  auto amount = Money::Parse(estimate.amount);
  if (!amount.ok() || amount->is_negative()) {
    return kit.Refuse("estimate_amount", where + "จำนวนเงินประมาณการไม่ถูกต้อง", at);
  }
  if (estimate.justification.size() > kExplanationBytesMax) {
    return kit.Refuse("too_long", where + "คำชี้แจงยาวเกินไป", at);
  }
  return json{{"item", item->code}, {"amount", amount->satang()}, {"justification", estimate.justification}};
}

Result<json> BudgetService::Impl::EstimatesBody(const std::vector<EstimateInput>& estimates, Money* total) {
  json body = json::array();
  std::set<std::string> seen;
  size_t index = 0;
  for (const auto& estimate : estimates) {
    if (estimate.item.empty() && estimate.amount.empty() && estimate.justification.empty()) continue;
    ++index;
    const std::string where = "ประมาณการรายรับรายการที่ " + std::to_string(index) + ": ";
    const std::string at = "estimates." + std::to_string(index);
    KLANG_ASSIGN_OR_RETURN(json one, EstimateBody(estimate, where, at));
    if (!seen.insert(one["item"].get<std::string>()).second) {
      return kit.Refuse("estimate_repeated", where + revenue_items.Find(one["item"])->name_th + " ซ้ำกับรายการก่อนหน้า", at);
    }
    auto sum = Money::CheckedAdd(*total, Money::FromSatang(one["amount"].get<int64_t>()));
    if (!sum.ok()) return kit.Refuse("amount_too_large", "ยอดรวมประมาณการรายรับมากเกินไป", at);
    *total = *sum;
    body.push_back(std::move(one));
  }
  if (index > kEstimatesMax) return kit.Refuse("estimates", "ประมาณการรายรับมีรายการมากเกินไป", "estimates");
  return body;
}

Status BudgetService::CheckLine(const LineInput& line) { return impl_->LineBody(line, "", "").status(); }
Status BudgetService::CheckEstimate(const EstimateInput& estimate) {
  return impl_->EstimateBody(estimate, "", "").status();
}

Result<json> BudgetService::Impl::BudgetBody(const BudgetInput& input, Date date) {
  if (input.kind != kAnnual && input.kind != kSupplementary && input.kind != kSpecific) {
    return kit.Refuse("kind", "กรุณาเลือกประเภทงบประมาณ", "kind");
  }
  const int year_of_draft = FiscalYearOf(date);
  if (input.fiscal_year != year_of_draft && input.fiscal_year != year_of_draft + 1) {
    return kit.Refuse("fiscal_year",
                      "ปีงบประมาณต้องเป็นปีปัจจุบัน (" + std::to_string(year_of_draft) + ") หรือปีถัดไป",
                      "fiscal_year");
  }
  KLANG_RETURN_IF_ERROR(kit.RequiredText(input.title, "title", "ชื่องบประมาณ"));
  Money total, estimates_total;
  KLANG_ASSIGN_OR_RETURN(json lines, LinesBody(input.lines, "lines", &total));
  if (lines.empty()) return kit.Refuse("lines", "กรุณาระบุรายการรายจ่ายอย่างน้อยหนึ่งรายการ", "lines");
  KLANG_ASSIGN_OR_RETURN(json estimates, EstimatesBody(input.estimates, &estimates_total));
  return json{{"kind", input.kind},
              {"fiscal_year", input.fiscal_year},
              {"title", input.title},
              {"base", input.kind == kSupplementary ? input.base : int64_t{0}},
              {"lines", std::move(lines)},
              {"estimates", std::move(estimates)},
              {"total", total.satang()},
              {"estimates_total", estimates_total.satang()}};
}

Result<Budget> BudgetService::Impl::Load(int64_t org, int64_t id, bool with_lines) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      kit.Query("SELECT id, fiscal_year, kind, title, state, base_id, drafted_on, adopted_on, "
                "council_ref, approved_on, approver, approval_ref, in_force_from, content_seq, "
                "revision, total FROM bud_budgets WHERE org_id = $1 AND id = $2",
                {org, id}));
  if (rows.empty()) return Status::NotFound("budget.not_found", "ไม่พบงบประมาณที่ระบุ");
  const auto& row = rows[0];
  Budget budget;
  budget.id = row.Int(0);
  budget.org = org;
  budget.fiscal_year = static_cast<int>(row.Int(1));
  budget.kind = row.Text(2);
  budget.kind_th = KindTh(budget.kind);
  budget.title = row.Text(3);
  budget.state = row.Text(4);
  budget.state_th = StateTh(budget.state);
  budget.base = row.Int(5);
  budget.drafted_on = DateOr(row.Text(6), Date());
  budget.adopted_on = OptionalDate(row, 7);
  budget.council_ref = row.Text(8);
  budget.approved_on = OptionalDate(row, 9);
  budget.approver = row.Text(10);
  budget.approval_ref = row.Text(11);
  budget.in_force_from = OptionalDate(row, 12);
  budget.revision = static_cast<int>(row.Int(14));
  budget.total = Money::FromSatang(row.Int(15));
  KLANG_ASSIGN_OR_RETURN(Entry content, kit.ledger().Get(org, row.Int(13)));
  budget.hash = content.hash;
  budget.estimates_total = Money::FromSatang(content.body.value("estimates_total", int64_t{0}));
  if (!with_lines) return budget;
  for (const auto& estimate : content.body.value("estimates", json::array())) {
    Estimate view;
    view.item = estimate.value("item", std::string());
    if (auto item = revenue_items.Find(view.item); item.ok()) {
      view.name_th = item->name_th;
      view.category_th = item->category_th;
      view.group_th = item->group_th;
    }
    view.amount = Money::FromSatang(estimate.value("amount", int64_t{0}));
    view.justification = estimate.value("justification", std::string());
    budget.estimates.push_back(std::move(view));
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows lines,
      kit.Query(std::string("SELECT ") + kLineColumns +
                    " FROM bud_lines WHERE org_id = $1 AND budget_id = $2",
                {org, id}));
  const Date today = kit.Today();
  for (const auto& line : lines) budget.lines.push_back(ToLine(line, today));
  std::sort(budget.lines.begin(), budget.lines.end(), [](const BudgetLine& a, const BudgetLine& b) {
    return std::tie(a.work.plan, a.work.code, a.category.group, a.category.code, a.id) <
           std::tie(b.work.plan, b.work.code, b.category.group, b.category.code, b.id);
  });
  return budget;
}

// ---- service ----

BudgetService::BudgetService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                             const BudgetCatalog& catalog,
                             const revenue::RevenueCatalog& revenue_items, const Clock& clock,
                             Random& random)
    : impl_(new Impl{accounting::DocumentKit("budget", ledger, orgs, clock, random), catalog,
                     revenue_items, MakeBudgetProjection(catalog)}),
      catalog_(catalog),
      revenue_items_(revenue_items) {}

BudgetService::~BudgetService() = default;

std::vector<store::Migration> BudgetService::Migrations() { return BudgetMigrations(); }

ledger::Projection* BudgetService::projection() { return impl_->projection.get(); }

Result<Budget> BudgetService::Create(const BudgetInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(json body, m.BudgetBody(input, date));
  if (input.kind == kSupplementary) {
    auto base = m.Load(input.org, input.base, false);
    if (!base.ok() || base->kind != kAnnual || base->state != kApproved ||
        base->fiscal_year != input.fiscal_year) {
      return m.kit.Refuse("base",
                          "งบประมาณรายจ่ายเพิ่มเติมต้องอ้างถึงงบประมาณรายจ่ายประจำปีเดียวกันที่ได้รับอนุมัติแล้ว", "base");
    }
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindBudget, date, actor);
  draft.body = std::move(body);
  draft.body["by_name"] = actor.name;
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return Get(entry.org, entry.seq);
}

Result<Budget> BudgetService::Revise(int64_t org, int64_t id, const BudgetInput& input,
                                     const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Budget current, m.Load(org, id, false));
  if (current.state != kDraft) {
    return m.kit.Refuse("not_draft", "แก้ไขได้เฉพาะร่างงบประมาณที่สภายังไม่ได้ให้ความเห็นชอบ");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  BudgetInput fixed = input;  // kind, year and base stay those of the draft
  fixed.kind = current.kind;
  fixed.fiscal_year = current.fiscal_year;
  fixed.base = current.base;
  KLANG_ASSIGN_OR_RETURN(json body, m.BudgetBody(fixed, std::max(date, current.drafted_on)));
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindRevise, date, actor);
  draft.body = std::move(body);
  draft.body["budget"] = id;
  draft.body["by_name"] = actor.name;
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, id);
}

Result<Budget> BudgetService::Adopt(int64_t org, int64_t id, const AdoptInput& input,
                                    const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Budget current, m.Load(org, id, false));
  if (current.state != kDraft) return m.kit.Refuse("state", "งบประมาณนี้ผ่านความเห็นชอบของสภาแล้ว");
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.council_ref, "council_ref", "มติสภาท้องถิ่น"));
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindAdopt, date, actor);
  draft.body = {{"budget", id}, {"council_ref", input.council_ref}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, id);
}

Result<Budget> BudgetService::Approve(int64_t org, int64_t id, const ApproveInput& input,
                                      const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Budget current, m.Load(org, id, false));
  if (current.state != kAdopted) {
    return m.kit.Refuse("state", current.state == kDraft
                                     ? "งบประมาณต้องผ่านความเห็นชอบของสภาก่อนจึงจะอนุมัติได้"
                                     : "งบประมาณนี้ได้รับอนุมัติแล้ว");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.approver, "approver", "ผู้อนุมัติ"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reference, "reference", "เลขที่หนังสืออนุมัติ"));
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindApprove, date, actor);
  draft.body = {{"budget", id}, {"approver", input.approver}, {"reference", input.reference},
                {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, id);
}

Result<Budget> BudgetService::Get(int64_t org, int64_t budget) { return impl_->Load(org, budget, true); }

Result<std::vector<Budget>> BudgetService::List(int64_t org, int fiscal_year) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.kit.Query("SELECT id FROM bud_budgets WHERE org_id = $1 AND ($2 = 0 OR fiscal_year = $2) "
                  "ORDER BY id DESC",
                  {org, int64_t{fiscal_year}}));
  std::vector<Budget> budgets;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Budget budget, m.Load(org, row.Int(0), false));
    budgets.push_back(std::move(budget));
  }
  return budgets;
}

Result<std::vector<BudgetLine>> BudgetService::Lines(int64_t org, int fiscal_year, Date as_of,
                                                     bool include_not_in_force) {
  Impl& m = *impl_;
  const std::string day = as_of.ToIso();
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.kit.Query(std::string("SELECT ") + kLineColumns +
                      " FROM bud_lines WHERE org_id = $1 AND fiscal_year = $2 AND "
                      "($3 = 1 OR (in_force_from IS NOT NULL AND in_force_from <= $4))",
                  {org, int64_t{fiscal_year}, int64_t{include_not_in_force ? 1 : 0}, day}));
  // Amounts as of the end of `as_of`: the movements up to that day.
  KLANG_ASSIGN_OR_RETURN(
      store::Rows sums,
      m.kit.Query("SELECT line_id, CAST(SUM(original) AS BIGINT), CAST(SUM(transfer_in) AS BIGINT), "
                  "CAST(SUM(transfer_out) AS BIGINT), CAST(SUM(committed) AS BIGINT), "
                  "CAST(SUM(spent) AS BIGINT) FROM bud_moves WHERE org_id = $1 AND day <= $2 "
                  "AND line_id IN (SELECT id FROM bud_lines WHERE org_id = $1 AND fiscal_year = $3) "
                  "GROUP BY line_id",
                  {org, day, int64_t{fiscal_year}}));
  std::map<int64_t, const store::Row*> by_line;
  for (const auto& sum : sums) by_line[sum.Int(0)] = &sum;
  std::vector<BudgetLine> lines;
  for (const auto& row : rows) {
    BudgetLine line = m.ToLine(row, as_of);
    if (line.in_force || !row.IsNull(13)) {
      auto found = by_line.find(line.id);
      const auto amount = [&](size_t column) {
        return found == by_line.end() ? Money() : Money::FromSatang(found->second->Int(column));
      };
      line.original = amount(1);
      line.transfer_in = amount(2);
      line.transfer_out = amount(3);
      line.committed = amount(4);
      line.spent = amount(5);
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end(), [](const BudgetLine& a, const BudgetLine& b) {
    return std::tie(a.work.plan, a.work.code, a.category.group, a.category.code, a.id) <
           std::tie(b.work.plan, b.work.code, b.category.group, b.category.code, b.id);
  });
  return lines;
}

Result<BudgetLine> BudgetService::Line(int64_t org, int64_t line) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.kit.Query(std::string("SELECT ") + kLineColumns + " FROM bud_lines WHERE org_id = $1 AND id = $2",
                  {org, line}));
  if (rows.empty()) return Status::NotFound("budget.line_not_found", "ไม่พบรายการงบประมาณที่ระบุ");
  return m.ToLine(rows[0], m.kit.Today());
}

Result<std::vector<LineMovement>> BudgetService::LineHistory(int64_t org, int64_t line) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(Line(org, line).status());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.kit.Query("SELECT seq, day, kind, original, transfer_in, transfer_out, committed, spent "
                  "FROM bud_moves WHERE org_id = $1 AND line_id = $2 ORDER BY day, seq",
                  {org, line}));
  std::vector<LineMovement> moves;
  Money available;
  for (const auto& row : rows) {
    LineMovement move;
    move.seq = row.Int(0);
    move.date = DateOr(row.Text(1), Date());
    move.kind = row.Text(2);
    move.original = Money::FromSatang(row.Int(3));
    move.transfer_in = Money::FromSatang(row.Int(4));
    move.transfer_out = Money::FromSatang(row.Int(5));
    move.committed = Money::FromSatang(row.Int(6));
    move.spent = Money::FromSatang(row.Int(7));
    available = available + move.original + move.transfer_in - move.transfer_out - move.committed -
                move.spent;
    move.available_after = available;
    auto entry = m.kit.ledger().Get(org, move.seq);
    if (entry.ok()) {
      for (const auto& [series, number] : entry->numbers) {
        move.reference = std::to_string(number) + "/" + std::to_string(entry->fiscal_year);
      }
      const std::string description = entry->body.value("description", std::string());
      if (!description.empty()) move.reference += (move.reference.empty() ? "" : " ") + description;
    }
    if (move.kind == kKindApprove) {
      move.kind_th = "งบประมาณที่ได้รับอนุมัติ";
    } else if (move.kind == kKindTransfer) {
      move.kind_th = move.transfer_in.is_positive() ? "โอนเพิ่ม" : "โอนลด";
      move.reference = "ครั้งที่ " + move.reference;
    } else if (move.committed.is_positive()) {
      move.kind_th = "ก่อหนี้ผูกพัน";
    } else if (move.spent.is_positive()) {
      move.kind_th = move.committed.is_negative() ? "ตั้งหนี้/เบิกจ่าย (ตัดยอดผูกพัน)" : "เบิกจ่าย";
    } else if (move.committed.is_negative()) {
      move.kind_th = "ยกเลิกการก่อหนี้ผูกพัน";
    } else {
      move.kind_th = "กลับรายการ";
    }
    moves.push_back(std::move(move));
  }
  return moves;
}

Result<std::optional<std::map<std::string, Money>>> BudgetService::ApprovedEstimates(int64_t org,
                                                                                  int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->kit.Query("SELECT content_seq FROM bud_budgets WHERE org_id = $1 AND fiscal_year = $2 AND "
                       "state = 'approved' AND kind IN ('annual', 'supplementary') ORDER BY id",
                       {org, int64_t{fiscal_year}}));
  if (rows.empty()) return std::optional<std::map<std::string, Money>>();
  std::map<std::string, Money> estimates;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Entry content, impl_->kit.ledger().Get(org, row.Int(0)));
    for (const auto& estimate : content.body.value("estimates", json::array())) {
      Money& sum = estimates[estimate.value("item", std::string())];
      sum = sum + Money::FromSatang(estimate.value("amount", int64_t{0}));
    }
  }
  return std::optional<std::map<std::string, Money>>(std::move(estimates));
}

Status BudgetService::CheckEffects(int64_t org, Date date, const std::vector<LineEffect>& effects) {
  std::map<int64_t, std::pair<Money, Money>> totals;  // line → (commit, spend)
  for (const auto& effect : effects) {
    totals[effect.line].first = totals[effect.line].first + effect.commit;
    totals[effect.line].second = totals[effect.line].second + effect.spend;
  }
  for (const auto& [id, total] : totals) {
    auto line = Line(org, id);
    if (!line.ok()) return impl_->kit.Refuse("line_not_found", "ไม่พบรายการงบประมาณที่ระบุ", "line");
    if (!line->in_force || line->fiscal_year != FiscalYearOf(date)) {
      return impl_->kit.Refuse("not_in_force", "รายการ " + line->Label() + " ไม่มีผลใช้บังคับในวันที่ของเอกสาร", "line");
    }
    const Money needed = total.first + total.second;
    if (needed > line->available()) {
      return impl_->kit.Refuse("insufficient", "งบประมาณไม่พอ: " + line->Label() + " คงเหลือ " +
                                                   line->available().Format() + " บาท ต้องการ " +
                                                   needed.Format() + " บาท ขาดอีก " +
                                                   (needed - line->available()).Format() + " บาท",
                               "line");
    }
  }
  return Status::Ok();
}

Result<std::vector<DaySpent>> BudgetService::SpentByDay(int64_t org, int fiscal_year, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->kit.Query("SELECT l.category, e.posting_date, CASE WHEN m.kind = $4 THEN 1 ELSE 0 END, "
                       "CAST(SUM(m.spent) AS BIGINT) "
                       "FROM bud_moves m JOIN bud_lines l ON l.org_id = m.org_id AND l.id = m.line_id "
                       "JOIN ledger_entries e ON e.org_id = m.org_id AND e.seq = m.seq "
                       "WHERE m.org_id = $1 AND l.fiscal_year = $2 AND m.spent <> 0 "
                       "AND e.posting_date <= $3 GROUP BY l.category, e.posting_date, "
                       "CASE WHEN m.kind = $4 THEN 1 ELSE 0 END ORDER BY l.category, e.posting_date",
                       {org, int64_t{fiscal_year}, to.ToIso(), std::string(kKindCarryOver)}));
  std::vector<DaySpent> spent;
  spent.reserve(rows.size());
  for (const auto& row : rows) {
    auto day = Date::ParseIso(row.Text(1));
    if (!day.ok()) return Status::Internal("budget.move_day", "posting_date " + row.Text(1));
    spent.push_back({row.Text(0), *day, Money::FromSatang(row.Int(3)), row.Int(2) != 0});
  }
  return spent;
}

// ---- transfers and changes of explanation ----

Result<Date> BudgetService::Impl::ApprovalDate(const std::string& text, Date recorded) {
  KLANG_ASSIGN_OR_RETURN(Date approved, kit.AnyDate(text, "approved_on", "วันที่อนุมัติ"));
  if (approved > recorded) return kit.Refuse("date_order", "วันที่อนุมัติต้องไม่หลังวันที่บันทึก", "approved_on");
  return approved;
}

Result<Authority> BudgetService::RequiredAuthority(const TransferInput& input) {
  bool increased_investment = false, new_investment = false;
  for (const auto& leg : input.to) {
    auto line = Line(input.org, leg.line);
    if (line.ok() && line->category.investment) increased_investment = true;
  }
  for (const auto& line : input.new_lines) {
    auto category = catalog_.FindCategory(line.category);
    if (category.ok() && category->investment) new_investment = true;
  }
  if (TransferNeedsCouncil(input.changes_nature, new_investment, increased_investment)) {
    return AuthorityOf(kCouncil, new_investment
                                      ? "โอนไปตั้งจ่ายเป็นรายการใหม่ในงบลงทุน ต้องได้รับอนุมัติจากสภาท้องถิ่น (ข้อ 27)"
                                      : "โอนเพิ่มงบลงทุนที่ทำให้ลักษณะ ปริมาณ หรือคุณภาพเปลี่ยน ต้องได้รับอนุมัติจากสภาท้องถิ่น (ข้อ 27)");
  }
  return AuthorityOf(kExecutive, "อยู่ในอำนาจอนุมัติของผู้บริหารท้องถิ่น (ข้อ 26)");
}

Result<BudgetChange> BudgetService::Transfer(const TransferInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(Date approved, m.ApprovalDate(input.approved_on, date));
  if (input.authority != kExecutive && input.authority != kCouncil) {
    return m.kit.Refuse("authority", "กรุณาเลือกผู้อนุมัติการโอน", "authority");
  }
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.approval_ref, "approval_ref", "เลขที่คำสั่ง/มติที่อนุมัติ"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reason, "reason", "เหตุผลการโอน"));
  if (input.from.size() + input.to.size() + input.new_lines.size() > kTransferLegsMax) {
    return m.kit.Refuse("legs", "รายการโอนมากเกินไป");
  }
  const int fiscal_year = FiscalYearOf(date);
  json legs = json::array();
  std::set<int64_t> seen;
  Money out_total, in_total;
  for (const auto& [group, increase] : {std::pair{&input.from, false}, std::pair{&input.to, true}}) {
    for (const auto& leg : *group) {
      if (leg.line == 0 && leg.amount.empty()) continue;
      const char* field = increase ? "to" : "from";
      auto line = Line(input.org, leg.line);
      if (!line.ok()) return m.kit.Refuse("line_not_found", "กรุณาเลือกรายการที่" + std::string(increase ? "โอนเพิ่ม" : "โอนลด"), field);
      if (!seen.insert(leg.line).second) {
        return m.kit.Refuse("line_repeated", "รายการ " + line->Label() + " ซ้ำกัน (โอนลดและโอนเพิ่มรายการเดียวกันไม่ได้)", field);
      }
      KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(leg.amount, field));
      if (!increase && amount > line->available()) {
        return m.kit.Refuse("insufficient", "โอนลดไม่ได้: " + line->Label() + " คงเหลือ " +
                                                line->available().Format() + " บาท โอนลด " + amount.Format() +
                                                " บาท ขาดอีก " + (amount - line->available()).Format() + " บาท",
                            field);
      }
      (increase ? in_total : out_total) = (increase ? in_total : out_total) + amount;
      legs.push_back({{"line", leg.line}, {"amount", amount.satang()}, {"increase", increase}});
    }
  }
  Money new_total;
  KLANG_ASSIGN_OR_RETURN(json new_lines, m.LinesBody(input.new_lines, "new_lines", &new_total));
  in_total = in_total + new_total;
  if (out_total.is_zero()) return m.kit.Refuse("transfer_source", "กรุณาระบุรายการที่โอนลด", "from");
  if (out_total != in_total) {
    return m.kit.Refuse("transfer_unbalanced", "ยอดโอนลด " + out_total.Format() + " บาท ต้องเท่ากับยอดโอนเพิ่ม " +
                                                   in_total.Format() + " บาท");
  }
  KLANG_ASSIGN_OR_RETURN(Authority required, RequiredAuthority(input));
  if (required.code == kCouncil && input.authority != kCouncil) {
    return m.kit.Refuse("needs_council", "การโอนนี้ต้องได้รับอนุมัติจากสภาท้องถิ่น: " + required.reason_th, "authority");
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindTransfer, date, actor);
  draft.number_series = {kTransferSeries};
  draft.body = {{"fiscal_year", fiscal_year},
                {"legs", std::move(legs)},
                {"new_lines", std::move(new_lines)},
                {"changes_nature", input.changes_nature},
                {"reason", input.reason},
                {"authority", input.authority},
                {"required_authority", required.code},
                {"approval_ref", input.approval_ref},
                {"approved_on", approved.ToIso()},
                {"report_due", approved.AddDays(kReportDays).ToIso()},
                {"total", out_total.satang()},
                {"by_name", actor.name}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetChange(entry.org, entry.seq);
}

Result<BudgetChange> BudgetService::ChangeExplanation(const ExplanationInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(Date approved, m.ApprovalDate(input.approved_on, date));
  auto line = Line(input.org, input.line);
  if (!line.ok()) return m.kit.Refuse("line_not_found", "กรุณาเลือกรายการงบประมาณ", "line");
  if (input.explanation.empty() || input.explanation.size() > kExplanationBytesMax) {
    return m.kit.Refuse("explanation", "กรุณาระบุคำชี้แจงใหม่ (ไม่เกิน 4,000 ไบต์)", "explanation");
  }
  if (input.explanation == line->explanation) {
    return m.kit.Refuse("explanation_same", "คำชี้แจงใหม่เหมือนคำชี้แจงเดิม", "explanation");
  }
  if (input.authority != kExecutive && input.authority != kCouncil) {
    return m.kit.Refuse("authority", "กรุณาเลือกผู้อนุมัติ", "authority");
  }
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.approval_ref, "approval_ref", "เลขที่คำสั่ง/มติที่อนุมัติ"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reason, "reason", "เหตุผลการแก้ไข"));
  const bool council = ExplanationNeedsCouncil(line->category.investment, input.changes_nature, input.changes_site);
  if (council && input.authority != kCouncil) {
    return m.kit.Refuse("needs_council",
                        "การแก้ไขคำชี้แจงนี้ต้องได้รับอนุมัติจากสภาท้องถิ่น: งบลงทุนที่ทำให้ลักษณะ ปริมาณ คุณภาพเปลี่ยน "
                        "หรือเปลี่ยนสถานที่ก่อสร้าง (ข้อ 29)",
                        "authority");
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindExplain, date, actor);
  draft.number_series = {kExplanationSeries};
  draft.body = {{"fiscal_year", FiscalYearOf(date)},
                {"line", input.line},
                {"old_explanation", line->explanation},
                {"explanation", input.explanation},
                {"changes_nature", input.changes_nature},
                {"changes_site", input.changes_site},
                {"investment", line->category.investment},
                {"reason", input.reason},
                {"authority", input.authority},
                {"required_authority", council ? kCouncil : kExecutive},
                {"approval_ref", input.approval_ref},
                {"approved_on", approved.ToIso()},
                {"report_due", approved.AddDays(kReportDays).ToIso()},
                {"by_name", actor.name}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetChange(entry.org, entry.seq);
}

Result<BudgetChange> BudgetService::RecordReport(int64_t org, int64_t change, const ReportInput& input,
                                                 const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(BudgetChange current, GetChange(org, change));
  if (current.reported_on) return m.kit.Refuse("already_reported", "รายงานผู้ว่าราชการจังหวัด/นายอำเภอแล้ว");
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reference, "reference", "เลขที่หนังสือรายงาน"));
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindReport, date, actor);
  draft.body = {{"change", change}, {"reference", input.reference}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetChange(org, change);
}

Result<BudgetChange> BudgetService::GetChange(int64_t org, int64_t id) { return impl_->LoadChange(org, id); }

Result<BudgetChange> BudgetService::Impl::LoadChange(int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      kit.Query("SELECT kind, reported_on, report_ref FROM bud_changes WHERE org_id = $1 AND id = $2",
                {org, id}));
  if (rows.empty()) return Status::NotFound("budget.change_not_found", "ไม่พบการโอนหรือการแก้ไขคำชี้แจงที่ระบุ");
  KLANG_ASSIGN_OR_RETURN(Entry entry, kit.ledger().Get(org, id));
  const json& body = entry.body;
  BudgetChange change;
  change.id = id;
  change.kind = rows[0].Text(0);
  change.kind_th = change.kind == kChangeTransfer ? "การโอนงบประมาณ" : "การแก้ไขเปลี่ยนแปลงคำชี้แจงงบประมาณ";
  change.fiscal_year = entry.fiscal_year;
  for (const auto& [series, number] : entry.numbers) change.number = number;
  change.number_text = ledger::DocumentNumberText(
      entry, "ครั้งที่ " + std::to_string(change.number) + "/" + std::to_string(entry.fiscal_year));
  change.date = entry.document_date;
  change.changes_nature = body.value("changes_nature", false);
  change.changes_site = body.value("changes_site", false);
  change.reason = body.value("reason", std::string());
  change.required = AuthorityOf(body.value("required_authority", std::string(kExecutive)));
  change.authority = body.value("authority", std::string());
  change.authority_th = AuthorityOf(change.authority).name_th;
  change.approval_ref = body.value("approval_ref", std::string());
  change.approved_on = DateOr(body.value("approved_on", std::string()), entry.document_date);
  change.report_due = DateOr(body.value("report_due", std::string()), entry.document_date);
  change.reported_on = OptionalDate(rows[0], 1);
  change.report_ref = rows[0].TextOr(2, "");
  change.overdue = !change.reported_on && kit.Today() > change.report_due;
  change.hash = entry.hash;
  auto label = [&](int64_t line_id) -> Result<std::string> {
    KLANG_ASSIGN_OR_RETURN(
        store::Rows found, kit.Query(std::string("SELECT ") + kLineColumns +
                                         " FROM bud_lines WHERE org_id = $1 AND id = $2",
                                     {org, line_id}));
    if (found.empty()) return std::to_string(line_id);
    return ToLine(found[0], kit.Today()).Label();
  };
  for (const auto& leg : body.value("legs", json::array())) {
    TransferLeg view;
    view.line = leg.value("line", int64_t{0});
    KLANG_ASSIGN_OR_RETURN(view.label, label(view.line));
    view.increase = leg.value("increase", false);
    view.amount = Money::FromSatang(leg.value("amount", int64_t{0}));
    change.legs.push_back(std::move(view));
  }
  for (const auto& added : body.value("new_lines", json::array())) {
    TransferLeg view;
    view.line = id * 1000 + added.value("line_no", int64_t{0});
    KLANG_ASSIGN_OR_RETURN(view.label, label(view.line));
    view.increase = view.new_item = true;
    view.amount = Money::FromSatang(added.value("amount", int64_t{0}));
    change.legs.push_back(std::move(view));
  }
  change.total = Money::FromSatang(body.value("total", int64_t{0}));
  if (change.kind == kChangeExplanation) {
    change.line = body.value("line", int64_t{0});
    KLANG_ASSIGN_OR_RETURN(change.line_label, label(change.line));
    change.old_explanation = body.value("old_explanation", std::string());
    change.new_explanation = body.value("explanation", std::string());
  }
  return change;
}

Result<std::vector<BudgetChange>> BudgetService::Changes(int64_t org, int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->kit.Query("SELECT id FROM bud_changes WHERE org_id = $1 AND ($2 = 0 OR fiscal_year = $2) "
                       "ORDER BY id",
                       {org, int64_t{fiscal_year}}));
  std::vector<BudgetChange> changes;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(BudgetChange change, GetChange(org, row.Int(0)));
    changes.push_back(std::move(change));
  }
  return changes;
}

Result<std::vector<BudgetChange>> BudgetService::Unreported(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->kit.Query("SELECT id FROM bud_changes WHERE org_id = $1 AND reported_on IS NULL "
                       "ORDER BY report_due, id",
                       {org}));
  std::vector<BudgetChange> changes;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(BudgetChange change, GetChange(org, row.Int(0)));
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace klang::budget
