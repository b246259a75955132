// The monthly report of a provincial office to the DLA (the letter's item 4): from the month's
// meeting — attendees, problems, obstacles, needs and fixes (from the problem register), the counts
// of organisations by standing at the month's end, and suggestions.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "closing/periods.h"
#include "oversight/internal.h"

namespace klang::oversight {

using nlohmann::json;
using store::Connection;
using store::Rows;

namespace {

std::string NotesOf(const Problem& problem, std::string_view kind) {
  std::string text;
  for (const Note& note : problem.notes) {
    if (note.kind != kind) continue;
    if (!text.empty()) text += "\n";
    text += note.text;
  }
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    out.push_back(line.substr(first, line.find_last_not_of(" \t") - first + 1));
  }
  return out;
}

json CountsJson(const StandingCounts& counts) {
  return {{"current", counts.current}, {"behind", counts.behind}, {"help", counts.help}, {"untracked", counts.untracked}};
}

StandingCounts CountsFrom(const json& value) {
  StandingCounts counts;
  counts.current = value.value("current", int64_t{0});
  counts.behind = value.value("behind", int64_t{0});
  counts.help = value.value("help", int64_t{0});
  counts.untracked = value.value("untracked", int64_t{0});
  return counts;
}

json ProblemsJson(const std::vector<ReportProblem>& problems) {
  json out = json::array();
  for (const auto& p : problems) {
    out.push_back({{"id", p.id}, {"org", p.org_name}, {"category", p.category_th}, {"description", p.description},
                   {"raised_on", p.raised_on}, {"state", p.state_th}, {"advice", p.advice}, {"fix", p.fix}});
  }
  return out;
}

std::vector<ReportProblem> ProblemsFrom(const json& value) {
  std::vector<ReportProblem> out;
  if (!value.is_array()) return out;
  for (const auto& p : value) {
    out.push_back({p.value("id", int64_t{0}), p.value("org", ""), p.value("category", ""), p.value("description", ""),
                   p.value("raised_on", ""), p.value("state", ""), p.value("advice", ""), p.value("fix", "")});
  }
  return out;
}

constexpr char kReportColumns[] =
    "province_id, month, meeting_on, attendees, obstacles, needs, suggestions, problems, counts, counts_as_of, "
    "submitted_by, submitted_at_ms";

MonthlyReport ReportFromRow(const store::Row& row) {
  MonthlyReport report;
  report.province = row.Int(0);
  report.month = row.Text(1);
  report.meeting_on = StoredDate(row.Text(2));
  report.attendees = Lines(row.Text(3));
  report.obstacles = row.Text(4);
  report.needs = row.Text(5);
  report.suggestions = row.Text(6);
  report.problems = ProblemsFrom(json::parse(row.Text(7), nullptr, false));
  report.counts = CountsFrom(json::parse(row.Text(8), nullptr, false));
  report.counts_as_of = StoredDate(row.Text(9));
  report.submitted_by = row.Text(10);
  report.submitted_at_ms = row.Int(11);
  return report;
}

}  // namespace

// Where each organisation of the province stood on `day`, as the sweeps recorded it.
Result<StandingCounts> OversightService::Impl::CountsAt(const Tree& tree, int64_t province, Date day) {
  const std::vector<int64_t> ids = tree.BooksWithin(province);
  StandingCounts counts;
  if (ids.empty()) return counts;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT org_id, day, standing FROM ovs_standing_changes WHERE org_id IN (" +
                                                     IdList(ids) + ") AND day <= $1 ORDER BY org_id, day",
                                                 {day.ToIso()}));
  std::map<int64_t, std::string> latest;
  for (const auto& row : rows) latest[row.Int(0)] = row.Text(2);
  for (int64_t id : ids) {
    auto found = latest.find(id);
    auto standing = found == latest.end() ? std::nullopt : ParseStanding(found->second);
    if (standing) {
      counts.Add(*standing);
    } else {
      ++counts.untracked;
    }
  }
  return counts;
}

Result<MonthlyReport> OversightService::DraftReport(int64_t province, const std::string& month_text) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(org::Organisation office, m.Province(province));
  auto month = closing::Month::Parse(month_text);
  if (!month.ok()) return Status::Refusal("ovs.report_month", "เดือนที่รายงานไม่ถูกต้อง", "month");
  const Date today = m.clock.TodayInThailand();
  const closing::Month this_month = closing::Month::Of(today);
  if (*month > this_month) return Status::Refusal("ovs.report_future_month", "รายงานได้เฉพาะเดือนที่ถึงแล้ว ไม่ใช่เดือนข้างหน้า", "month");
  MonthlyReport report;
  report.province = province;
  report.province_name = office.name;
  report.month = month->Iso();
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  if (*month == this_month) {
    // The month is not over: the counts as they stand today, said so on the report.
    KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, Table(province, {}));
    for (const OrgStatus& row : rows) report.counts.Add(row.assessment.standing);
    report.counts_as_of = today;
  } else {
    KLANG_ASSIGN_OR_RETURN(report.counts, m.CountsAt(tree, province, month->Last()));
    report.counts_as_of = month->Last();
  }
  // The problems the month dealt with: raised by its end and not fixed before it began, each as it
  // stood at the month's end (notes written later are not in it).
  KLANG_ASSIGN_OR_RETURN(std::vector<Problem> problems,
                         m.LoadProblems("province_id = $1 AND raised_on <= $2 AND (fixed_on = '' OR fixed_on >= $3)",
                                        {province, month->Last().ToIso(), month->First().ToIso()}, kProblemsReportedMax));
  for (auto it = problems.rbegin(); it != problems.rend(); ++it) {
    Problem problem = *it;
    std::erase_if(problem.notes, [&](const Note& note) { return note.day > month->Last(); });
    const bool fixed_by_end = problem.fixed_on.valid() && problem.fixed_on <= month->Last();
    const std::string state = fixed_by_end ? kProblemFixed : problem.notes.empty() ? kProblemOpen : kProblemAdvised;
    std::string advice = NotesOf(problem, kNoteAdvice);
    if (const std::string follow_up = NotesOf(problem, kNoteFollowUp); !follow_up.empty()) {
      advice += (advice.empty() ? "" : "\n") + follow_up;
    }
    report.problems.push_back({problem.id, problem.org_name, problem.category_th, problem.description,
                               problem.raised_on.ToIso(), std::string(ProblemStateThai(state)), advice,
                               fixed_by_end ? NotesOf(problem, kNoteFix) : ""});
  }
  return report;
}

Result<MonthlyReport> OversightService::SubmitReport(const Officer& officer, int64_t at, const ReportInput& input) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(MonthlyReport report, DraftReport(at, input.month));
  auto month = closing::Month::Parse(report.month);
  auto meeting = Date::ParseIso(input.meeting_on);
  const Date today = m.clock.TodayInThailand();
  if (!meeting.ok()) return Status::Refusal("ovs.meeting_on", "กรุณาระบุวันที่ประชุม", "meeting_on");
  if (*meeting > today) return Status::Refusal("ovs.meeting_future", "วันที่ประชุมต้องไม่เกินวันนี้", "meeting_on");
  if (*meeting < month->First()) {
    return Status::Refusal("ovs.meeting_before_month", "วันที่ประชุมต้องไม่ก่อนเดือนที่รายงาน", "meeting_on");
  }
  report.attendees = Lines(input.attendees);
  if (report.attendees.empty()) return Status::Refusal("ovs.attendees", "กรุณาระบุผู้เข้าประชุมอย่างน้อยหนึ่งคน", "attendees");
  if (report.attendees.size() > kAttendeesMax || input.attendees.size() > kTextBytesMax) {
    return Status::Refusal("ovs.too_long", "รายชื่อผู้เข้าประชุมยาวเกินไป", "attendees");
  }
  for (auto [text, field] : {std::pair{&input.obstacles, "obstacles"}, {&input.needs, "needs"},
                             {&input.suggestions, "suggestions"}}) {
    if (text->size() > kTextBytesMax) return Status::Refusal("ovs.too_long", "ข้อความยาวเกินไป (ไม่เกิน 4000 ไบต์)", field);
  }
  report.meeting_on = *meeting;
  report.obstacles = input.obstacles;
  report.needs = input.needs;
  report.suggestions = input.suggestions;
  report.submitted_by = officer.name;
  report.submitted_at_ms = m.clock.NowUnixMillis();
  std::string attendees;
  for (const auto& name : report.attendees) attendees += name + "\n";
  // Once a month: a second report of it (even one sent at the same time) inserts nothing.
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      int64_t inserted,
      lease->Execute(std::string("INSERT INTO ovs_monthly_reports (") + kReportColumns +
                         ", submitted_by_user) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
                         "ON CONFLICT (province_id, month) DO NOTHING",
                     {at, report.month, report.meeting_on.ToIso(), attendees, report.obstacles, report.needs,
                      report.suggestions, ProblemsJson(report.problems).dump(), CountsJson(report.counts).dump(),
                      report.counts_as_of.ToIso(), report.submitted_by, report.submitted_at_ms, officer.user_id}));
  if (inserted != 1) {
    return Status::Conflict("ovs.report_exists", "ส่งรายงานประจำเดือน " + month->Thai() + " แล้ว ส่งซ้ำไม่ได้");
  }
  return report;
}

Result<std::string> OversightService::ReportMonth(const std::string& asked) {
  if (asked.empty()) return closing::Month::Of(impl_->clock.TodayInThailand()).Previous().Iso();
  auto month = closing::Month::Parse(asked);
  if (!month.ok()) return Status::Refusal("ovs.report_month", "เดือนที่รายงานไม่ถูกต้อง", "month");
  return month->Iso();
}

Result<std::vector<MonthlyReport>> OversightService::Reports(int64_t province) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(org::Organisation office, m.Province(province));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kReportColumns +
                                                     " FROM ovs_monthly_reports WHERE province_id = $1 ORDER BY month DESC",
                                                 {province}));
  std::vector<MonthlyReport> out;
  for (const auto& row : rows) {
    out.push_back(ReportFromRow(row));
    out.back().province_name = office.name;
  }
  return out;
}

Result<MonthlyReport> OversightService::Report(int64_t province, const std::string& asked) {
  KLANG_ASSIGN_OR_RETURN(std::string month, ReportMonth(asked));
  KLANG_ASSIGN_OR_RETURN(std::vector<MonthlyReport> reports, Reports(province));
  for (MonthlyReport& report : reports) {
    if (report.month == month) return std::move(report);
  }
  return Status::NotFound("ovs.report_not_found", "ยังไม่มีรายงานประจำเดือนนี้");
}

Result<std::vector<Submission>> OversightService::Submissions(int64_t dla, const std::string& asked) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(std::string month, ReportMonth(asked));
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT province_id, submitted_by, submitted_at_ms FROM "
                                                 "ovs_monthly_reports WHERE month = $1",
                                                 {month}));
  std::map<int64_t, std::pair<std::string, int64_t>> submitted;
  for (const auto& row : rows) submitted[row.Int(0)] = {row.Text(1), row.Int(2)};
  std::vector<Submission> out;
  for (int64_t id : tree.children[dla]) {
    const org::Organisation* province = tree.Find(id);
    if (province == nullptr || province->type != org::OrgType::kProvince) continue;
    Submission submission{*province, false, "", 0};
    if (auto found = submitted.find(id); found != submitted.end()) {
      submission.submitted = true;
      submission.submitted_by = found->second.first;
      submission.submitted_at_ms = found->second.second;
    }
    out.push_back(std::move(submission));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.province.name < b.province.name; });
  return out;
}

}  // namespace klang::oversight
