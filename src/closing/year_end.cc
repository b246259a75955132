#include "closing/year_end.h"

#include <algorithm>
#include <set>

#include "core/csv.h"
#include "closing/kinds.h"
#include "core/thai.h"

namespace klang::closing {
namespace {

using ledger::BodyInt;
using ledger::BodyText;
using ledger::Entry;
using store::Connection;
using store::Rows;

constexpr char kRevenueExpenseSummary[] = "3103010";  // รายรับสูง/(ต่ำ)กว่ารายจ่าย
constexpr char kAccumulatedFunds[] = "3101010";       // เงินสะสม
constexpr char kReserve[] = "3102010";                // ทุนสำรองเงินสะสม
constexpr char kAssetFunds[] = "3104010";             // ทุนทรัพย์สิน
constexpr char kDepreciation[] = "5106010";           // ค่าเสื่อมราคา
constexpr int kRevenueClass = 4, kExpenseClass = 5;
constexpr int64_t kPercent = 100;
constexpr size_t kTextBytesMax = 1000;
const char kSpecificBudget[] = "specific";  // special-purpose budgets are outside the cap's base

Date YearEnd(int fiscal_year) { return FiscalYearStart(fiscal_year + 1).AddDays(-1); }

// A line debiting `account` by `amount` (crediting it when negative); none when zero.
void AddDebit(std::vector<ledger::Line>& lines, const std::string& account, Money amount) {
  if (amount.is_zero()) return;
  if (amount.is_negative()) {
    lines.push_back({account, Money(), -amount});
  } else {
    lines.push_back({account, amount, Money()});
  }
}

Money Percent(Money amount, int pct) { return Money::FromSatang(amount.satang() * pct / kPercent); }

constexpr int kFiscalYearMin = 2400, kFiscalYearMax = 2999;  // BE

Status CheckFiscalYear(int fiscal_year) {
  if (fiscal_year >= kFiscalYearMin && fiscal_year <= kFiscalYearMax) return Status::Ok();
  return Status::Refusal("closing.fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570", "fiscal_year");
}

// The year's acts (preliminary closing, year-end close) wait for 1 October after it.
Status YearNotOver(int fiscal_year) {
  return Status::Refusal("closing.year_not_over",
                         "ปีงบประมาณ " + std::to_string(fiscal_year) + " ยังไม่สิ้นสุด (ปิดบัญชีได้ตั้งแต่วันที่ " +
                             FormatThaiDateLong(YearEnd(fiscal_year).AddDays(1)) + ")",
                         "fiscal_year");
}

Status PreliminaryDone(int fiscal_year) {
  return Status::Refusal("closing.preliminary_done",
                         "ปีงบประมาณ " + std::to_string(fiscal_year) + " ปิดบัญชีขั้นต้นแล้ว", "fiscal_year");
}

Status YearClosed(int fiscal_year) {
  return Status::Refusal("closing.year_closed",
                         "ปีงบประมาณ " + std::to_string(fiscal_year) + " ปิดบัญชีประจำปีแล้ว", "fiscal_year");
}
Status YearNotClosed(int fiscal_year) {
  return Status::Refusal("closing.year_not_closed",
                         "ปีงบประมาณ " + std::to_string(fiscal_year) + " ยังไม่ได้ปิดบัญชีประจำปี", "fiscal_year");
}

Status AfterPreliminary(const Entry& entry) {
  return Status::Refusal("closing.kind_after_preliminary",
                         "ปีงบประมาณ " + std::to_string(entry.fiscal_year) +
                             " ปิดบัญชีขั้นต้นแล้ว บันทึกได้เฉพาะรายการปรับปรุง (เอกสารประเภท " + entry.kind +
                             " ลงวันที่ในปีนั้นไม่ได้) งานของปีงบประมาณใหม่บันทึกได้ตามปกติ",
                         "date");
}

// close_years: one row per (org, fiscal year) closed at least once; close_preliminary: the years
// past their preliminary closing, whose entries of other kinds than adjustments are refused.
class YearProjection final : public ledger::Projection {
 public:
  explicit YearProjection(std::set<std::string> adjustment_kinds) : adjustment_kinds_(std::move(adjustment_kinds)) {}
  std::string_view name() const override { return "closing_years"; }
  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    std::map<std::pair<int64_t, int>, bool> preliminary;  // this batch's look-ups
    for (const Entry& entry : entries) {
      if (entry.kind == kKindPreliminary) {
        KLANG_RETURN_IF_ERROR(ApplyPreliminary(tx, entry));
        preliminary.clear();
        continue;
      }
      if (BoundByPeriods(entry.kind) && !adjustment_kinds_.count(entry.kind)) {
        const auto key = std::make_pair(entry.org, FiscalYearOf(entry.posting_date));
        auto found = preliminary.find(key);
        if (found == preliminary.end()) {
          KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT 1 FROM close_preliminary WHERE org_id = $1 AND "
                                                     "fiscal_year = $2",
                                                     {key.first, int64_t{key.second}}));
          found = preliminary.emplace(key, !rows.empty()).first;
        }
        if (found->second) return AfterPreliminary(entry);
      }
      if (entry.kind != kKindYearClose && entry.kind != kKindYearReopen) continue;
      const bool close = entry.kind == kKindYearClose;
      KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT closed FROM close_years WHERE org_id = $1 AND "
                                                 "fiscal_year = $2",
                                                 {entry.org, int64_t{entry.fiscal_year}}));
      const bool closed = !rows.empty() && rows[0].Int(0) != 0;
      if (close && closed) return YearClosed(entry.fiscal_year);
      if (!close && !closed) return YearNotClosed(entry.fiscal_year);
      KLANG_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO close_years (org_id, fiscal_year, closed, act_seq, close_seq, reopened) "
                     "VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT (org_id, fiscal_year) DO UPDATE SET "
                     "closed = excluded.closed, act_seq = excluded.act_seq, close_seq = CASE WHEN "
                     "excluded.closed = 1 THEN excluded.close_seq ELSE close_years.close_seq END, "
                     "reopened = close_years.reopened + (1 - excluded.closed)",
                     {entry.org, int64_t{entry.fiscal_year}, int64_t{close ? 1 : 0}, entry.seq,
                      entry.seq})
              .status());
    }
    return Status::Ok();
  }
  Status Clear(Connection& tx, int64_t org) override {
    KLANG_RETURN_IF_ERROR(tx.Execute("DELETE FROM close_preliminary WHERE org_id = $1", {org}).status());
    return tx.Execute("DELETE FROM close_years WHERE org_id = $1", {org}).status();
  }
  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  static Status ApplyPreliminary(Connection& tx, const Entry& entry) {
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT 1 FROM close_preliminary WHERE org_id = $1 AND fiscal_year = $2",
                                               {entry.org, int64_t{entry.fiscal_year}}));
    if (!rows.empty()) return PreliminaryDone(entry.fiscal_year);
    return tx.Execute("INSERT INTO close_preliminary (org_id, fiscal_year, seq) VALUES ($1, $2, $3)",
                      {entry.org, int64_t{entry.fiscal_year}, entry.seq})
        .status();
  }

  std::set<std::string> adjustment_kinds_;
};

class YearCheck final : public ledger::ProjectionCheck {
 public:
  explicit YearCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view) const override { return false; }
  void Fold(const Entry& entry) override {
    if (entry.kind == kKindPreliminary) preliminary_[entry.fiscal_year] = entry.seq;
    if (entry.kind != kKindYearClose && entry.kind != kKindYearReopen) return;
    Folded& year = years_[entry.fiscal_year];
    year.closed = entry.kind == kKindYearClose;
    year.act_seq = entry.seq;
    if (year.closed) year.close_seq = entry.seq;
    if (!year.closed) ++year.reopened;
  }
  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query("SELECT fiscal_year, closed, act_seq, close_seq, "
                                                       "reopened FROM close_years WHERE org_id = $1",
                                                       {org_}));
    std::map<int, Folded> stored;
    for (const auto& row : rows) {
      stored[static_cast<int>(row.Int(0))] = {row.Int(1) != 0, row.Int(2), row.Int(3), row.Int(4)};
    }
    for (const auto& [year, folded] : years_) {
      auto found = stored.find(year);
      if (found == stored.end() || !(found->second == folded)) {
        return std::optional<ledger::Disagreement>(
            ledger::Disagreement{folded.act_seq, "the close of fiscal year " + std::to_string(year) +
                                                     " differs from the log"});
      }
      stored.erase(found);
    }
    if (!stored.empty()) {
      return std::optional<ledger::Disagreement>(
          ledger::Disagreement{stored.begin()->second.act_seq, "a year close with no entry behind it"});
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT fiscal_year, seq FROM close_preliminary WHERE org_id = $1",
                                                  {org_}));
    std::map<int, int64_t> preliminary;
    for (const auto& row : rows) preliminary[static_cast<int>(row.Int(0))] = row.Int(1);
    if (preliminary != preliminary_) {
      return std::optional<ledger::Disagreement>(ledger::Disagreement{0, "preliminary closings differ from the log"});
    }
    return std::optional<ledger::Disagreement>();
  }

 private:
  struct Folded {
    bool closed = false;
    int64_t act_seq = 0, close_seq = 0, reopened = 0;
    bool operator==(const Folded&) const = default;
  };
  int64_t org_;
  std::map<int, Folded> years_;
  std::map<int, int64_t> preliminary_;  // fiscal year → seq
};

std::unique_ptr<ledger::ProjectionCheck> YearProjection::BeginCheck(int64_t org) const {
  return std::make_unique<YearCheck>(org);
}

}  // namespace

// ---- rules ----

Result<ClosingRuleTable> ClosingRuleTable::FromCsv(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(
      std::vector<CsvRow> rows,
      ReadDataCsv(text, "valid_from_fy,valid_to_fy,reserve_rate_pct,reserve_cap_pct,evidence,legal_reference",
                  "closing.rules", "แฟ้มหลักเกณฑ์การปิดบัญชี"));
  ClosingRuleTable table;
  for (const CsvRow& row : rows) {
    const auto& f = row.fields;
    auto number = [&](size_t i, int low, int high) -> Result<int> {
      if (f[i].empty() || f[i].size() > 4 || f[i].find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(f[i]) < low || std::stoi(f[i]) > high) {
        return Status::Internal("closing.rules", "closing_rules.csv line " + std::to_string(row.line) +
                                                     ": field " + std::to_string(i + 1) + " out of range");
      }
      return std::stoi(f[i]);
    };
    ClosingRules rules;
    KLANG_ASSIGN_OR_RETURN(rules.valid_from_fy, number(0, 2400, 2999));
    KLANG_ASSIGN_OR_RETURN(rules.valid_to_fy, number(1, rules.valid_from_fy, 2999));
    KLANG_ASSIGN_OR_RETURN(rules.reserve_rate_pct, number(2, 0, 100));
    KLANG_ASSIGN_OR_RETURN(rules.reserve_cap_pct, number(3, 0, 100));
    rules.evidence = f[4];
    rules.legal_reference = f[5];
    if (rules.legal_reference.empty()) {
      return Status::Internal("closing.rules", "closing_rules.csv line " + std::to_string(row.line) +
                                                   ": legal_reference is required");
    }
    table.rows_.push_back(std::move(rules));
  }
  return table;
}

Status ClosingRuleTable::LoadAdjustmentKinds(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text, "kind,name_th,evidence,legal_reference", "closing.adjustment_kinds",
                                     "แฟ้มประเภทเอกสารที่บันทึกได้หลังปิดบัญชีขั้นต้น"));
  std::set<std::string> kinds;
  for (const CsvRow& row : rows) {
    if (row.fields[0].empty() || row.fields[3].empty()) {
      return Status::Internal("closing.adjustment_kinds", "closing_adjustment_kinds.csv line " +
                                                              std::to_string(row.line) + ": kind and legal_reference are required");
    }
    kinds.insert(row.fields[0]);
  }
  adjustment_kinds_ = std::move(kinds);
  return Status::Ok();
}

Result<ClosingRules> ClosingRuleTable::For(int fiscal_year) const {
  for (const auto& rules : rows_) {
    if (rules.valid_from_fy <= fiscal_year && fiscal_year <= rules.valid_to_fy) return rules;
  }
  return Status::Refusal("closing.no_rule_set",
                         "ไม่มีหลักเกณฑ์การปิดบัญชีสำหรับปีงบประมาณ " + std::to_string(fiscal_year), "fiscal_year");
}

// ---- the plan ----

YearPlan PlanYearEnd(const YearFigures& figures, const ClosingRules& rules) {
  YearPlan plan;
  std::vector<ledger::Line>& lines = plan.lines;
  for (const auto& [account, amount] : figures.revenue) {
    AddDebit(lines, account, amount);
    plan.revenue = plan.revenue + amount;
  }
  AddDebit(lines, kRevenueExpenseSummary, -plan.revenue);
  for (const auto& [account, amount] : figures.expenses) {
    AddDebit(lines, account, -amount);
    plan.operating = plan.operating + amount;
  }
  AddDebit(lines, kRevenueExpenseSummary, plan.operating);
  plan.investment = figures.investment;
  AddDebit(lines, kRevenueExpenseSummary, plan.investment);
  AddDebit(lines, kAssetFunds, -plan.investment);
  plan.depreciation = figures.depreciation;
  AddDebit(lines, kAssetFunds, plan.depreciation);
  AddDebit(lines, kDepreciation, -plan.depreciation);
  plan.surplus = plan.revenue - plan.operating - plan.investment;
  plan.cap = Percent(figures.appropriation, rules.reserve_cap_pct);
  if (plan.surplus.is_positive()) {
    const Money room = std::max(Money(), plan.cap - figures.reserve_before);
    plan.to_reserve = std::min(Percent(plan.surplus, rules.reserve_rate_pct), room);
    plan.to_funds = plan.surplus - plan.to_reserve;
    AddDebit(lines, kRevenueExpenseSummary, plan.surplus);
    AddDebit(lines, kReserve, -plan.to_reserve);
    AddDebit(lines, kAccumulatedFunds, -plan.to_funds);
  } else {
    plan.to_funds = plan.surplus;  // a deficit, borne by เงินสะสม
    AddDebit(lines, kAccumulatedFunds, -plan.surplus);
    AddDebit(lines, kRevenueExpenseSummary, plan.surplus);
  }
  plan.reserve_excess = std::max(Money(), figures.reserve_before - plan.cap);
  AddDebit(lines, kReserve, plan.reserve_excess);
  AddDebit(lines, kAccumulatedFunds, -plan.reserve_excess);
  Money debit, credit;
  for (const auto& line : lines) {
    debit = debit + line.debit;
    credit = credit + line.credit;
  }
  KLANG_ASSERT_MSG(debit == credit, "year-end closing lines do not balance");
  return plan;
}

// ---- the service ----

YearEndService::YearEndService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                               accounting::ChartOfAccounts& chart, accounting::VoucherService& vouchers,
                               budget::BudgetService& budget, PeriodService& periods,
                               ClosingRuleTable rules, const Clock& clock, Random& random)
    : kit_("closing", ledger, orgs, clock, random),
      orgs_(orgs),
      ledger_(ledger),
      chart_(chart),
      vouchers_(vouchers),
      budget_(budget),
      periods_(periods),
      rules_(std::move(rules)),
      projection_(std::make_unique<YearProjection>(rules_.adjustment_kinds())) {}

YearEndService::~YearEndService() = default;

Result<YearFigures> YearEndService::FiguresOf(int64_t org, int fiscal_year) {
  const Date from = FiscalYearStart(fiscal_year), to = YearEnd(fiscal_year);
  YearFigures figures;
  std::map<std::string, Money> net;  // account → debit − credit of the year, openings left out
  KLANG_ASSIGN_OR_RETURN(auto totals, ledger_.Totals(org, from, to));
  for (const auto& total : totals) net[total.account] = total.debit - total.credit;
  KLANG_ASSIGN_OR_RETURN(auto openings, vouchers_.OpeningTotals(org, from, to));
  for (const auto& day : openings) net[day.account] = net[day.account] - (day.debit - day.credit);
  for (const auto& [account, amount] : net) {
    if (amount.is_zero()) continue;
    KLANG_ASSIGN_OR_RETURN(accounting::Account found, chart_.Find(account));
    if (found.account_class == kRevenueClass) figures.revenue[account] = -amount;
    if (found.account_class == kExpenseClass && account == kDepreciation) figures.depreciation = amount;
    if (found.account_class == kExpenseClass && account != kDepreciation) figures.expenses[account] = amount;
  }
  std::set<std::string> investment;
  for (const auto& category : budget_.catalog().categories()) {
    if (category.investment) investment.insert(category.code);
  }
  KLANG_ASSIGN_OR_RETURN(auto spent, budget_.SpentByDay(org, fiscal_year, to));
  for (const auto& day : spent) {
    // A carry-over of งบลงทุน is charged to 5107010 (an expense closed with E_op), not an asset.
    if (investment.count(day.category) && !day.carried_over) figures.investment = figures.investment + day.spent;
    figures.budget_spent = figures.budget_spent + day.spent;
  }
  KLANG_ASSIGN_OR_RETURN(auto lines, budget_.Lines(org, fiscal_year, to, /*include_not_in_force=*/false));
  std::map<int64_t, bool> specific;  // budget document → special-purpose
  for (const auto& line : lines) {
    if (!specific.count(line.budget)) {
      auto document = budget_.Get(org, line.budget);
      specific[line.budget] = document.ok() && document->kind == kSpecificBudget;
    }
    if (!specific[line.budget]) figures.appropriation = figures.appropriation + line.appropriation();
  }
  KLANG_ASSIGN_OR_RETURN(auto balances, ledger_.Totals(org, std::nullopt, to));
  for (const auto& total : balances) {
    if (total.account == kReserve) figures.reserve_before = total.credit - total.debit;
  }
  return figures;
}

Result<YearPlan> YearEndService::Plan(int64_t org, int fiscal_year) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  KLANG_ASSIGN_OR_RETURN(ClosingRules rules, rules_.For(fiscal_year));
  KLANG_ASSIGN_OR_RETURN(YearFigures figures, FiguresOf(org, fiscal_year));
  return PlanYearEnd(figures, rules);
}

// Every month of the year closed; the year's expenditure on the budget basis equal to what the
// budget register spent.
Result<std::vector<Difference>> YearEndService::Preconditions(int64_t org, int fiscal_year,
                                                              const YearFigures& figures, const YearPlan& plan) {
  std::vector<Difference> differences;
  KLANG_ASSIGN_OR_RETURN(std::vector<MonthStatus> months, periods_.Months(org, fiscal_year));
  for (const auto& month : months) {
    if (month.closed) continue;
    differences.push_back({"closing.month_open", "การปิดบัญชีประจำเดือน",
                           "เดือน" + month.month.Thai() + " ยังไม่ได้ปิดบัญชี", month.month.Last().ToIso(), Money()});
  }
  const Money budget_spent = figures.budget_spent;
  const Money expenditure = plan.operating + plan.investment;
  if (expenditure != budget_spent) {
    differences.push_back({"closing.budget_basis", "รายจ่ายตามงบประมาณ",
                           "รายจ่ายในบัญชีแยกประเภท " + expenditure.Format() + " บาท ไม่เท่ากับที่ทะเบียนงบประมาณเบิกจ่าย " +
                               budget_spent.Format() + " บาท",
                           YearEnd(fiscal_year).ToIso(), expenditure - budget_spent});
  }
  return differences;
}

Result<YearOutcome> YearEndService::Close(int64_t org, int fiscal_year, const std::string& entry_id,
                                          const accounting::Actor& actor) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  const Date end = YearEnd(fiscal_year);
  if (!(end < kit_.Today())) return YearNotOver(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(YearStatus status, StatusOf(org, fiscal_year));
  if (status.closed) return YearClosed(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(ClosingRules rules, rules_.For(fiscal_year));
  KLANG_ASSIGN_OR_RETURN(YearFigures figures, FiguresOf(org, fiscal_year));
  YearPlan plan = PlanYearEnd(figures, rules);
  YearOutcome outcome;
  KLANG_ASSIGN_OR_RETURN(outcome.differences, Preconditions(org, fiscal_year, figures, plan));
  if (!outcome.differences.empty()) return outcome;
  ledger::EntryDraft draft = kit_.Draft(org, entry_id, kKindYearClose, end, actor);
  draft.lines = plan.lines;
  draft.body["fiscal_year"] = fiscal_year;
  draft.body["description"] = "ปิดบัญชีประจำปีงบประมาณ " + std::to_string(fiscal_year);
  draft.body["figures"] = {{"revenue", plan.revenue.satang()},         {"operating", plan.operating.satang()},
                           {"investment", plan.investment.satang()},   {"depreciation", plan.depreciation.satang()},
                           {"surplus", plan.surplus.satang()},         {"cap", plan.cap.satang()},
                           {"to_reserve", plan.to_reserve.satang()},   {"to_funds", plan.to_funds.satang()},
                           {"reserve_excess", plan.reserve_excess.satang()},
                           {"appropriation", figures.appropriation.satang()},
                           {"reserve_before", figures.reserve_before.satang()}};
  draft.body["rules"] = {{"reserve_rate_pct", rules.reserve_rate_pct},
                         {"reserve_cap_pct", rules.reserve_cap_pct},
                         {"legal_reference", rules.legal_reference}};
  KLANG_ASSIGN_OR_RETURN(ledger::Entry entry, kit_.Append(std::move(draft)));
  outcome.seq = entry.seq;
  outcome.closed = std::move(plan);
  return outcome;
}

Result<int64_t> YearEndService::Preliminary(int64_t org, int fiscal_year, const std::string& entry_id,
                                            const accounting::Actor& actor) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  const Date end = YearEnd(fiscal_year);
  if (!(end < kit_.Today())) return YearNotOver(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(YearStatus status, StatusOf(org, fiscal_year));
  if (status.closed) return YearClosed(fiscal_year);
  if (status.preliminary) return PreliminaryDone(fiscal_year);
  ledger::EntryDraft draft = kit_.Draft(org, entry_id, kKindPreliminary, end, actor);
  draft.body["fiscal_year"] = fiscal_year;
  draft.body["description"] = "ปิดบัญชีขั้นต้นปีงบประมาณ " + std::to_string(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(ledger::Entry entry, kit_.Append(std::move(draft)));
  return entry.seq;
}

Result<int64_t> YearEndService::Reopen(int64_t org, int fiscal_year, const std::string& reason,
                                       const std::string& approval_ref, const std::string& entry_id,
                                       const accounting::Actor& actor) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  if (reason.empty() || reason.size() > kTextBytesMax) {
    return Status::Refusal("closing.reason_required", "กรุณาระบุเหตุผลที่เปิดบัญชีประจำปี", "reason");
  }
  if (approval_ref.empty() || approval_ref.size() > kTextBytesMax) {
    return Status::Refusal("closing.approval_required", "กรุณาระบุเลขที่หนังสืออนุมัติให้เปิดบัญชีประจำปี", "approval_ref");
  }
  KLANG_ASSIGN_OR_RETURN(YearStatus status, StatusOf(org, fiscal_year));
  if (!status.closed) return YearNotClosed(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(ledger::Entry closing, ledger_.Get(org, status.act_seq));
  ledger::EntryDraft draft = kit_.Draft(org, entry_id, kKindYearReopen, YearEnd(fiscal_year), actor);
  for (const auto& line : closing.lines) draft.lines.push_back({line.account, line.credit, line.debit});
  draft.body["fiscal_year"] = fiscal_year;
  draft.body["description"] = "เปิดบัญชีประจำปีงบประมาณ " + std::to_string(fiscal_year) + ": " + reason;
  draft.body["reason"] = reason;
  draft.body["approval_ref"] = approval_ref;
  draft.body["reverses_seq"] = closing.seq;
  KLANG_ASSIGN_OR_RETURN(ledger::Entry entry, kit_.Append(std::move(draft)));
  return entry.seq;
}

Result<std::vector<UnitClosing>> YearEndService::UnitsOf(int64_t org, int fiscal_year) {
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  std::vector<UnitClosing> units;
  for (const auto& child : orgs_.Children(org)) {
    if (child.type != org::OrgType::kUnit) continue;
    UnitClosing unit;
    unit.org = child.id;
    unit.name_th = child.name;
    KLANG_ASSIGN_OR_RETURN(std::vector<MonthStatus> months, periods_.Months(child.id, fiscal_year));
    for (const auto& month : months) {
      unit.months_over += month.over ? 1 : 0;
      unit.months_closed += month.closed ? 1 : 0;
    }
    unit.year_over = YearEnd(fiscal_year) < kit_.Today();
    KLANG_ASSIGN_OR_RETURN(YearStatus status, StatusOf(child.id, fiscal_year));
    unit.year_closed = status.closed;
    units.push_back(std::move(unit));
  }
  return units;
}

Result<std::vector<ledger::DayTotals>> YearEndService::ClosingTotals(int64_t org, Date from, Date to) {
  std::vector<ledger::DayTotals> totals;
  for (int fiscal_year = FiscalYearOf(from); fiscal_year <= FiscalYearOf(to); ++fiscal_year) {
    const Date end = YearEnd(fiscal_year);
    if (end < from || to < end) continue;
    KLANG_ASSIGN_OR_RETURN(YearStatus status, StatusOf(org, fiscal_year));
    if (!status.closed) continue;
    for (const auto& line : status.plan->lines) totals.push_back({line.account, end, line.debit, line.credit});
  }
  return totals;
}

Result<YearStatus> YearEndService::StatusOf(int64_t org, int fiscal_year) {
  KLANG_RETURN_IF_ERROR(CheckFiscalYear(fiscal_year));
  YearStatus status;
  status.fiscal_year = fiscal_year;
  KLANG_ASSIGN_OR_RETURN(Rows preliminary, kit_.Query("SELECT 1 FROM close_preliminary WHERE org_id = $1 AND "
                                                      "fiscal_year = $2",
                                                      {org, int64_t{fiscal_year}}));
  status.preliminary = !preliminary.empty();
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit_.Query("SELECT closed, act_seq, close_seq, reopened FROM close_years "
                                               "WHERE org_id = $1 AND fiscal_year = $2",
                                               {org, int64_t{fiscal_year}}));
  if (rows.empty()) return status;
  status.closed = rows[0].Int(0) != 0;
  status.act_seq = rows[0].Int(1);
  status.reopened = rows[0].Int(3);
  if (status.closed) {
    KLANG_ASSIGN_OR_RETURN(ledger::Entry entry, ledger_.Get(org, rows[0].Int(2)));
    const auto& figures = entry.body.contains("figures") ? entry.body["figures"] : nlohmann::json::object();
    auto amount = [&](const char* key) { return Money::FromSatang(BodyInt(figures, key)); };
    YearPlan plan;
    plan.revenue = amount("revenue");
    plan.operating = amount("operating");
    plan.investment = amount("investment");
    plan.depreciation = amount("depreciation");
    plan.surplus = amount("surplus");
    plan.cap = amount("cap");
    plan.to_reserve = amount("to_reserve");
    plan.to_funds = amount("to_funds");
    plan.reserve_excess = amount("reserve_excess");
    plan.lines = entry.lines;
    status.plan = std::move(plan);
  }
  return status;
}

NotMovements OpeningsAndClosings(accounting::VoucherService& vouchers, YearEndService& years,
                                 budget::CarryOverService& carryovers) {
  return [&vouchers, &years, &carryovers](int64_t org, Date from, Date to) -> Result<std::vector<ledger::DayTotals>> {
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> totals, vouchers.OpeningTotals(org, from, to));
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> closings, years.ClosingTotals(org, from, to));
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> assets, carryovers.AssetLines(org, from, to));
    totals.insert(totals.end(), closings.begin(), closings.end());
    totals.insert(totals.end(), assets.begin(), assets.end());
    return totals;
  };
}

}  // namespace klang::closing
