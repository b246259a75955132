// oversight/currency.h — how current an organisation's books are (R16, issue 17 item 1): the facts
// kept by the projection "oversight" as entries are appended (one row per organisation, rebuilt by
// `klang rebuild`, checked by `klang verify`), the facts kept outside the log (reports made, the
// last verification, checkpoints, the edge node), the rule table (data/oversight_rules.csv: each
// item's thresholds and due days) and the assessment of one organisation on a day.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ledger/entry.h"
#include "ledger/projection.h"
#include "oversight/kinds.h"
#include "store/db.h"

namespace klang::oversight {

// What the log says of one organisation (the row of ovs_currency).
struct LedgerFacts {
  int64_t org = 0;
  int64_t last_seq = 0;              // the last entry that changed these facts (0: none)
  Date first_posting, last_posting;  // posting dates of entries with lines; unset: none yet
  // Each fiscal year (BE) with a month closed → its last month closed ("2026-11"): months close in
  // order within a year, October first, and a year never waits for the one before.
  std::map<int, std::string> closed_through;
  int preliminary_fy = 0;            // latest fiscal year (BE) closed preliminarily
  int year_closed_fy = 0;            // latest fiscal year closed (and not reopened)
  std::set<int> budgets_recorded;    // fiscal years with an annual budget drafted
  std::set<int> budgets_approved;    // fiscal years with their annual budget approved
  std::map<int64_t, int64_t> open_outages;  // outage (its seq) → started_at_ms
  std::vector<int64_t> paper_pending;       // outages whose paper documents are not all entered
  int64_t held = 0;                         // documents held for review, not yet reviewed

  // Folds one entry of this organisation (in sequence order). `annual_fy` answers the fiscal year
  // of an annual budget by its id (0: not an annual budget), or an error (the store's).
  Status Fold(const ledger::Entry& entry, const std::function<Result<int>(int64_t budget)>& annual_fy);
  // The latest month closed over every year; empty when none.
  std::string LastClosedMonth() const;
  // The latest fiscal year with a budget drafted / approved; 0 when none.
  int LatestRecordedBudget() const { return budgets_recorded.empty() ? 0 : *budgets_recorded.rbegin(); }
  int LatestApprovedBudget() const { return budgets_approved.empty() ? 0 : *budgets_approved.rbegin(); }
  bool operator==(const LedgerFacts&) const = default;
};

// What is kept outside the log.
struct OtherFacts {
  Date daily_report;                  // latest day whose daily financial status report was made
  int statements_fy = 0;              // latest fiscal year whose statements were made
  std::string funds_report;           // latest month ("2026-03") of an accumulated-funds report
  int64_t verified_at_ms = 0;         // the last verification; 0: none recorded
  bool damaged = false;               // it found damage
  int64_t first_bad_seq = 0;
  int64_t checkpoint_at_ms = 0;       // the latest checkpoint a witness accepted; 0: none
  std::string node;                   // the edge node the organisation is homed at; empty: none
  int64_t node_seen_ms = 0;
};

struct Rule {
  Item item = Item::kPostingLag;
  int64_t behind_at = 0;  // measure at or above: behind (0: never)
  int64_t help_at = 0;    // measure at or above: needs help (0: never)
  int64_t due_days = 0;   // for items with a due date: days after the period's end (or start)
  std::string evidence, legal_reference;
};

class RuleTable {
 public:
  // Columns: item, behind_at, help_at, due_days, evidence, legal_reference; one row per item, every
  // item present. Errors name the line (oversight.rules).
  static Result<RuleTable> FromCsv(std::string_view text);
  const Rule& For(Item item) const { return rules_[static_cast<size_t>(item)]; }
  const std::vector<Rule>& All() const { return rules_; }

 private:
  std::vector<Rule> rules_;  // by Item
};

struct Finding {
  Item item = Item::kPostingLag;
  int64_t measure = 0;
  Standing level = Standing::kCurrent;
  std::string text_th;  // "ผ่านรายการล่าสุดห่างจากวันนี้ 10 วัน"
};

struct Assessment {
  Standing standing = Standing::kCurrent;
  std::vector<Finding> findings;  // every item at behind or worse, worst first
  std::map<Item, int64_t> measures;
};

// A measure for "never happened" (no posting at all, never verified).
inline constexpr int64_t kNeverDays = 9999;

Assessment Assess(const LedgerFacts& ledger, const OtherFacts& other, Date today, int64_t now_ms,
                  const RuleTable& rules);

// Ids as an SQL list ("3,17,42") for "… IN (…)"; integers only, so nothing to escape.
std::string IdList(std::span<const int64_t> ids);

// A date as the oversight tables keep it (ISO text); unset when empty or not a date.
Date StoredDate(const std::string& text);

// The projection's tables (ovs_currency) and the outside facts' tables (ovs_reports_made,
// ovs_reports_latest, ovs_verifications).
std::vector<store::Migration> CurrencyMigrations();
std::unique_ptr<ledger::Projection> MakeCurrencyProjection();

// Reads the ledger facts of `orgs` (of every organisation with `all`), by organisation; an
// organisation without a row has none yet.
Result<std::map<int64_t, LedgerFacts>> ReadLedgerFacts(store::Connection& connection,
                                                       const std::vector<int64_t>& orgs, bool all = false);
// Reads the reports made and the last verifications of `orgs` (of every organisation with `all`)
// into `out`.
Status ReadRecordedFacts(store::Connection& connection, const std::vector<int64_t>& orgs, bool all,
                         std::map<int64_t, OtherFacts>& out);

}  // namespace klang::oversight
