// closing/periods.h — an organisation's months, open or closed (issue 15, item 1).
//
// Closing a month is an entry of the organisation's log (close.month); so is reopening one
// (close.month.reopen, with the reason and the approval's reference). The close_months projection
// keeps each month's state and refuses, inside the append transaction, every entry bound by
// periods (kinds.h) whose posting date falls in a closed month: closing.period_closed, naming the
// month. Paper documents entered after an outage post on the day they are entered (the letters'
// rule), so a closed month never blocks them.
//
// Within a fiscal year months close in order, October first, with no exception: the closed months
// of a year are always its first ones, even for books begun mid-year (their empty months close
// with nothing in them). A month closes only once it is over; reopening a month reopens every later closed month of its year, and closing again runs
// the checks and records the month's figures again. A year never waits for the year before: the
// order holds inside one fiscal year only. Before closing, every MonthCheck installed runs; any
// difference it lists refuses the close, and the differences are returned, not written.
//
// Thread-safe (the service holds references; the projection runs on the ledger's writer).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounting/document_kit.h"
#include "core/date.h"
#include "core/money.h"
#include "ledger/ledger.h"
#include "ledger/projection.h"
#include "org/org.h"
#include "store/db.h"

namespace klang::closing {

// A calendar month. Typed and shown as "YYYY-MM" with the Christian year (as ISO dates are); a
// year of 2400 or more is taken as a Buddhist year ("2569-10" is October 2026).
struct Month {
  int year_ce = 0;
  int month = 0;  // 1..12

  static Result<Month> Parse(const std::string& text);
  static Month Of(Date date) { return {date.year(), date.month()}; }
  std::string Iso() const;     // "2026-10"
  std::string Thai() const;    // "ตุลาคม 2569"
  Date First() const;
  Date Last() const;
  int FiscalYear() const;      // BE: October 2026 is in 2570
  Month Previous() const;
  Month Next() const;
  auto operator<=>(const Month&) const = default;
};

// The twelve months of a fiscal year, October first.
std::vector<Month> MonthsOfFiscalYear(int fiscal_year_be);

// One thing that must be put right before a month can close: which register or check, what
// (account, line or document), the date and the amount when there is one.
struct Difference {
  std::string check;     // stable code, e.g. "continuity.outage_open"
  std::string check_th;  // the register or check, in Thai
  std::string what_th;   // what disagrees, in Thai
  std::string date;      // ISO, "" when none
  Money amount;          // zero when not an amount
};

// A check run before a month closes. Installed by the composition root; a failure to run the
// check (the database down) is an error, not a difference.
using MonthCheck = std::function<Result<std::vector<Difference>>(int64_t org, const Month& month)>;

struct MonthStatus {
  Month month;
  bool closed = false;
  bool over = false;        // the month has ended (today is after its last day)
  bool can_close = false;   // open, over, and the month before it (same fiscal year) closed
  int64_t act_seq = 0;      // the entry of the last close or reopen; 0 when never closed
  std::string by_name;      // who did it
  int64_t at_ms = 0;        // when
  int64_t reopened = 0;     // times reopened
  Money debit, credit;      // the month's movements as recorded at its close
};

struct PeriodAct {
  int64_t seq = 0;
  Month month;
  bool close = true;        // false: a reopening
  std::string by_name;
  int64_t at_ms = 0;
  std::string reason;       // reopening
  std::string approval_ref; // reopening
  std::vector<std::string> reopened;  // reopening: the months it reopened ("YYYY-MM")
  Money debit, credit;      // closing
};

struct CloseOutcome {
  std::optional<MonthStatus> closed;    // set when the month closed (or had closed: a retry)
  std::vector<Difference> differences;  // otherwise: why not
};

struct ReopenInput {
  int64_t org = 0;
  std::string month;
  std::string reason;
  std::string approval_ref;  // the executive's approval (หนังสืออนุมัติ)
  std::string entry_id;
};

class PeriodService {
 public:
  PeriodService(ledger::Ledger& ledger, org::OrgDirectory& orgs, const Clock& clock,
                Random& random);
  ~PeriodService();

  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection() { return projection_.get(); }
  // Before serving; checks run in the order added.
  void AddCheck(MonthCheck check) { checks_.push_back(std::move(check)); }

  // Closes `month` unless a check lists differences. Errors: closing.month (malformed),
  // closing.month_not_over, closing.already_closed, closing.month_order, the kit's.
  Result<CloseOutcome> Close(int64_t org, const std::string& month, const std::string& entry_id,
                             const accounting::Actor& actor);
  // What the checks find now for `month`, without closing it.
  Result<std::vector<Difference>> Differences(int64_t org, const std::string& month);
  // Reopens a closed month and every later closed month of its fiscal year. Errors:
  // closing.not_closed, closing.reason_required, closing.approval_required.
  Result<PeriodAct> Reopen(const ReopenInput& input, const accounting::Actor& actor);
  // The twelve months of `fiscal_year`, October first.
  Result<std::vector<MonthStatus>> Months(int64_t org, int fiscal_year);
  // Closings and reopenings of `fiscal_year`, newest first.
  Result<std::vector<PeriodAct>> Acts(int64_t org, int fiscal_year);

 private:
  Result<MonthStatus> StatusOf(int64_t org, const Month& month);
  Status CheckOrder(int64_t org, const Month& month);
  struct Movements {
    Money debit, credit;
  };
  Result<Movements> MovementsOf(int64_t org, const Month& month);

  accounting::DocumentKit kit_;
  std::unique_ptr<ledger::Projection> projection_;
  std::vector<MonthCheck> checks_;
};

}  // namespace klang::closing
