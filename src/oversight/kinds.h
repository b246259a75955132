// oversight/kinds.h — the one table of names of oversight (R16): the plain status of an
// organisation, the items it is judged on, the reports whose making is recorded, the states of a
// problem and the kinds of its notes. Compared against these constants, never literals.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace klang::oversight {

// The plain status of an organisation, worst last.
enum class Standing { kCurrent = 0, kBehind = 1, kNeedsHelp = 2 };
std::string_view StandingCode(Standing standing);  // "current" | "behind" | "help"
std::string_view StandingThai(Standing standing);  // "ครบถ้วนเป็นปัจจุบัน" …
std::optional<Standing> ParseStanding(std::string_view code);

// What an organisation is judged on. Each has a measure (a whole number in its unit, 0 = nothing
// wrong) and thresholds kept as data (data/oversight_rules.csv).
enum class Item {
  kPostingLag,          // days since the latest posting date
  kDailyReportLag,      // days of postings after the latest daily financial status report made
  kMonthsUnclosed,      // months over (and past their grace) not closed
  kPreliminaryOverdue,  // days past due without the last fiscal year's preliminary close
  kYearCloseOverdue,    // days past due without the last fiscal year's year-end close
  kBudgetUnapproved,    // days past due without this fiscal year's annual budget approved
  kStatementsOverdue,   // days past due without the last fiscal year's statements made
  kFundsReportOverdue,  // days past due without the accumulated-funds report (March, September)
  kOpenOutage,          // days the oldest open outage has lasted (a fresh one counts 1)
  kPaperPending,        // outages whose paper documents are not all entered yet
  kHeldForReview,       // documents held for review
  kIntegrityDamaged,    // 1 when the last verification found damage
  kVerifyAge,           // days since the last verification
  kCheckpointAge,       // days since the last witnessed checkpoint, while postings are newer
  kNodeSilent,          // days since the office's edge node was last heard from
};
inline constexpr size_t kItemCount = 15;

struct ItemInfo {
  Item item;
  std::string_view code;     // as in data/oversight_rules.csv
  std::string_view name_th;  // the finding, before its measure
  std::string_view unit_th;  // "วัน", "เดือน", "รายการ", ""
  std::string_view never_th = "";  // the finding when the thing never happened (measure kNeverDays)
};
const std::array<ItemInfo, kItemCount>& Items();
const ItemInfo& InfoOf(Item item);
std::optional<Item> ParseItem(std::string_view code);

// Reports whose making is recorded when a user of the organisation itself downloads them.
inline constexpr char kReportDailyStatus[] = "daily_status";  // period: the day, "2026-12-04"
inline constexpr char kReportStatements[] = "statements";     // period: the fiscal year, "2569"
inline constexpr char kReportFunds[] = "funds";               // period: the month, "2026-03"

// Problems.
inline constexpr char kProblemOpen[] = "open";          // รอดำเนินการ
inline constexpr char kProblemAdvised[] = "advised";    // ให้คำแนะนำ/ติดตามแล้ว
inline constexpr char kProblemFixed[] = "fixed";        // แก้ไขแล้ว
std::string_view ProblemStateThai(std::string_view state);

// Notes on a problem, by the supervising office's staff.
inline constexpr char kNoteAdvice[] = "advice";        // คำแนะนำ
inline constexpr char kNoteFollowUp[] = "follow_up";   // การติดตามผล
inline constexpr char kNoteFix[] = "fix";              // การแก้ไข (closes the problem)
std::optional<std::string_view> NoteKindThai(std::string_view kind);

}  // namespace klang::oversight
