#include "oversight/currency.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "accounting/kinds.h"
#include "budget/kinds.h"
#include "closing/kinds.h"
#include "closing/periods.h"
#include "closing/year_end.h"
#include "core/assert.h"
#include "core/csv.h"
#include "sync/continuity.h"

namespace klang::oversight {
namespace {

using ledger::BodyFlag;
using ledger::BodyInt;
using ledger::BodyText;
using ledger::Entry;
using nlohmann::json;
using store::Connection;
using store::Rows;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kThresholdMax = 100000;
// Organisations per look-up (store::QueryInChunks): a power of two, so a chunk's list padded to the
// next one takes one of ten lengths.
constexpr size_t kOrgsPerQuery = 512;

const std::array<ItemInfo, kItemCount> kItems = {{
    {Item::kPostingLag, "posting_lag", "ผ่านรายการล่าสุดห่างจากวันนี้", "วัน", "ยังไม่เคยผ่านรายการ"},
    {Item::kDailyReportLag, "daily_report_lag", "รายงานสถานะการเงินประจำวันจัดทำล่าช้ากว่ารายการ", "วัน"},
    {Item::kMonthsUnclosed, "months_unclosed", "ยังไม่ได้ปิดบัญชีประจำเดือน", "เดือน"},
    {Item::kPreliminaryOverdue, "preliminary_overdue", "ยังไม่ได้ปิดบัญชีขั้นต้นของปีงบประมาณที่แล้ว เกินกำหนด", "วัน"},
    {Item::kYearCloseOverdue, "year_close_overdue", "ยังไม่ได้ปิดบัญชีประจำปีของปีงบประมาณที่แล้ว เกินกำหนด", "วัน"},
    {Item::kBudgetUnapproved, "budget_unapproved", "ยังไม่ได้บันทึกงบประมาณรายจ่ายประจำปีที่ได้รับอนุมัติ เกินกำหนด", "วัน"},
    {Item::kStatementsOverdue, "statements_overdue", "ยังไม่ได้จัดทำงบการเงินของปีงบประมาณที่แล้ว เกินกำหนด", "วัน"},
    {Item::kFundsReportOverdue, "funds_report_overdue", "ยังไม่ได้จัดทำรายงานเงินสะสม เกินกำหนด", "วัน"},
    {Item::kOpenOutage, "open_outage", "ขาดการติดต่อกับระบบยังไม่สิ้นสุด มาแล้ว", "วัน"},
    {Item::kPaperPending, "paper_pending", "เอกสารที่จัดทำด้วยมือยังบันทึกเข้าระบบไม่ครบ", "ครั้งที่ขาดการติดต่อ"},
    {Item::kHeldForReview, "held_for_review", "เอกสารรอตรวจสอบจากการขาดการติดต่อ", "รายการ"},
    {Item::kIntegrityDamaged, "integrity_damaged", "การตรวจสอบความถูกต้องครั้งล่าสุดพบความเสียหาย", ""},
    {Item::kVerifyAge, "verify_age", "ตรวจสอบความถูกต้องของบัญชีครั้งล่าสุดเมื่อ", "วันก่อน", "ยังไม่เคยตรวจสอบความถูกต้องของบัญชี"},
    {Item::kCheckpointAge, "checkpoint_age", "จุดรับรองที่มีผู้รับรองครั้งล่าสุดเมื่อ", "วันก่อน"},
    {Item::kNodeSilent, "node_silent", "เครื่องของสำนักงานไม่ได้ติดต่อศูนย์มาแล้ว", "วัน", "เครื่องของสำนักงานยังไม่เคยติดต่อศูนย์"},
}};

// The budget ids of annual budgets and their fiscal years, as bud.budget entries drafted them.
int AnnualFiscalYear(const Entry& entry) {
  return BodyText(entry.body, "kind") == budget::kAnnual ? static_cast<int>(BodyInt(entry.body, "fiscal_year")) : 0;
}

}  // namespace

std::string_view StandingCode(Standing standing) {
  switch (standing) {
    case Standing::kCurrent: return "current";
    case Standing::kBehind: return "behind";
    case Standing::kNeedsHelp: return "help";
  }
  KLANG_ASSERT(false);
  return "";
}

std::string_view StandingThai(Standing standing) {
  switch (standing) {
    case Standing::kCurrent: return "ครบถ้วนเป็นปัจจุบัน";
    case Standing::kBehind: return "ล่าช้า";
    case Standing::kNeedsHelp: return "ต้องการความช่วยเหลือ";
  }
  KLANG_ASSERT(false);
  return "";
}

std::optional<Standing> ParseStanding(std::string_view code) {
  for (Standing standing : {Standing::kCurrent, Standing::kBehind, Standing::kNeedsHelp}) {
    if (StandingCode(standing) == code) return standing;
  }
  return std::nullopt;
}

const std::array<ItemInfo, kItemCount>& Items() { return kItems; }

const ItemInfo& InfoOf(Item item) {
  const ItemInfo& info = kItems[static_cast<size_t>(item)];
  KLANG_ASSERT(info.item == item);
  return info;
}

std::optional<Item> ParseItem(std::string_view code) {
  for (const auto& info : kItems) {
    if (info.code == code) return info.item;
  }
  return std::nullopt;
}

std::string_view ProblemStateThai(std::string_view state) {
  if (state == kProblemOpen) return "รอดำเนินการ";
  if (state == kProblemAdvised) return "ให้คำแนะนำแล้ว อยู่ระหว่างติดตาม";
  if (state == kProblemFixed) return "แก้ไขแล้ว";
  return "";
}

std::optional<std::string_view> NoteKindThai(std::string_view kind) {
  if (kind == kNoteAdvice) return "คำแนะนำ";
  if (kind == kNoteFollowUp) return "การติดตามผล";
  if (kind == kNoteFix) return "การแก้ไข";
  return std::nullopt;
}

// ---- the facts of the log ----------------------------------------------------------------------

Status LedgerFacts::Fold(const Entry& entry, const std::function<Result<int>(int64_t)>& annual_fy) {
  bool changed = false;  // whether this entry moved any fact (then it is the last that did)
  auto set = [&changed](auto& field, auto value) {
    if (field == value) return;
    field = std::move(value);
    changed = true;
  };
  const json& body = entry.body;
  // A posting is an entry with lines; opening balances (dated before the books began) are not one.
  if (!entry.lines.empty() && entry.kind != accounting::kKindOpening) {
    if (!first_posting.valid() || entry.posting_date < first_posting) set(first_posting, entry.posting_date);
    if (!last_posting.valid() || entry.posting_date > last_posting) set(last_posting, entry.posting_date);
  }
  const std::string& kind = entry.kind;
  if (kind == closing::kKindMonthClose || kind == closing::kKindMonthReopen) {
    auto month = closing::Month::Parse(BodyText(body, "month"));
    if (month.ok()) {
      const int year = month->FiscalYear();
      auto closed = closed_through.find(year);
      if (kind == closing::kKindMonthClose) {
        if (closed == closed_through.end()) {
          closed_through[year] = month->Iso();
          changed = true;
        } else if (closed->second < month->Iso()) {
          set(closed->second, month->Iso());
        }
      } else if (closed != closed_through.end() && closed->second >= month->Iso()) {
        // The month reopened and every later one of its year: the year is closed to the month before.
        if (month->Previous().FiscalYear() == year) {
          set(closed->second, month->Previous().Iso());
        } else {
          closed_through.erase(closed);
          changed = true;
        }
      }
    }
  } else if (kind == closing::kKindPreliminary) {
    set(preliminary_fy, std::max(preliminary_fy, static_cast<int>(BodyInt(body, "fiscal_year"))));
  } else if (kind == closing::kKindYearClose) {
    set(year_closed_fy, std::max(year_closed_fy, static_cast<int>(BodyInt(body, "fiscal_year"))));
  } else if (kind == closing::kKindYearReopen) {
    const int year = static_cast<int>(BodyInt(body, "fiscal_year"));
    if (year_closed_fy >= year) set(year_closed_fy, year - 1);
  } else if (kind == budget::kKindBudget) {
    if (const int year = AnnualFiscalYear(entry); year != 0) changed |= budgets_recorded.insert(year).second;
  } else if (kind == budget::kKindApprove) {
    KLANG_ASSIGN_OR_RETURN(const int year, annual_fy(BodyInt(body, "budget")));
    if (year != 0) changed |= budgets_approved.insert(year).second;
  } else if (kind == sync::kOutageBegin) {
    if (BodyInt(body, "ended_at_ms") == 0) changed |= open_outages.emplace(entry.seq, BodyInt(body, "started_at_ms")).second;
    if (BodyFlag(body, "paper")) {
      paper_pending.push_back(entry.seq);
      changed = true;
    }
  } else if (kind == sync::kOutageEnd) {
    changed |= open_outages.erase(BodyInt(body, "outage")) > 0;
  } else if (kind == sync::kPaperDone) {
    changed |= std::erase(paper_pending, BodyInt(body, "outage")) > 0;
  } else if (kind == sync::kHeld) {
    ++held;
    changed = true;
  } else if (kind == sync::kReviewed && held > 0) {
    --held;
    changed = true;
  }
  if (changed) last_seq = entry.seq;
  return Status::Ok();
}

std::string LedgerFacts::LastClosedMonth() const {
  std::string last;
  for (const auto& [year, month] : closed_through) last = std::max(last, month);
  return last;
}

// ---- the rules ---------------------------------------------------------------------------------

Result<RuleTable> RuleTable::FromCsv(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text, "item,behind_at,help_at,due_days,evidence,legal_reference",
                                     "oversight.rules", "แฟ้มเกณฑ์สถานะการบันทึกบัญชี"));
  RuleTable table;
  table.rules_.resize(kItemCount);
  std::vector<bool> seen(kItemCount, false);
  for (const CsvRow& row : rows) {
    const auto& f = row.fields;
    auto problem = [&](const std::string& what) {
      return Status::Internal("oversight.rules", "oversight_rules.csv line " + std::to_string(row.line) + ": " + what);
    };
    const std::optional<Item> item = ParseItem(f[0]);
    if (!item) return problem("unknown item " + f[0]);
    if (seen[static_cast<size_t>(*item)]) return problem("item " + f[0] + " twice");
    Rule rule{.item = *item};
    for (auto [index, target] : {std::pair{1, &rule.behind_at}, {2, &rule.help_at}, {3, &rule.due_days}}) {
      const std::string& field = f[static_cast<size_t>(index)];
      if (field.empty() || field.size() > 6 || field.find_first_not_of("0123456789") != std::string::npos ||
          std::stoll(field) > kThresholdMax) {
        return problem("field " + std::to_string(index + 1) + " is not a whole number up to 100000");
      }
      *target = std::stoll(field);
    }
    if (rule.help_at != 0 && rule.behind_at > rule.help_at) return problem("behind_at above help_at");
    rule.evidence = f[4];
    rule.legal_reference = f[5];
    if (rule.legal_reference.empty()) return problem("legal_reference is required");
    seen[static_cast<size_t>(*item)] = true;
    table.rules_[static_cast<size_t>(*item)] = std::move(rule);
  }
  for (size_t i = 0; i < kItemCount; ++i) {
    if (!seen[i]) {
      return Status::Internal("oversight.rules", "oversight_rules.csv has no row for " + std::string(kItems[i].code));
    }
  }
  return table;
}

// ---- the assessment ----------------------------------------------------------------------------

namespace {

int64_t DaysBetween(Date from, Date to) { return to.DaysSinceEpoch() - from.DaysSinceEpoch(); }

// Days past `due` on `today` (0 when not past).
int64_t Overdue(Date due, Date today) { return std::max<int64_t>(0, DaysBetween(due, today)); }

// Months over and past their grace that are not closed, in every fiscal year from that of the
// first posting: each year's months close in order from October, so a year's closed months are
// those up to its last closed one.
int64_t MonthsUnclosed(const LedgerFacts& facts, Date today, int64_t grace_days) {
  if (!facts.first_posting.valid()) return 0;
  int64_t count = 0;
  for (int year = FiscalYearOf(facts.first_posting); year <= FiscalYearOf(today); ++year) {
    auto closed = facts.closed_through.find(year);
    for (const closing::Month& month : closing::MonthsOfFiscalYear(year)) {
      if (!(month.Last().AddDays(grace_days) < today)) break;
      if (closed == facts.closed_through.end() || month.Iso() > closed->second) ++count;
    }
  }
  return count;
}

// Whether the organisation kept books in fiscal year `fy` (its first posting is on or before the
// year's end).
bool KeptBooksIn(const LedgerFacts& facts, int fy) {
  return facts.first_posting.valid() && facts.first_posting <= FiscalYearEnd(fy);
}

// The latest March or September whose report is due (its month's end plus `due_days` before
// today) and that the organisation kept books in; unset when none.
std::optional<closing::Month> FundsReportDue(const LedgerFacts& facts, Date today, int64_t due_days) {
  if (!facts.first_posting.valid()) return std::nullopt;
  closing::Month month = closing::Month::Of(today);
  for (int back = 0; back < 13; ++back, month = month.Previous()) {
    if ((month.month == 3 || month.month == 9) && month.Last().AddDays(due_days) < today) {
      if (month.Last() < facts.first_posting) return std::nullopt;
      return month;
    }
  }
  return std::nullopt;
}

std::map<Item, int64_t> Measures(const LedgerFacts& ledger, const OtherFacts& other, Date today, int64_t now_ms,
                                 const RuleTable& rules) {
  std::map<Item, int64_t> m;
  const bool posted = ledger.last_posting.valid();
  m[Item::kPostingLag] = posted ? std::max<int64_t>(0, DaysBetween(ledger.last_posting, today)) : kNeverDays;
  // Reports made at an office's edge node are recorded there, not at the centre (the records are
  // not entries): an organisation homed at a node is not judged on them.
  const bool reports_seen = other.node.empty();
  if (posted && reports_seen) {
    const Date made_through = other.daily_report.valid() ? other.daily_report : ledger.first_posting.AddDays(-1);
    m[Item::kDailyReportLag] = std::max<int64_t>(0, DaysBetween(made_through, ledger.last_posting));
  }
  m[Item::kMonthsUnclosed] = MonthsUnclosed(ledger, today, rules.For(Item::kMonthsUnclosed).due_days);
  const int this_fy = FiscalYearOf(today);
  const int last_fy = this_fy - 1;
  const Date last_fy_end = FiscalYearEnd(last_fy);
  if (KeptBooksIn(ledger, last_fy)) {
    if (ledger.preliminary_fy < last_fy && ledger.year_closed_fy < last_fy) {
      m[Item::kPreliminaryOverdue] = Overdue(last_fy_end.AddDays(rules.For(Item::kPreliminaryOverdue).due_days), today);
    }
    if (ledger.year_closed_fy < last_fy) {
      m[Item::kYearCloseOverdue] = Overdue(last_fy_end.AddDays(rules.For(Item::kYearCloseOverdue).due_days), today);
    }
    if (reports_seen && other.statements_fy < last_fy) {
      m[Item::kStatementsOverdue] = Overdue(last_fy_end.AddDays(rules.For(Item::kStatementsOverdue).due_days), today);
    }
  }
  if (ledger.budgets_approved.count(this_fy) == 0) {
    m[Item::kBudgetUnapproved] = Overdue(FiscalYearStart(this_fy).AddDays(rules.For(Item::kBudgetUnapproved).due_days), today);
  }
  const int64_t funds_due = rules.For(Item::kFundsReportOverdue).due_days;
  if (auto due = FundsReportDue(ledger, today, funds_due); reports_seen && due && other.funds_report < due->Iso()) {
    m[Item::kFundsReportOverdue] = Overdue(due->Last().AddDays(funds_due), today);
  }
  if (!ledger.open_outages.empty()) {
    int64_t oldest = now_ms;
    for (const auto& [outage, started] : ledger.open_outages) oldest = std::min(oldest, started);
    m[Item::kOpenOutage] = std::max<int64_t>(0, now_ms - oldest) / kDayMs + 1;
  }
  m[Item::kPaperPending] = static_cast<int64_t>(ledger.paper_pending.size());
  m[Item::kHeldForReview] = ledger.held;
  m[Item::kIntegrityDamaged] = other.damaged ? 1 : 0;
  m[Item::kVerifyAge] = other.verified_at_ms == 0 ? kNeverDays : std::max<int64_t>(0, now_ms - other.verified_at_ms) / kDayMs;
  if (other.checkpoint_at_ms != 0 && posted &&
      ThaiDateFromUnixSeconds(other.checkpoint_at_ms / 1000) < ledger.last_posting) {
    m[Item::kCheckpointAge] = std::max<int64_t>(0, now_ms - other.checkpoint_at_ms) / kDayMs;
  }
  if (!other.node.empty()) {
    m[Item::kNodeSilent] = other.node_seen_ms == 0 ? kNeverDays : std::max<int64_t>(0, now_ms - other.node_seen_ms) / kDayMs;
  }
  return m;
}

std::string FindingText(const ItemInfo& info, int64_t measure) {
  if (info.unit_th.empty()) return std::string(info.name_th);
  if (measure >= kNeverDays && !info.never_th.empty()) return std::string(info.never_th);
  return std::string(info.name_th) + " " + std::to_string(measure) + " " + std::string(info.unit_th);
}

}  // namespace

Assessment Assess(const LedgerFacts& ledger, const OtherFacts& other, Date today, int64_t now_ms,
                  const RuleTable& rules) {
  Assessment assessment;
  assessment.measures = Measures(ledger, other, today, now_ms, rules);
  for (const auto& [item, measure] : assessment.measures) {
    const Rule& rule = rules.For(item);
    Standing level = Standing::kCurrent;
    if (rule.help_at > 0 && measure >= rule.help_at) {
      level = Standing::kNeedsHelp;
    } else if (rule.behind_at > 0 && measure >= rule.behind_at) {
      level = Standing::kBehind;
    }
    if (level == Standing::kCurrent) continue;
    assessment.standing = std::max(assessment.standing, level);
    assessment.findings.push_back({item, measure, level, FindingText(InfoOf(item), measure)});
  }
  std::stable_sort(assessment.findings.begin(), assessment.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.level > b.level; });
  return assessment;
}

// ---- the projection ----------------------------------------------------------------------------

std::vector<store::Migration> CurrencyMigrations() {
  return {{"oversight", 1, R"SQL(
CREATE TABLE ovs_currency (
  org_id {INT} PRIMARY KEY, last_seq {INT} NOT NULL, first_posting TEXT NOT NULL,
  last_posting TEXT NOT NULL, closed_months TEXT NOT NULL, preliminary_fy {INT} NOT NULL,
  year_closed_fy {INT} NOT NULL, budgets_recorded TEXT NOT NULL, budgets_approved TEXT NOT NULL,
  open_outages TEXT NOT NULL, paper_pending TEXT NOT NULL, held {INT} NOT NULL
) {STRICT};
CREATE TABLE ovs_reports_made (
  org_id {INT} NOT NULL, report TEXT NOT NULL, period TEXT NOT NULL, made_at_ms {INT} NOT NULL,
  user_id {INT} NOT NULL,
  PRIMARY KEY (org_id, report, period)
) {STRICT};
CREATE TABLE ovs_reports_latest (
  org_id {INT} NOT NULL, report TEXT NOT NULL, period TEXT NOT NULL,
  PRIMARY KEY (org_id, report)
) {STRICT};
CREATE TABLE ovs_verifications (
  org_id {INT} PRIMARY KEY, at_ms {INT} NOT NULL, ok {INT} NOT NULL, first_bad_seq {INT} NOT NULL,
  detail TEXT NOT NULL
) {STRICT};
)SQL"}};
}

namespace {

constexpr char kFactColumns[] =
    "org_id, last_seq, first_posting, last_posting, closed_months, preliminary_fy, year_closed_fy, "
    "budgets_recorded, budgets_approved, open_outages, paper_pending, held";

std::set<int> YearsFrom(const std::string& text) {
  std::set<int> years;
  const json value = json::parse(text, nullptr, false);
  if (value.is_array()) {
    for (const auto& year : value) {
      if (year.is_number_integer()) years.insert(year.get<int>());
    }
  }
  return years;
}

LedgerFacts FactsFromRow(const store::Row& row) {
  LedgerFacts facts;
  facts.org = row.Int(0);
  facts.last_seq = row.Int(1);
  facts.first_posting = StoredDate(row.Text(2));
  facts.last_posting = StoredDate(row.Text(3));
  const json closed = json::parse(row.Text(4), nullptr, false);
  if (closed.is_object()) {
    for (const auto& [year, month] : closed.items()) {
      if (month.is_string()) facts.closed_through[std::atoi(year.c_str())] = month.get<std::string>();
    }
  }
  facts.preliminary_fy = static_cast<int>(row.Int(5));
  facts.year_closed_fy = static_cast<int>(row.Int(6));
  facts.budgets_recorded = YearsFrom(row.Text(7));
  facts.budgets_approved = YearsFrom(row.Text(8));
  const json outages = json::parse(row.Text(9), nullptr, false);
  if (outages.is_object()) {
    for (const auto& [seq, started] : outages.items()) {
      if (started.is_number_integer()) facts.open_outages[std::atoll(seq.c_str())] = started.get<int64_t>();
    }
  }
  const json paper = json::parse(row.Text(10), nullptr, false);
  if (paper.is_array()) {
    for (const auto& seq : paper) {
      if (seq.is_number_integer()) facts.paper_pending.push_back(seq.get<int64_t>());
    }
  }
  facts.held = row.Int(11);
  return facts;
}

store::Params RowOf(const LedgerFacts& facts) {
  json outages = json::object();
  for (const auto& [seq, started] : facts.open_outages) outages[std::to_string(seq)] = started;
  json closed = json::object();
  for (const auto& [year, month] : facts.closed_through) closed[std::to_string(year)] = month;
  return {facts.org,
          facts.last_seq,
          facts.first_posting.valid() ? facts.first_posting.ToIso() : std::string(),
          facts.last_posting.valid() ? facts.last_posting.ToIso() : std::string(),
          closed.dump(),
          int64_t{facts.preliminary_fy},
          int64_t{facts.year_closed_fy},
          json(facts.budgets_recorded).dump(),
          json(facts.budgets_approved).dump(),
          outages.dump(),
          json(facts.paper_pending).dump(),
          facts.held};
}

// The annual budget `budget` of `org`, as the budget projection holds it (applied before this one
// in the same transaction): its fiscal year, or 0 when it is not an annual budget.
Result<int> StoredAnnualYear(Connection& tx, int64_t org, int64_t budget) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT fiscal_year FROM bud_budgets WHERE org_id = $1 AND id = $2 AND "
                                             "kind = $3",
                                             {org, budget, std::string(budget::kAnnual)}));
  return rows.empty() ? 0 : static_cast<int>(rows.front().Int(0));
}

// The facts of an organisation with no row: nothing yet.
LedgerFacts Nothing(int64_t org) {
  LedgerFacts facts;
  facts.org = org;
  return facts;
}

class CurrencyProjection final : public ledger::Projection {
 public:
  std::string_view name() const override { return "oversight"; }

  // One read of the batch's organisations' rows, the entries folded in, and a write only for the
  // rows that changed (most entries of a day move nothing here).
  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    if (entries.empty()) return Status::Ok();
    std::vector<int64_t> orgs;
    for (const Entry& entry : entries) orgs.push_back(entry.org);
    std::sort(orgs.begin(), orgs.end());
    orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
    KLANG_ASSIGN_OR_RETURN(auto stored, ReadLedgerFacts(tx, orgs));
    std::map<int64_t, LedgerFacts> folded;
    for (int64_t org : orgs) {
      auto found = stored.find(org);
      folded[org] = found == stored.end() ? Nothing(org) : found->second;
    }
    for (const Entry& entry : entries) {
      KLANG_RETURN_IF_ERROR(folded[entry.org].Fold(
          entry, [&](int64_t budget) { return StoredAnnualYear(tx, entry.org, budget); }));
    }
    std::vector<store::Params> changed;
    for (auto& [org, facts] : folded) {
      auto before = stored.find(org);
      if (facts == (before == stored.end() ? Nothing(org) : before->second)) continue;
      changed.push_back(RowOf(facts));
    }
    if (changed.empty()) return Status::Ok();
    return tx.ExecuteMany(std::string("INSERT INTO ovs_currency (") + kFactColumns +
                              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (org_id) DO "
                              "UPDATE SET last_seq = excluded.last_seq, first_posting = excluded.first_posting, "
                              "last_posting = excluded.last_posting, closed_months = excluded.closed_months, "
                              "preliminary_fy = excluded.preliminary_fy, year_closed_fy = excluded.year_closed_fy, "
                              "budgets_recorded = excluded.budgets_recorded, "
                              "budgets_approved = excluded.budgets_approved, open_outages = excluded.open_outages, "
                              "paper_pending = excluded.paper_pending, held = excluded.held",
                          changed);
  }

  Status Clear(Connection& tx, int64_t org) override {
    return tx.Execute("DELETE FROM ovs_currency WHERE org_id = $1", {org}).status();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;
};

// verify: the row folded from the log alone (a missing row is an organisation whose entries changed
// nothing here). A difference is named at the last entry that changed the facts.
class CurrencyCheck final : public ledger::ProjectionCheck {
 public:
  explicit CurrencyCheck(int64_t org) : facts_(Nothing(org)) {}
  // LedgerFacts::Fold reads the bodies of closing, budget and continuity acts only.
  bool ReadsBody(std::string_view kind) const override {
    return kind.starts_with("close.") || kind.starts_with("bud.") || kind.starts_with("cont.") ||
           kind.starts_with("sync.");
  }
  void Fold(const Entry& entry) override {
    if (entry.kind == budget::kKindBudget) annual_[entry.seq] = AnnualFiscalYear(entry);
    const Status folded = facts_.Fold(entry, [&](int64_t budget) -> Result<int> {
      auto found = annual_.find(budget);
      return found == annual_.end() ? 0 : found->second;
    });
    KLANG_ASSERT(folded.ok());  // the check's look-up never fails
  }
  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    KLANG_ASSIGN_OR_RETURN(auto stored, ReadLedgerFacts(connection, {facts_.org}));
    auto found = stored.find(facts_.org);
    const LedgerFacts row = found == stored.end() ? Nothing(facts_.org) : found->second;
    if (row == facts_) return std::optional<ledger::Disagreement>();
    const int64_t seq = facts_.last_seq != 0 ? facts_.last_seq : std::max<int64_t>(row.last_seq, 1);
    return std::optional<ledger::Disagreement>(ledger::Disagreement{
        seq, found == stored.end() ? "oversight currency row missing" : "oversight currency row differs from the log"});
  }

 private:
  LedgerFacts facts_;
  std::map<int64_t, int> annual_;
};

std::unique_ptr<ledger::ProjectionCheck> CurrencyProjection::BeginCheck(int64_t org) const {
  return std::make_unique<CurrencyCheck>(org);
}

}  // namespace

std::string IdList(std::span<const int64_t> ids) {
  std::string list;
  for (int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  return list;
}

Date StoredDate(const std::string& text) {
  auto date = Date::ParseIso(text);
  return date.ok() ? *date : Date{};
}

std::unique_ptr<ledger::Projection> MakeCurrencyProjection() { return std::make_unique<CurrencyProjection>(); }

namespace {

// Runs `select` + " WHERE org_id IN (…)" over `orgs`, handing each row to `take`. The ids go as
// parameters (store::QueryInChunks): the ledger's writer reads the facts of every batch's
// organisations, and ids written into the text made each batch a new statement, prepared and kept
// by the writer's connection.
Status QueryOrgChunks(Connection& connection, const std::string& select, const std::vector<int64_t>& orgs,
                      const std::function<void(const store::Row&)>& take) {
  return store::QueryInChunks(
      connection, store::Params(orgs.begin(), orgs.end()), kOrgsPerQuery,
      [&select](size_t count) { return select + " WHERE org_id IN " + store::ParamList(count); }, take);
}

}  // namespace

Result<std::map<int64_t, LedgerFacts>> ReadLedgerFacts(Connection& connection, const std::vector<int64_t>& orgs,
                                                       bool all) {
  std::map<int64_t, LedgerFacts> out;
  const std::string select = std::string("SELECT ") + kFactColumns + " FROM ovs_currency";
  if (all) {
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query(select));
    for (const auto& row : rows) out[row.Int(0)] = FactsFromRow(row);
    return out;
  }
  KLANG_RETURN_IF_ERROR(
      QueryOrgChunks(connection, select, orgs, [&out](const store::Row& row) { out[row.Int(0)] = FactsFromRow(row); }));
  return out;
}

Status ReadRecordedFacts(Connection& connection, const std::vector<int64_t>& orgs, bool all,
                         std::map<int64_t, OtherFacts>& out) {
  auto each_chunk = [&](const std::string& select, const std::function<void(const store::Row&)>& take) -> Status {
    if (all) {
      KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query(select));
      for (const auto& row : rows) take(row);
      return Status::Ok();
    }
    return QueryOrgChunks(connection, select, orgs, take);
  };
  KLANG_RETURN_IF_ERROR(each_chunk("SELECT org_id, report, period FROM ovs_reports_latest", [&](const store::Row& row) {
    OtherFacts& facts = out[row.Int(0)];
    const std::string report = row.Text(1);
    if (report == kReportDailyStatus) facts.daily_report = StoredDate(row.Text(2));
    if (report == kReportStatements) facts.statements_fy = std::atoi(row.Text(2).c_str());
    if (report == kReportFunds) facts.funds_report = row.Text(2);
  }));
  return each_chunk("SELECT org_id, at_ms, ok, first_bad_seq FROM ovs_verifications", [&](const store::Row& row) {
    OtherFacts& facts = out[row.Int(0)];
    facts.verified_at_ms = row.Int(1);
    facts.damaged = row.Int(2) == 0;
    facts.first_bad_seq = row.Int(3);
  });
}

}  // namespace klang::oversight
