#include "closing/periods.h"

#include <cstdio>

#include "closing/kinds.h"
#include "closing/projection.h"
#include "core/thai.h"

namespace klang::closing {
namespace {

using accounting::Actor;
using nlohmann::json;
using store::Rows;

constexpr int kBuddhistYearFrom = 2400;  // a typed year from here on is Buddhist Era
constexpr size_t kMonthTextBytes = 7;    // "YYYY-MM"

Status BadMonth() {
  return Status::InvalidInput("closing.month", "เดือนต้องอยู่ในรูปแบบ ปปปป-ดด เช่น 2026-10 หรือ 2569-10",
                              "month must be YYYY-MM", "month");
}

Money Satang(int64_t value) { return Money::FromSatang(value); }

// The strings of a JSON array (the months a reopening reopened); anything else reads as none.
std::vector<std::string> Strings(const json& array) {
  std::vector<std::string> strings;
  if (!array.is_array()) return strings;
  for (const auto& item : array) {
    if (item.is_string()) strings.push_back(item.get<std::string>());
  }
  return strings;
}

}  // namespace

// ---- Month ----

Result<Month> Month::Parse(const std::string& text) {
  if (text.size() != kMonthTextBytes || text[4] != '-') return BadMonth();
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && (text[i] < '0' || text[i] > '9')) return BadMonth();
  }
  Month month{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2))};
  if (month.year_ce >= kBuddhistYearFrom) month.year_ce -= kBuddhistEraOffsetYears;
  if (month.month < 1 || month.month > 12 || !Date::FromCivil(month.year_ce, month.month, 1).ok()) {
    return BadMonth();
  }
  return month;
}

std::string Month::Iso() const {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year_ce, month);
  return text;
}

std::string Month::Thai() const {
  return std::string(ThaiMonthName(month)) + " " + std::to_string(year_ce + kBuddhistEraOffsetYears);
}

Date Month::First() const { return Date::FromCivil(year_ce, month, 1).value(); }
Date Month::Last() const { return Next().First().AddDays(-1); }
int Month::FiscalYear() const { return FiscalYearOf(First()); }
Month Month::Previous() const { return month == 1 ? Month{year_ce - 1, 12} : Month{year_ce, month - 1}; }
Month Month::Next() const { return month == 12 ? Month{year_ce + 1, 1} : Month{year_ce, month + 1}; }

std::vector<Month> MonthsOfFiscalYear(int fiscal_year_be) {
  std::vector<Month> months;
  Month month = Month::Of(FiscalYearStart(fiscal_year_be));
  for (int i = 0; i < 12; ++i, month = month.Next()) months.push_back(month);
  return months;
}

// ---- the service ----

PeriodService::PeriodService(ledger::Ledger& ledger, org::OrgDirectory& orgs, const Clock& clock,
                             Random& random)
    : kit_("closing", ledger, orgs, clock, random), projection_(MakePeriodProjection()) {}

PeriodService::~PeriodService() = default;

std::vector<store::Migration> PeriodService::Migrations() { return PeriodMigrations(); }

Result<MonthStatus> PeriodService::StatusOf(int64_t org, const Month& month) {
  MonthStatus status;
  status.month = month;
  status.over = month.Last() < kit_.Today();
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit_.Query("SELECT closed, act_seq, by_name, at_ms, reopened, "
                                               "debit, credit FROM close_months WHERE org_id = $1 "
                                               "AND month = $2",
                                               {org, month.Iso()}));
  if (!rows.empty()) {
    status.closed = rows[0].Int(0) != 0;
    status.act_seq = rows[0].Int(1);
    status.by_name = rows[0].Text(2);
    status.at_ms = rows[0].Int(3);
    status.reopened = rows[0].Int(4);
    status.debit = Satang(rows[0].Int(5));
    status.credit = Satang(rows[0].Int(6));
  }
  status.can_close = !status.closed && status.over && CheckOrder(org, month).ok();
  return status;
}

// The month before, in the same fiscal year, must be closed (October opens the year).
Status PeriodService::CheckOrder(int64_t org, const Month& month) {
  if (month.month == 10) return Status::Ok();
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit_.Query("SELECT closed FROM close_months WHERE org_id = $1 "
                                               "AND month = $2",
                                               {org, month.Previous().Iso()}));
  if (rows.empty() || rows[0].Int(0) == 0) return MonthOrder(month);
  return Status::Ok();
}

Result<std::vector<Difference>> PeriodService::Differences(int64_t org, const std::string& text) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Month month, Month::Parse(text));
  std::vector<Difference> differences;
  for (const MonthCheck& check : checks_) {
    KLANG_ASSIGN_OR_RETURN(std::vector<Difference> found, check(org, month));
    differences.insert(differences.end(), found.begin(), found.end());
  }
  return differences;
}

// The month's movements, summed over the balances projection.
Result<PeriodService::Movements> PeriodService::MovementsOf(int64_t org, const Month& month) {
  KLANG_ASSIGN_OR_RETURN(auto totals, kit_.ledger().Totals(org, month.First(), month.Last()));
  // The balances projection is read back from the store: sums that overflow or do not balance
  // mean it is damaged (verify names where), not a broken rule of this code.
  const auto damaged = [&month] {
    return Status::Internal("closing.unbalanced_month",
                            "the movements of " + month.Iso() + " do not balance; run klang verify");
  };
  Money debit, credit;
  for (const auto& account : totals) {
    auto debits = Money::CheckedAdd(debit, account.debit);
    auto credits = Money::CheckedAdd(credit, account.credit);
    if (!debits.ok() || !credits.ok()) return damaged();
    debit = *debits;
    credit = *credits;
  }
  if (debit != credit) return damaged();
  return Movements{debit, credit};
}

Result<CloseOutcome> PeriodService::Close(int64_t org, const std::string& text,
                                          const std::string& entry_id, const Actor& actor) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Month month, Month::Parse(text));
  if (IsUuid(entry_id)) {  // a retry of a close that went through: its month as it is now
    KLANG_ASSIGN_OR_RETURN(auto earlier, kit_.ledger().FindByEntryId(entry_id));
    if (earlier && earlier->org == org && earlier->kind == kKindMonthClose) {
      KLANG_ASSIGN_OR_RETURN(MonthStatus status, StatusOf(org, month));
      return CloseOutcome{status, {}};
    }
  }
  KLANG_ASSIGN_OR_RETURN(MonthStatus status, StatusOf(org, month));
  if (status.closed) {
    return AlreadyClosed(month);
  }
  if (!status.over) {
    return Status::Refusal("closing.month_not_over",
                           "เดือน" + month.Thai() + " ยังไม่สิ้นเดือน ปิดบัญชีได้ตั้งแต่วันที่ " +
                               FormatThaiDateLong(month.Next().First()),
                           "month");
  }
  KLANG_RETURN_IF_ERROR(CheckOrder(org, month));
  KLANG_ASSIGN_OR_RETURN(std::vector<Difference> differences, Differences(org, text));
  if (!differences.empty()) return CloseOutcome{std::nullopt, std::move(differences)};

  KLANG_ASSIGN_OR_RETURN(Movements movements, MovementsOf(org, month));
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, kit_.ledger().GetHead(org));
  ledger::EntryDraft draft = kit_.Draft(org, entry_id, kKindMonthClose, month.Last(), actor);
  draft.body = {{"month", month.Iso()},
                {"by_name", actor.name},
                {"debit", movements.debit.satang()},
                {"credit", movements.credit.satang()},
                {"through_seq", head.seq},
                {"checks", static_cast<int64_t>(checks_.size())}};
  KLANG_RETURN_IF_ERROR(kit_.AppendDocument(std::move(draft)).status());
  KLANG_ASSIGN_OR_RETURN(status, StatusOf(org, month));
  return CloseOutcome{status, {}};
}

Result<PeriodAct> PeriodService::Reopen(const ReopenInput& input, const Actor& actor) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Month month, Month::Parse(input.month));
  if (input.reason.empty()) {
    return Status::Refusal("closing.reason_required", "ต้องระบุเหตุผลที่ขอเปิดงวดบัญชี", "reason");
  }
  KLANG_RETURN_IF_ERROR(kit_.RequiredText(input.reason, "reason", "เหตุผล"));
  if (input.approval_ref.empty()) {
    return Status::Refusal("closing.approval_required",
                           "ต้องระบุเลขที่หนังสืออนุมัติให้เปิดงวดบัญชี", "approval_ref");
  }
  KLANG_RETURN_IF_ERROR(kit_.RequiredText(input.approval_ref, "approval_ref", "เลขที่หนังสืออนุมัติ"));
  KLANG_ASSIGN_OR_RETURN(MonthStatus status, StatusOf(input.org, month));
  if (!status.closed) {
    return NotClosed(month);
  }
  KLANG_ASSIGN_OR_RETURN(Rows years, kit_.Query("SELECT 1 FROM close_years WHERE org_id = $1 AND "
                                                "fiscal_year = $2 AND closed = 1",
                                                {input.org, int64_t{month.FiscalYear()}}));
  if (!years.empty()) return YearStillClosed(month);
  json reopened = json::array();
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit_.Query("SELECT month FROM close_months WHERE org_id = $1 "
                                               "AND fiscal_year = $2 AND month >= $3 AND closed = "
                                               "1 ORDER BY month",
                                               {input.org, int64_t{month.FiscalYear()}, month.Iso()}));
  for (const auto& row : rows) reopened.push_back(row.Text(0));
  ledger::EntryDraft draft =
      kit_.Draft(input.org, input.entry_id, kKindMonthReopen, month.Last(), actor);
  draft.body = {{"month", month.Iso()},
                {"by_name", actor.name},
                {"reason", input.reason},
                {"approval_ref", input.approval_ref},
                {"reopened", reopened}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, kit_.AppendDocument(std::move(draft)));
  PeriodAct act;
  act.seq = appended.entry.seq;
  act.month = month;
  act.close = false;
  act.by_name = ledger::BodyText(appended.entry.body, "by_name");
  act.at_ms = appended.entry.recorded_at_ms;
  act.reason = ledger::BodyText(appended.entry.body, "reason");
  act.approval_ref = ledger::BodyText(appended.entry.body, "approval_ref");
  act.reopened = Strings(appended.entry.body.value("reopened", json::array()));
  return act;
}

Result<std::vector<MonthStatus>> PeriodService::Months(int64_t org, int fiscal_year) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  std::vector<MonthStatus> months;
  for (const Month& month : MonthsOfFiscalYear(fiscal_year)) {
    KLANG_ASSIGN_OR_RETURN(MonthStatus status, StatusOf(org, month));
    months.push_back(std::move(status));
  }
  return months;
}

Result<std::vector<PeriodAct>> PeriodService::Acts(int64_t org, int fiscal_year) {
  KLANG_RETURN_IF_ERROR(kit_.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit_.Query("SELECT seq, month, act, by_name, at_ms, reason, "
                                               "approval_ref, reopened, debit, credit FROM "
                                               "close_acts WHERE org_id = $1 AND fiscal_year = $2 "
                                               "ORDER BY seq DESC",
                                               {org, int64_t{fiscal_year}}));
  std::vector<PeriodAct> acts;
  for (const auto& row : rows) {
    PeriodAct act;
    act.seq = row.Int(0);
    act.month = Month::Parse(row.Text(1)).value();
    act.close = row.Text(2) == "close";
    act.by_name = row.Text(3);
    act.at_ms = row.Int(4);
    act.reason = row.Text(5);
    act.approval_ref = row.Text(6);
    act.reopened = Strings(json::parse(row.Text(7), nullptr, /*allow_exceptions=*/false));
    act.debit = Satang(row.Int(8));
    act.credit = Satang(row.Int(9));
    acts.push_back(std::move(act));
  }
  return acts;
}

}  // namespace klang::closing
