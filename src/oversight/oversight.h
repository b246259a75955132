// oversight/oversight.h — supervision of the LAOs by the provincial offices (สถ.จ.) and the DLA
// (R16, issue 17), after the DLA's letter on supporting LAOs in the accounting system: trained
// staff (ครู ก) assigned to areas of LAOs, mentor LAOs (แม่ข่าย) for their neighbours, a problem
// register with the office's advice, follow-up and fix, the monthly report to the DLA, and a daily
// e-mail to each assigned staff member naming their LAOs that fell behind.
//
// The currency of every organisation is read from the projection "oversight" (currency.h), the
// facts recorded beside it and the links (checkpoints, edge nodes) the composition root provides,
// judged by data/oversight_rules.csv. A daily sweep records each organisation's standing when it
// changes, so the counts at a month's end and "fell behind since yesterday" are read, not guessed.
//
// Supervising offices write only their own records here (areas, mentors, advice, reports); the
// books of the LAOs are never touched. Every method taking an `Officer` checks that the records
// it writes belong to the office or LAO the request was authorised for (`at`). Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/mail.h"
#include "core/clock.h"
#include "core/status.h"
#include "ledger/projection.h"
#include "org/org.h"
#include "oversight/currency.h"
#include "store/db.h"

namespace klang::oversight {

// The signed-in user acting.
struct Officer {
  int64_t user_id = 0;
  int64_t home = 0;  // the user's organisation
  std::string name;
};

// A problem category (data/oversight_problem_categories.csv).
struct Category {
  std::string code, name_th;
};

// A staff member of an office who may be assigned an area.
struct Staff {
  int64_t user_id = 0;
  std::string name;
};

// What the composition root links in from other modules; each may be empty (not set up).
struct Links {
  // Each organisation's latest checkpoint a witness accepted (accepted_at_ms).
  std::function<Result<std::map<int64_t, int64_t>>()> witnessed;
  // Each organisation homed at an edge node: the node and when it was last heard from.
  std::function<Result<std::map<int64_t, std::pair<std::string, int64_t>>>()> nodes;
  // The staff of an office (users whose home it is, able to advise).
  std::function<Result<std::vector<Staff>>(int64_t office)> staff;
};

struct OversightConfig {
  RuleTable rules;
  std::vector<Category> categories;
  // Columns: code, name_th (oversight.categories).
  static Result<std::vector<Category>> CategoriesFromCsv(std::string_view text);
};

// ---- the table -------------------------------------------------------------------------------

struct OrgStatus {
  org::Organisation org;
  int64_t lao = 0;        // the LAO (itself, or a unit's parent)
  std::string lao_name;
  LedgerFacts ledger;
  OtherFacts other;
  Assessment assessment;
  int64_t area = 0;       // 0: in no area
  std::string area_name, staff_name;
  int64_t mentor = 0;     // the mentor LAO named for it; 0: none
  std::string mentor_name;
  int64_t open_problems = 0;
};

struct TableFilter {
  std::string district;                 // empty: all
  std::optional<org::OrgType> type;     // LAO type or unit
  std::optional<Standing> standing;
  int64_t area = 0;                     // 0: all
  // "status" (worst first, the default), "name", "posting" (least recent first), "district".
  std::string sort;
};

struct StandingCounts {
  int64_t current = 0, behind = 0, help = 0, untracked = 0;
  int64_t total() const { return current + behind + help + untracked; }
  void Add(Standing standing);
  StandingCounts& operator+=(const StandingCounts& other);
};

struct ProvinceSummary {
  org::Organisation province;
  StandingCounts counts;
  int64_t open_problems = 0;
  std::string last_report;  // the latest month reported ("2026-11"); empty: none
};

// ---- areas, problems, reports ------------------------------------------------------------------

struct Area {
  int64_t id = 0;
  int64_t province = 0;
  std::string name;
  int64_t staff_user = 0;
  std::string staff_name;
  std::string nudge_email;  // where the daily e-mail goes; empty: none
  std::vector<int64_t> orgs;
};

struct AreaInput {
  std::string name;
  int64_t staff_user = 0;
  std::string nudge_email;
};

struct Note {
  int64_t id = 0;
  std::string kind;  // kNoteAdvice, kNoteFollowUp, kNoteFix
  std::string text;
  Date day;
  std::string by_name;
  int64_t at_ms = 0;
};

struct Problem {
  int64_t id = 0;
  int64_t province = 0;
  int64_t org = 0;
  std::string org_name;
  std::string category, category_th;
  std::string description;
  Date raised_on;
  std::string raised_by_name;
  bool raised_by_office = false;
  int64_t raised_at_ms = 0;
  std::string state;  // kProblemOpen, kProblemAdvised, kProblemFixed
  Date fixed_on;      // unset while not fixed
  std::vector<Note> notes;
  int64_t AgeDays(Date today) const;  // to the fix, or to today
};

struct ProblemInput {
  int64_t org = 0;  // the LAO (or unit) concerned
  std::string category;
  std::string description;
  std::string date;  // ISO; empty: today
};

struct ProblemFilter {
  std::string state;  // empty: all
  int64_t org = 0;    // 0: all within
};

struct ReportInput {
  std::string month;       // "2026-11"
  std::string meeting_on;  // ISO date of the meeting
  std::string attendees;   // one per line
  std::string obstacles, needs, suggestions;
};

struct ReportProblem {
  int64_t id = 0;
  std::string org_name, category_th, description, raised_on, state_th, advice, fix;
};

struct MonthlyReport {
  int64_t province = 0;
  std::string province_name;
  std::string month;  // "2026-11"
  Date meeting_on;
  std::vector<std::string> attendees;
  std::string obstacles, needs, suggestions;
  std::vector<ReportProblem> problems;
  StandingCounts counts;
  Date counts_as_of;        // the month's last day, or the day it was made for this month
  std::string submitted_by;  // empty for a draft
  int64_t submitted_at_ms = 0;
};

struct Submission {
  org::Organisation province;
  bool submitted = false;
  std::string submitted_by;
  int64_t submitted_at_ms = 0;
};

struct SweepOutcome {
  size_t assessed = 0, changed = 0, nudges_sent = 0, nudges_failed = 0;
};

// What one organisation's verification found (ledger::OrgVerification, as oversight keeps it).
struct VerificationOutcome {
  int64_t org = 0;
  bool ok = true;
  int64_t first_bad_seq = 0;  // when !ok
  std::string detail;         // when !ok
};

class OversightService {
 public:
  OversightService(store::Db& db, org::OrgDirectory& orgs, const Clock& clock, OversightConfig config,
                   Links links = {});
  ~OversightService();
  static std::vector<store::Migration> Migrations();
  // The currency projection; add it to the ledger after every other projection.
  ledger::Projection* projection();
  // E-mail for the nudges; null: none can be sent (an office may still switch them on).
  void SetMailer(auth::Mailer* mailer);
  const OversightConfig& config() const;

  // ---- currency ----
  // The organisations that keep books within `scope` (a province: its LAOs and their units; the
  // DLA: every one; an LAO: itself and its units; a unit: itself), filtered and sorted.
  Result<std::vector<OrgStatus>> Table(int64_t scope, const TableFilter& filter);
  Result<OrgStatus> StatusOf(int64_t org);
  // Each province under the DLA with its counts (issue 17: the DLA's table).
  Result<std::vector<ProvinceSummary>> National();
  // The districts of the organisations within `scope`, sorted.
  Result<std::vector<std::string>> Districts(int64_t scope);
  // A report made (downloaded) by a user of the organisation itself; idempotent.
  Status RecordReportMade(int64_t org, std::string_view report, const std::string& period, int64_t user);
  // What a download of a report counts as, made by a user of the organisation itself or of its LAO
  // (the office reading an LAO's books makes nothing), and only for a period already over (a report
  // asked for a day or a year still to come is a preview, not the report): the daily financial
  // status report of `day`; the statements of `fiscal_year` when its balance sheet (งบแสดงฐานะ
  // การเงิน) at the year's end is downloaded after it; the accumulated-funds report of March or of
  // September (the year's end) after that month.
  Status NoteDailyReport(int64_t org, int64_t user_home, int64_t user, Date day);
  Status NoteStatement(int64_t org, int64_t user_home, int64_t user, const std::string& statement, int fiscal_year,
                       const std::string& month);
  // The outcomes of a verification, one per organisation, recorded in one transaction (a
  // national store's verify records tens of thousands).
  Status RecordVerifications(const std::vector<VerificationOutcome>& outcomes);
  // Assesses every organisation, records each change of standing (dated today), then sends the
  // day's nudges of the offices that asked for them (each area's once a day; a failure is tried
  // again at the next sweep).
  Result<SweepOutcome> Sweep();
  // Sweeps in the background (the centre, in `klang serve`): at once, then whenever the day in
  // Thailand changes or `every` has passed (a failed e-mail is tried again then). Stop waits for a
  // sweep under way. A sweep that fails is logged on stderr and tried at the next turn.
  void StartSweeps(std::chrono::seconds every);
  void StopSweeps();

  // ---- areas and mentors (at = the province office) ----
  Result<std::vector<Area>> Areas(int64_t province);
  Result<Area> CreateArea(const Officer& officer, int64_t at, const AreaInput& input);
  // Another name, assignee or nudge address for an area.
  Result<Area> UpdateArea(const Officer& officer, int64_t at, int64_t area, const AreaInput& input);
  // Takes an LAO out of its area.
  Status RemoveFromArea(const Officer& officer, int64_t at, int64_t area, int64_t org);
  // Puts the LAOs in the area (moving them from any other area of the province).
  Result<Area> AssignOrgs(const Officer& officer, int64_t at, int64_t area, const std::vector<int64_t>& orgs);
  // Names `mentor` (an LAO of the province, complete and current) the mentor of `org`; 0 removes.
  Status NameMentor(const Officer& officer, int64_t at, int64_t org, int64_t mentor);
  Result<std::vector<Staff>> StaffOf(int64_t province);
  // The district (อำเภอ) of one of the office's LAOs (its units follow it).
  Status SetDistrict(const Officer& officer, int64_t at, int64_t org, const std::string& district);
  // Nudges on or off for the office (off by default).
  Status SetNudges(const Officer& officer, int64_t at, bool enabled);
  Result<bool> NudgesOn(int64_t province);

  // ---- problems (at = the LAO raising it for itself or a unit, or its province office) ----
  Result<Problem> RaiseProblem(const Officer& officer, int64_t at, const ProblemInput& input);
  Result<Problem> AddNote(const Officer& officer, int64_t at, int64_t problem, const std::string& kind,
                          const std::string& text);
  // Problems of organisations within `within`, newest first.
  Result<std::vector<Problem>> Problems(int64_t within, const ProblemFilter& filter);
  Result<Problem> GetProblem(int64_t within, int64_t problem);

  // ---- monthly reports (at = the province office) ----
  // The report as it would be submitted now: problems and counts filled in.
  Result<MonthlyReport> DraftReport(int64_t province, const std::string& month);
  Result<MonthlyReport> SubmitReport(const Officer& officer, int64_t at, const ReportInput& input);
  Result<std::vector<MonthlyReport>> Reports(int64_t province);
  // The month a report page is about, as "YYYY-MM" (CE): `asked` ("2026-11", or in BE "2569-11"),
  // or the month before this one when empty. Errors: ovs.report_month.
  Result<std::string> ReportMonth(const std::string& asked);
  Result<MonthlyReport> Report(int64_t province, const std::string& month);
  // Every province under `dla` and whether it submitted `month`.
  Result<std::vector<Submission>> Submissions(int64_t dla, const std::string& month);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace klang::oversight
