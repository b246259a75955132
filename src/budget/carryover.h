// budget/carryover.h — carrying appropriations past the year end (กันเงิน; issue 15 item 6,
// domain.md §4.7, docs/closing.md "Carry-over").
//
// Two cases, kept apart:
//  - **debt** (มีหนี้ผูกพัน): an order or contract of fiscal year N still open at 30 September;
//    the executive approves. Its open commitment moves from the line to the carry-over.
//  - **no_debt** (ยังไม่ได้ก่อหนี้ผูกพัน): only on a งบลงทุน line; the council approves.
// Either is one entry, bud.carryover, dated 30 September of year N ("กันเงิน n/N"):
//   Dr the line's expense account (a งบลงทุน line: 5107010 รายจ่ายงบลงทุนกันเงิน, since nothing was
//   delivered to be an asset) / Cr 2102010 รายจ่ายค้างจ่าย,
// with the budget effects commit −x, spend +x (debt) or spend +x (no debt): year N's budget bears
// it and its register agrees with the ledger. Next year's debt-setting voucher of a carried
// order consumes the carry-over (carryover_effects on its body), not the new budget: Dr 2102010
// / Cr 2101010, and for an investment also Dr the asset / Cr 3104010 ทุนทรัพย์สิน. An extension
// (bud.carryover.extend) records its approver; whoever must approve the n-th extension is data.
// A lapse (bud.carryover.lapse) returns what is left to เงินสะสม: Dr 2102010 / Cr 3101010.
//
// The periods, the default expiry and the approvers are provisional (data/carryover_rules.csv,
// each row with its legal_reference): the 2566 regulation changed them and its text was not read.
// The carry-over projection enforces, inside the append: one carry-over per order; no_debt only on
// a งบลงทุน line; no use after the expiry; never more used than carried; an extension's approver.
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "budget/budget.h"

namespace klang::budget {

inline constexpr char kAccruedExpenditureAccount[] = "2102010";  // รายจ่ายค้างจ่าย
inline constexpr char kCarriedInvestmentAccount[] = "5107010";   // รายจ่ายงบลงทุนกันเงิน
inline constexpr char kAccumulatedFundsAccount[] = "3101010";    // เงินสะสม
inline constexpr char kAssetFundsAccount[] = "3104010";          // ทุนทรัพย์สิน

// The rule set of a fiscal year (one row of data/carryover_rules.csv).
struct CarryOverRules {
  int valid_from_fy = 0, valid_to_fy = 0;  // BE, inclusive
  int debt_months = 0;       // a debt carry-over expires this many months after 30 September
  int no_debt_months = 0;    // a no-debt carry-over likewise
  int extension_months = 0;  // one extension moves the expiry by at most this many months
  // Who approves the 1st, 2nd, … extension ("executive", "governor"); the last one for any later.
  std::vector<std::string> extension_authorities;
  std::string evidence, legal_reference;
};

class CarryOverRuleTable {
 public:
  // Columns: valid_from_fy, valid_to_fy, debt_months, no_debt_months, extension_months,
  // extension_authorities (space-separated), evidence, legal_reference. Errors name the line.
  static Result<CarryOverRuleTable> FromCsv(std::string_view text);
  // budget.no_carryover_rules when no row covers the year.
  Result<CarryOverRules> For(int fiscal_year) const;

 private:
  std::vector<CarryOverRules> rows_;
};

// Who an authority code names, in Thai ("executive" → "ผู้บริหารท้องถิ่น").
std::string AuthorityTh(const std::string& code);

struct CarryOverInput {
  int64_t org = 0;
  std::string entry_id;
  int fiscal_year = 0;   // BE: the year whose appropriation is carried
  std::string kind;      // kCarryOverDebt | kCarryOverNoDebt
  int64_t line = 0;
  int64_t order = 0;     // debt: the order or contract (its id)
  std::string contract;  // debt: "สัญญาเลขที่ 12/2570 บริษัท …" as printed
  std::string amount;    // as typed
  std::string expiry;    // ISO; empty: the rule's default
  std::string approver;      // "นายก อบต.บ้านนา" / "สภา อบต.บ้านนา"
  std::string approval_ref;  // the executive's order or the council's resolution
  std::string reason;
};
struct ExtensionInput {
  std::string entry_id;
  std::string date;          // ISO, the day it is recorded
  std::string expiry;        // ISO, the new expiry
  std::string authority;     // the extension's approver by code ("executive", "governor")
  std::string approver;      // as printed
  std::string approval_ref;
};
struct LapseInput {
  std::string entry_id;
  std::string date;  // ISO
  std::string reason;
};

struct Extension {
  Date date, expiry;
  std::string authority, authority_th, approver, approval_ref;
};

struct CarryOver {
  int64_t id = 0;
  int64_t number = 0;
  std::string number_text;  // "กันเงิน 1/2570"
  int fiscal_year = 0;
  std::string kind, kind_th;
  Date date;                // 30 September of the year
  int64_t line = 0;
  std::string line_label, work_code, work_th;
  std::string item_th;      // "ค่าที่ดินและสิ่งก่อสร้าง / โครงการก่อสร้างถนน…" (the line without its งาน)
  bool investment = false;
  int64_t order = 0;
  std::string contract, approver, approval_ref, reason, by_name;
  Money amount, committed, used, lapsed;
  Date expiry;
  std::vector<Extension> extensions;
  Money remaining() const { return amount - used - lapsed; }
  // What an order may still commit: left, and not committed by an order already.
  Money free() const { return remaining() - committed; }
  // What a lapse returns to เงินสะสม: a debt carry-over gives up its contract and all that is
  // left; a no-debt one keeps what an order placed against it has committed.
  Money lapsable() const { return kind == kCarryOverDebt ? remaining() : free(); }
  std::string state_th;  // "คงเหลือ", "เบิกจ่ายครบแล้ว", "พับไปแล้ว", "หมดอายุ รอพับ"
};

// What an entry does to a carry-over: commit (+ an order placed against it, − released when its
// debt is set) and use (+ the debt set on it).
struct CarryOverEffect {
  int64_t carryover = 0;
  Money commit, use;
};
void PutCarryOverEffects(nlohmann::json& body, const std::vector<CarryOverEffect>& effects);
std::vector<CarryOverEffect> CarryOverEffectsOf(const nlohmann::json& body);

// One day's movement of an account that carry-overs move, debit − credit, by posting date.
struct CarryOverDay {
  std::string account;
  Date day;
  Money amount;
};

class CarryOverService {
 public:
  // Every reference must outlive the service.
  CarryOverService(ledger::Ledger& ledger, org::OrgDirectory& orgs, BudgetService& budget,
                   CarryOverRuleTable rules, const Clock& clock, Random& random);
  ~CarryOverService();
  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection();

  // Records a carry-over. Errors: budget.carryover_too_early (before 30 September),
  // budget.carryover_not_investment, budget.carryover_exceeds, budget.carryover_expiry,
  // budget.carryover_duplicate, budget.approval_required.
  Result<CarryOver> Create(const CarryOverInput& input, const Actor& actor);
  // Errors: budget.carryover_authority, budget.carryover_expiry, budget.carryover_closed.
  Result<CarryOver> Extend(int64_t org, int64_t id, const ExtensionInput& input, const Actor& actor);
  // Returns what is left to เงินสะสม. Errors: budget.carryover_closed, budget.reason_required.
  Result<CarryOver> Lapse(int64_t org, int64_t id, const LapseInput& input, const Actor& actor);
  Result<CarryOver> Get(int64_t org, int64_t id);
  // The carry-overs of the appropriations of `fiscal_year`, in the order they were recorded.
  Result<std::vector<CarryOver>> OfYear(int64_t org, int fiscal_year);
  // The carry-over of an order, if it has one.
  Result<std::optional<CarryOver>> OfOrder(int64_t org, int64_t order);
  // What a purchase of `amount` on `line`, a line of an earlier year, is paid from on `date`: its
  // no-debt carry-over with that much still free (neither committed, used nor lapsed) and not
  // expired. Errors: budget.other_year (the line has none), budget.carryover_exceeds,
  // budget.carryover_expired.
  Result<CarryOver> ForPurchase(int64_t org, int64_t line, Money amount, Date date);
  // Each carry-over with something left at the end of `day` (carried on or before it, less what
  // was used or lapsed by then), in the order recorded: the itemised รายจ่ายค้างจ่าย of the notes.
  Result<std::vector<std::pair<CarryOver, Money>>> OutstandingOn(int64_t org, Date day);
  // 2102010's movements by carry-overs in [from, to] (created −, used and lapsed +), per day.
  Result<std::vector<CarryOverDay>> AccruedMovements(int64_t org, Date from, Date to);
  // The lines that recognise assets delivered in [from, to] on investment carry-overs (Dr the
  // category's asset account / Cr 3104010), per account and day: neither this year's spending
  // nor a receipt or a payment, so reconciliation and the statements leave them out.
  Result<std::vector<ledger::DayTotals>> AssetLines(int64_t org, Date from, Date to);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace klang::budget
