#include "oversight/oversight.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "closing/periods.h"
#include "closing/statements.h"
#include "core/assert.h"
#include "core/csv.h"
#include "core/thai.h"
#include "oversight/internal.h"

namespace klang::oversight {

using store::Connection;
using store::Rows;

namespace {
// How often the background loop looks at the day (seconds).
constexpr int64_t kSweepLookSeconds = 60;
// Nudges go from this hour of the day in Thailand on (an office's staff read them in the morning).
constexpr int64_t kNudgeHour = 7;
constexpr int64_t kThailandOffsetSeconds = 7 * 3600;
constexpr int64_t kDaySeconds = 24 * 3600;
}  // namespace

std::string CutUtf8(const std::string& text, size_t bytes_max) {
  if (text.size() <= bytes_max) return text;
  size_t end = bytes_max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  return text.substr(0, end);
}

// ---- the tree ----------------------------------------------------------------------------------

const org::Organisation* Tree::Find(int64_t id) const {
  auto found = by_id.find(id);
  return found == by_id.end() ? nullptr : &found->second;
}

int64_t Tree::ProvinceOf(int64_t id) const {
  for (const org::Organisation* at = Find(id); at != nullptr; at = Find(at->parent_id)) {
    if (at->type == org::OrgType::kProvince) return at->id;
    if (at->parent_id == 0) break;
  }
  return 0;
}

int64_t Tree::LaoOf(int64_t id) const {
  const org::Organisation* at = Find(id);
  if (at == nullptr) return 0;
  if (org::IsLao(at->type)) return at->id;
  if (at->type == org::OrgType::kUnit) return at->parent_id;
  return 0;
}

bool Tree::IsWithin(int64_t id, int64_t ancestor) const {
  for (const org::Organisation* at = Find(id); at != nullptr; at = Find(at->parent_id)) {
    if (at->id == ancestor) return true;
    if (at->parent_id == 0) break;
  }
  return false;
}

int64_t Tree::Root() const {
  for (const auto& [id, organisation] : by_id) {
    if (organisation.type == org::OrgType::kDla) return id;
  }
  return 0;
}

std::vector<int64_t> Tree::BooksWithin(int64_t scope) const {
  std::vector<int64_t> out;
  std::vector<int64_t> stack = {scope};
  while (!stack.empty()) {
    const int64_t id = stack.back();
    stack.pop_back();
    const org::Organisation* at = Find(id);
    if (at == nullptr) continue;
    if (org::KeepsBooks(at->type)) out.push_back(id);
    if (at->type == org::OrgType::kUnit) continue;
    auto kids = children.find(id);
    if (kids != children.end()) stack.insert(stack.end(), kids->second.begin(), kids->second.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<Tree> OversightService::Impl::LoadTree(bool reload) {
  KLANG_ASSIGN_OR_RETURN(std::vector<org::Organisation> all, orgs.Cached(reload));
  Tree tree;
  tree.by_id.reserve(all.size());
  for (auto& organisation : all) {
    if (organisation.parent_id != 0) tree.children[organisation.parent_id].push_back(organisation.id);
    tree.by_id.emplace(organisation.id, std::move(organisation));
  }
  return tree;
}

// ---- configuration -----------------------------------------------------------------------------

Result<std::vector<Category>> OversightConfig::CategoriesFromCsv(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text, "code,name_th", "oversight.categories", "แฟ้มประเภทปัญหา"));
  std::vector<Category> out;
  std::set<std::string> seen;
  for (const CsvRow& row : rows) {
    if (row.fields[0].empty() || row.fields[1].empty() || !seen.insert(row.fields[0]).second) {
      return Status::Internal("oversight.categories",
                              "oversight_problem_categories.csv line " + std::to_string(row.line) + ": empty or repeated");
    }
    out.push_back({row.fields[0], row.fields[1]});
  }
  return out;
}

StandingCounts& StandingCounts::operator+=(const StandingCounts& other) {
  current += other.current;
  behind += other.behind;
  help += other.help;
  untracked += other.untracked;
  return *this;
}

void StandingCounts::Add(Standing standing) {
  switch (standing) {
    case Standing::kCurrent: ++current; break;
    case Standing::kBehind: ++behind; break;
    case Standing::kNeedsHelp: ++help; break;
  }
}

// ---- the service -------------------------------------------------------------------------------

OversightService::OversightService(store::Db& db, org::OrgDirectory& orgs, const Clock& clock,
                                   OversightConfig config, Links links)
    : impl_(std::make_unique<Impl>(db, orgs, clock, std::move(config), std::move(links))) {}

OversightService::~OversightService() { StopSweeps(); }

void OversightService::StartSweeps(std::chrono::seconds every) {
  Impl& m = *impl_;
  KLANG_ASSERT_MSG(!m.loop.joinable(), "sweeps started twice");
  m.loop_stop = false;
  m.loop = std::thread([this, &m, every] {
    Date last_day;
    auto last = std::chrono::steady_clock::time_point{};
    std::unique_lock lock(m.loop_mutex);
    while (!m.loop_stop) {
      const Date today = m.clock.TodayInThailand();
      if (today != last_day || std::chrono::steady_clock::now() - last >= every) {
        lock.unlock();
        auto outcome = Sweep();
        if (!outcome.ok()) {
          std::fprintf(stderr, "oversight sweep failed: %s\n", outcome.status().ToString().c_str());
        } else {
          last_day = today;
          if (outcome->nudges_failed > 0) {
            std::fprintf(stderr, "oversight: %zu nudge e-mail(s) not sent (%s); tried again at the next sweep\n",
                         outcome->nudges_failed, m.mailer == nullptr ? "no SMTP settings" : "the mail server refused");
          }
        }
        last = std::chrono::steady_clock::now();
        lock.lock();
      }
      m.loop_wake.wait_for(lock, std::chrono::seconds(kSweepLookSeconds), [&] { return m.loop_stop; });
    }
  });
}

void OversightService::StopSweeps() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.loop_mutex);
    m.loop_stop = true;
  }
  m.loop_wake.notify_all();
  if (m.loop.joinable()) m.loop.join();
}

ledger::Projection* OversightService::projection() { return impl_->projection.get(); }
void OversightService::SetMailer(auth::Mailer* mailer) { impl_->mailer = mailer; }
const OversightConfig& OversightService::config() const { return impl_->config; }

std::vector<store::Migration> OversightService::Migrations() {
  std::vector<store::Migration> migrations = CurrencyMigrations();
  migrations.push_back({"oversight", 2, R"SQL(
CREATE TABLE ovs_standing (
  org_id {INT} PRIMARY KEY, standing TEXT NOT NULL, since TEXT NOT NULL
) {STRICT};
CREATE TABLE ovs_standing_changes (
  org_id {INT} NOT NULL, day TEXT NOT NULL, standing TEXT NOT NULL, previous TEXT NOT NULL,
  PRIMARY KEY (org_id, day)
) {STRICT};
CREATE INDEX ovs_standing_changes_day ON ovs_standing_changes (day);
CREATE TABLE ovs_areas (
  id {ID_PK}, province_id {INT} NOT NULL, name TEXT NOT NULL, staff_user_id {INT} NOT NULL,
  staff_name TEXT NOT NULL, nudge_email TEXT NOT NULL, created_by TEXT NOT NULL, created_at_ms {INT} NOT NULL,
  UNIQUE (province_id, name)
) {STRICT};
CREATE TABLE ovs_area_orgs (
  org_id {INT} PRIMARY KEY, area_id {INT} NOT NULL, province_id {INT} NOT NULL
) {STRICT};
CREATE INDEX ovs_area_orgs_area ON ovs_area_orgs (area_id);
CREATE TABLE ovs_mentors (
  org_id {INT} PRIMARY KEY, mentor_org_id {INT} NOT NULL, province_id {INT} NOT NULL,
  named_by TEXT NOT NULL, named_at_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE ovs_settings (
  province_id {INT} PRIMARY KEY, nudges {INT} NOT NULL, changed_by TEXT NOT NULL, changed_at_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE ovs_nudges (
  area_id {INT} NOT NULL, day TEXT NOT NULL, sent_at_ms {INT} NOT NULL, orgs TEXT NOT NULL,
  PRIMARY KEY (area_id, day)
) {STRICT};
CREATE TABLE ovs_nudged (
  area_id {INT} NOT NULL, org_id {INT} NOT NULL, day TEXT NOT NULL, standing TEXT NOT NULL,
  PRIMARY KEY (area_id, org_id, day, standing)
) {STRICT};
CREATE TABLE ovs_problems (
  id {ID_PK}, province_id {INT} NOT NULL, org_id {INT} NOT NULL, category TEXT NOT NULL,
  description TEXT NOT NULL, raised_on TEXT NOT NULL, raised_by_user {INT} NOT NULL,
  raised_by_name TEXT NOT NULL, raised_by_office {INT} NOT NULL, raised_at_ms {INT} NOT NULL,
  state TEXT NOT NULL, fixed_on TEXT NOT NULL
) {STRICT};
CREATE INDEX ovs_problems_province ON ovs_problems (province_id, state);
CREATE INDEX ovs_problems_org ON ovs_problems (org_id);
CREATE TABLE ovs_problem_notes (
  id {ID_PK}, problem_id {INT} NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, day TEXT NOT NULL,
  by_user {INT} NOT NULL, by_name TEXT NOT NULL, at_ms {INT} NOT NULL
) {STRICT};
CREATE INDEX ovs_problem_notes_problem ON ovs_problem_notes (problem_id);
CREATE TABLE ovs_monthly_reports (
  province_id {INT} NOT NULL, month TEXT NOT NULL, meeting_on TEXT NOT NULL, attendees TEXT NOT NULL,
  obstacles TEXT NOT NULL, needs TEXT NOT NULL, suggestions TEXT NOT NULL, problems TEXT NOT NULL,
  counts TEXT NOT NULL, counts_as_of TEXT NOT NULL, submitted_by_user {INT} NOT NULL,
  submitted_by TEXT NOT NULL, submitted_at_ms {INT} NOT NULL,
  PRIMARY KEY (province_id, month)
) {STRICT};
)SQL"});
  return migrations;
}

namespace {

// "org_id IN (…)" for the organisations, or nothing when the whole nation is asked.
std::string OrgCondition(const char* column, const std::vector<int64_t>& orgs, bool all) {
  if (all) return "1 = 1";
  if (orgs.empty()) return "1 = 0";
  return std::string(column) + " IN (" + IdList(orgs) + ")";
}

bool SortBefore(const OrgStatus& a, const OrgStatus& b, const std::string& sort) {
  if (sort == "name") return a.org.name < b.org.name;
  if (sort == "district") {
    if (a.org.district != b.org.district) return a.org.district < b.org.district;
    return a.org.name < b.org.name;
  }
  if (sort == "posting") {
    if (a.ledger.last_posting != b.ledger.last_posting) return a.ledger.last_posting < b.ledger.last_posting;
    return a.org.name < b.org.name;
  }
  if (a.assessment.standing != b.assessment.standing) return a.assessment.standing > b.assessment.standing;
  if (a.lao_name != b.lao_name) return a.lao_name < b.lao_name;
  return a.org.id < b.org.id;
}

}  // namespace

Result<std::vector<OrgStatus>> OversightService::Impl::Assessed(const Tree& tree, const std::vector<int64_t>& ids,
                                                                 bool all) {
  if (ids.empty()) return std::vector<OrgStatus>{};
  std::map<int64_t, LedgerFacts> ledger_facts;
  std::map<int64_t, OtherFacts> other;
  std::map<int64_t, std::pair<int64_t, std::string>> area_of;  // org → area id, name
  std::map<int64_t, std::string> staff_of_area;
  std::map<int64_t, int64_t> mentor_of;
  std::map<int64_t, int64_t> open_problems;
  {  // the store's rows; the links below read through other services, after the lease is back
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
    KLANG_ASSIGN_OR_RETURN(ledger_facts, ReadLedgerFacts(*lease, ids, all));
    KLANG_RETURN_IF_ERROR(ReadRecordedFacts(*lease, ids, all, other));
    // A unit sits in its LAO's area: the LAOs of the organisations asked for are read too.
    std::vector<int64_t> laos;
    for (int64_t id : ids) laos.push_back(tree.LaoOf(id));
    std::sort(laos.begin(), laos.end());
    laos.erase(std::unique(laos.begin(), laos.end()), laos.end());
    KLANG_ASSIGN_OR_RETURN(Rows areas, lease->Query("SELECT o.org_id, a.id, a.name, a.staff_name FROM ovs_area_orgs o "
                                                    "JOIN ovs_areas a ON a.id = o.area_id WHERE " +
                                                    OrgCondition("o.org_id", laos, all)));
    for (const auto& row : areas) {
      area_of[row.Int(0)] = {row.Int(1), row.Text(2)};
      staff_of_area[row.Int(1)] = row.Text(3);
    }
    KLANG_ASSIGN_OR_RETURN(Rows mentors, lease->Query("SELECT org_id, mentor_org_id FROM ovs_mentors WHERE " +
                                                      OrgCondition("org_id", ids, all)));
    for (const auto& row : mentors) mentor_of[row.Int(0)] = row.Int(1);
    KLANG_ASSIGN_OR_RETURN(Rows problems,
                           lease->Query("SELECT org_id, COUNT(*) FROM ovs_problems WHERE state <> $1 AND " +
                                            OrgCondition("org_id", ids, all) + " GROUP BY org_id",
                                        {std::string(kProblemFixed)}));
    for (const auto& row : problems) open_problems[row.Int(0)] = row.Int(1);
  }
  std::map<int64_t, int64_t> witnessed;
  if (links.witnessed) {
    KLANG_ASSIGN_OR_RETURN(witnessed, links.witnessed());
  }
  std::map<int64_t, std::pair<std::string, int64_t>> nodes;
  if (links.nodes) {
    KLANG_ASSIGN_OR_RETURN(nodes, links.nodes());
  }

  const Date today = clock.TodayInThailand();
  const int64_t now_ms = clock.NowUnixMillis();
  std::vector<OrgStatus> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    const org::Organisation* organisation = tree.Find(id);
    if (organisation == nullptr) continue;
    OrgStatus status;
    status.org = *organisation;
    status.lao = tree.LaoOf(id);
    if (const org::Organisation* lao = tree.Find(status.lao)) status.lao_name = lao->name;
    if (auto found = ledger_facts.find(id); found != ledger_facts.end()) status.ledger = found->second;
    status.ledger.org = id;
    if (auto found = other.find(id); found != other.end()) status.other = found->second;
    if (auto found = witnessed.find(id); found != witnessed.end()) status.other.checkpoint_at_ms = found->second;
    if (auto found = nodes.find(id); found != nodes.end()) {
      status.other.node = found->second.first;
      status.other.node_seen_ms = found->second.second;
    }
    // A unit is supervised with its LAO: it sits in its LAO's area.
    if (auto found = area_of.find(status.lao); found != area_of.end()) {
      status.area = found->second.first;
      status.area_name = found->second.second;
      status.staff_name = staff_of_area[status.area];
    }
    if (auto found = mentor_of.find(id); found != mentor_of.end()) {
      status.mentor = found->second;
      if (const org::Organisation* mentor = tree.Find(status.mentor)) status.mentor_name = mentor->name;
    }
    if (auto found = open_problems.find(id); found != open_problems.end()) status.open_problems = found->second;
    status.assessment = Assess(status.ledger, status.other, today, now_ms, config.rules);
    out.push_back(std::move(status));
  }
  return out;
}

Result<std::vector<OrgStatus>> OversightService::Table(int64_t scope, const TableFilter& filter) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  if (tree.Find(scope) == nullptr) {
    KLANG_ASSIGN_OR_RETURN(tree, m.LoadTree(/*reload=*/true));
  }
  const org::Organisation* at = tree.Find(scope);
  if (at == nullptr) return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน");
  const bool all = at->type == org::OrgType::kDla;
  std::vector<int64_t> ids = tree.BooksWithin(scope);
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, m.Assessed(tree, ids, all));
  std::erase_if(rows, [&](const OrgStatus& row) {
    if (!filter.district.empty() && row.org.district != filter.district) return true;
    if (filter.type && row.org.type != *filter.type) return true;
    if (filter.standing && row.assessment.standing != *filter.standing) return true;
    if (filter.area != 0 && row.area != filter.area) return true;
    return false;
  });
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const OrgStatus& a, const OrgStatus& b) { return SortBefore(a, b, filter.sort); });
  return rows;
}

Result<OrgStatus> OversightService::StatusOf(int64_t org) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  if (tree.Find(org) == nullptr) {
    KLANG_ASSIGN_OR_RETURN(tree, m.LoadTree(/*reload=*/true));
  }
  const org::Organisation* at = tree.Find(org);
  if (at == nullptr) return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน");
  if (!org::KeepsBooks(at->type)) {
    return Status::Refusal("ovs.not_books", "หน่วยงานนี้ไม่ได้บันทึกบัญชี (สถ. และ สถ.จ. กำกับดูแลเท่านั้น)");
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, m.Assessed(tree, {org}, false));
  KLANG_ASSERT(rows.size() == 1);
  return rows.front();
}

Result<std::vector<ProvinceSummary>> OversightService::National() {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  const int64_t root = tree.Root();
  if (root == 0) return std::vector<ProvinceSummary>{};
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, m.Assessed(tree, tree.BooksWithin(root), true));
  std::map<int64_t, ProvinceSummary> by_province;
  for (int64_t id : tree.children[root]) {
    const org::Organisation* province = tree.Find(id);
    if (province != nullptr && province->type == org::OrgType::kProvince) by_province[id].province = *province;
  }
  for (const OrgStatus& row : rows) {
    auto found = by_province.find(tree.ProvinceOf(row.org.id));
    if (found == by_province.end()) continue;
    found->second.counts.Add(row.assessment.standing);
    found->second.open_problems += row.open_problems;
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows reports,
                         lease->Query("SELECT province_id, MAX(month) FROM ovs_monthly_reports GROUP BY province_id"));
  for (const auto& row : reports) {
    if (auto found = by_province.find(row.Int(0)); found != by_province.end()) found->second.last_report = row.Text(1);
  }
  std::vector<ProvinceSummary> out;
  for (auto& [id, summary] : by_province) out.push_back(std::move(summary));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.province.name < b.province.name; });
  return out;
}

Result<std::vector<std::string>> OversightService::Districts(int64_t scope) {
  KLANG_ASSIGN_OR_RETURN(Tree tree, impl_->LoadTree());
  std::set<std::string> districts;
  for (int64_t id : tree.BooksWithin(scope)) {
    const org::Organisation* at = tree.Find(id);
    if (at != nullptr && !at->district.empty()) districts.insert(at->district);
  }
  return std::vector<std::string>(districts.begin(), districts.end());
}

Status OversightService::RecordReportMade(int64_t org, std::string_view report, const std::string& period,
                                          int64_t user) {
  Impl& m = *impl_;
  return store::InTransaction(m.db, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO ovs_reports_made (org_id, report, period, made_at_ms, user_id) "
                                     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, report, period) DO NOTHING",
                                     {org, std::string(report), period, m.clock.NowUnixMillis(), user})
                              .status());
    return tx.Execute("INSERT INTO ovs_reports_latest (org_id, report, period) VALUES ($1, $2, $3) "
                      "ON CONFLICT (org_id, report) DO UPDATE SET period = excluded.period "
                      "WHERE excluded.period > ovs_reports_latest.period",
                      {org, std::string(report), period})
        .status();
  });
}

namespace {

// The organisation's own users, or its LAO's for a unit, make its reports.
bool MakesReportsOf(org::OrgDirectory& orgs, int64_t org, int64_t user_home) {
  if (user_home == org) return true;
  auto at = orgs.Get(org);
  return at.ok() && at->type == org::OrgType::kUnit && at->parent_id == user_home;
}

}  // namespace

Status OversightService::NoteDailyReport(int64_t org, int64_t user_home, int64_t user, Date day) {
  Impl& m = *impl_;
  if (!MakesReportsOf(m.orgs, org, user_home) || !day.valid() || day > m.clock.TodayInThailand()) return Status::Ok();
  return RecordReportMade(org, kReportDailyStatus, day.ToIso(), user);
}

Status OversightService::NoteStatement(int64_t org, int64_t user_home, int64_t user, const std::string& statement,
                                       int fiscal_year, const std::string& month) {
  Impl& m = *impl_;
  if (!MakesReportsOf(m.orgs, org, user_home)) return Status::Ok();
  const Date today = m.clock.TodayInThailand();
  const closing::Month year_end = closing::Month::Of(FiscalYearEnd(fiscal_year));
  if (statement == closing::kBalanceSheet && (month.empty() || month == year_end.Iso())) {
    // The statements of a year are made once its books are closed (at least preliminarily).
    if (!(year_end.Last() < today)) return Status::Ok();
    std::map<int64_t, LedgerFacts> facts;
    {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
      KLANG_ASSIGN_OR_RETURN(facts, ReadLedgerFacts(*lease, {org}));
    }
    const LedgerFacts& books = facts[org];
    if (books.preliminary_fy < fiscal_year && books.year_closed_fy < fiscal_year) return Status::Ok();
    return RecordReportMade(org, kReportStatements, std::to_string(fiscal_year), user);
  }
  if (statement == closing::kAccumulatedFunds) {
    auto period = month.empty() ? Result<closing::Month>(year_end) : closing::Month::Parse(month);
    if (!period.ok() || (period->month != 3 && period->month != 9) || !(period->Last() < today)) return Status::Ok();
    return RecordReportMade(org, kReportFunds, period->Iso(), user);
  }
  return Status::Ok();
}

Status OversightService::RecordVerifications(const std::vector<VerificationOutcome>& outcomes) {
  Impl& m = *impl_;
  std::vector<store::Params> rows;
  rows.reserve(outcomes.size());
  const int64_t now_ms = m.clock.NowUnixMillis();
  for (const VerificationOutcome& outcome : outcomes) {
    rows.push_back({outcome.org, now_ms, int64_t{outcome.ok ? 1 : 0}, outcome.first_bad_seq,
                    CutUtf8(outcome.detail, kTextBytesMax)});
  }
  return store::InTransaction(m.db, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    return tx.ExecuteMany("INSERT INTO ovs_verifications (org_id, at_ms, ok, first_bad_seq, detail) VALUES ($1, $2, $3, "
                          "$4, $5) ON CONFLICT (org_id) DO UPDATE SET at_ms = excluded.at_ms, ok = excluded.ok, "
                          "first_bad_seq = excluded.first_bad_seq, detail = excluded.detail",
                          rows);
  });
}

// ---- the sweep ---------------------------------------------------------------------------------

Result<SweepOutcome> OversightService::Sweep() {
  Impl& m = *impl_;
  std::lock_guard lock(m.sweep_mutex);
  SweepOutcome outcome;
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree(/*reload=*/true));
  const int64_t root = tree.Root();
  if (root == 0) return outcome;
  KLANG_ASSIGN_OR_RETURN(std::vector<OrgStatus> rows, m.Assessed(tree, tree.BooksWithin(root), true));
  outcome.assessed = rows.size();
  const std::string today = m.clock.TodayInThailand().ToIso();
  KLANG_RETURN_IF_ERROR(store::InTransaction(m.db, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_ASSIGN_OR_RETURN(Rows stored, tx.Query("SELECT org_id, standing FROM ovs_standing"));
    std::unordered_map<int64_t, std::string> before;
    for (const auto& row : stored) before[row.Int(0)] = row.Text(1);
    std::vector<store::Params> standings, changes;
    for (const OrgStatus& row : rows) {
      const std::string now(StandingCode(row.assessment.standing));
      auto found = before.find(row.org.id);
      if (found != before.end() && found->second == now) continue;
      const std::string previous = found == before.end() ? "" : found->second;
      standings.push_back({row.org.id, now, today});
      changes.push_back({row.org.id, today, now, previous});
    }
    outcome.changed = changes.size();
    if (changes.empty()) return Status::Ok();
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany("INSERT INTO ovs_standing (org_id, standing, since) VALUES ($1, $2, $3) "
                                         "ON CONFLICT (org_id) DO UPDATE SET standing = excluded.standing, "
                                         "since = excluded.since",
                                         standings));
    // A second change on the same day keeps the day's first "previous": the day's change is from
    // where the organisation stood yesterday.
    return tx.ExecuteMany("INSERT INTO ovs_standing_changes (org_id, day, standing, previous) VALUES ($1, $2, $3, $4) "
                          "ON CONFLICT (org_id, day) DO UPDATE SET standing = excluded.standing",
                          changes);
  }));
  KLANG_RETURN_IF_ERROR(m.SendNudges(m.clock.TodayInThailand(), outcome));
  return outcome;
}

// The nudges (the first sweep from 07:00 Thailand time each day): each area of an office that
// switched them on gets one e-mail a day at its nudge address, naming its LAOs (or their units) that
// fell from where they stood the day before — every fall since the area's last e-mail (or since the
// area was made or the nudges switched on) that no e-mail has named yet, so a fall later in a day,
// a second fall the same day, or one on a day the mail server was down is named the next time. The
// day's e-mail is claimed before it is sent, so two servers sweeping at once send it once; a failed
// e-mail gives its claim back and is tried again at the next sweep.
Status OversightService::Impl::SendNudges(Date today, SweepOutcome& outcome) {
  const int64_t thai_hour = (clock.NowUnixSeconds() + kThailandOffsetSeconds) % kDaySeconds / 3600;
  if (thai_hour < kNudgeHour) return Status::Ok();
  struct Mail {
    std::string area, to, since;
    std::vector<std::string> lines;
    std::vector<store::Params> named;  // (area, organisation, day of its change, standing)
  };
  std::map<int64_t, Mail> mails;      // by area
  std::map<int64_t, int64_t> area_of;  // LAO → area
  std::set<std::tuple<int64_t, int64_t, std::string, std::string>> named_before;  // (area, org, day, standing)
  std::string since_min = today.ToIso();
  Rows changes;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
    KLANG_ASSIGN_OR_RETURN(
        Rows areas,
        lease->Query("SELECT a.id, a.name, a.nudge_email, (SELECT MAX(n.day) FROM ovs_nudges n WHERE n.area_id = a.id), "
                     "a.created_at_ms, s.changed_at_ms FROM ovs_areas a JOIN ovs_settings s ON "
                     "s.province_id = a.province_id AND s.nudges = 1 WHERE a.nudge_email <> '' AND NOT EXISTS "
                     "(SELECT 1 FROM ovs_nudges n WHERE n.area_id = a.id AND n.day = $1)",
                     {today.ToIso()}));
    if (areas.empty()) return Status::Ok();
    std::vector<int64_t> ids;
    for (const auto& row : areas) {
      const auto day_of = [](int64_t ms) { return ThaiDateFromUnixSeconds(ms / 1000).ToIso(); };
      std::string since = std::max(day_of(row.Int(4)), day_of(row.Int(5)));
      if (!row.IsNull(3)) since = std::max(since, row.Text(3));
      since_min = std::min(since_min, since);
      mails[row.Int(0)] = Mail{row.Text(1), row.Text(2), since, {}, {}};
      ids.push_back(row.Int(0));
    }
    KLANG_ASSIGN_OR_RETURN(Rows members,
                           lease->Query("SELECT org_id, area_id FROM ovs_area_orgs WHERE area_id IN (" + IdList(ids) + ")"));
    for (const auto& row : members) area_of[row.Int(0)] = row.Int(1);
    KLANG_ASSIGN_OR_RETURN(Rows named, lease->Query("SELECT area_id, org_id, day, standing FROM ovs_nudged WHERE day >= $1",
                                                    {since_min}));
    for (const auto& row : named) named_before.insert({row.Int(0), row.Int(1), row.Text(2), row.Text(3)});
    KLANG_ASSIGN_OR_RETURN(changes, lease->Query("SELECT org_id, day, standing, previous FROM ovs_standing_changes "
                                                 "WHERE day >= $1 AND day <= $2 ORDER BY day, org_id",
                                                 {since_min, today.ToIso()}));
  }
  KLANG_ASSIGN_OR_RETURN(Tree tree, LoadTree());
  for (const auto& row : changes) {
    const int64_t org = row.Int(0);
    const std::string day = row.Text(1);
    const auto standing = ParseStanding(row.Text(2));
    const auto previous = ParseStanding(row.Text(3));
    // Only a fall from where it stood the day before (a first assessment is not a fall).
    if (!standing || !previous || *standing <= *previous) continue;
    auto area = area_of.find(tree.LaoOf(org));
    const org::Organisation* organisation = tree.Find(org);
    if (area == area_of.end() || organisation == nullptr) continue;
    Mail& mail = mails[area->second];
    if (day < mail.since || named_before.count({area->second, org, day, row.Text(2)}) > 0) continue;
    mail.named.push_back({area->second, org, day, row.Text(2)});
    mail.lines.push_back("- " + organisation->name + ": " + std::string(StandingThai(*previous)) + " → " +
                         std::string(StandingThai(*standing)) + " (" + FormatThaiDateShort(StoredDate(day)) + ")");
  }
  for (auto& [area, mail] : mails) {
    if (mail.named.empty()) continue;
    if (mailer == nullptr) {
      ++outcome.nudges_failed;
      continue;
    }
    std::string body = "เรียน ผู้รับผิดชอบพื้นที่ " + mail.area +
                       "\n\nองค์กรปกครองส่วนท้องถิ่นในพื้นที่ของท่านที่สถานะการบันทึกบัญชีลดลงตั้งแต่การแจ้งเตือนครั้งก่อน "
                       "(ถึงวันที่ " + FormatThaiDateLong(today) + "):\n";
    for (const auto& line : mail.lines) body += line + "\n";
    body += "\nดูรายละเอียดได้ที่หน้าการกำกับดูแลของสำนักงาน\nระบบคลัง (ข้อความนี้ส่งโดยอัตโนมัติ)\n";
    // Claim the day's e-mail of the area; another server that claimed it first sends it.
    {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
      KLANG_ASSIGN_OR_RETURN(int64_t claimed,
                             lease->Execute("INSERT INTO ovs_nudges (area_id, day, sent_at_ms, orgs) VALUES ($1, $2, 0, $3) "
                                            "ON CONFLICT (area_id, day) DO NOTHING",
                                            {area, today.ToIso(), std::to_string(mail.named.size())}));
      if (claimed != 1) continue;
    }
    const Status sent =
        mailer->Send({mail.to, "อปท. ในพื้นที่ " + mail.area + " ที่บันทึกบัญชีล่าช้า " + FormatThaiDateShort(today), body});
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
    if (!sent.ok()) {
      ++outcome.nudges_failed;
      KLANG_RETURN_IF_ERROR(
          lease->Execute("DELETE FROM ovs_nudges WHERE area_id = $1 AND day = $2", {area, today.ToIso()}).status());
      continue;
    }
    KLANG_RETURN_IF_ERROR(lease
                              ->Execute("UPDATE ovs_nudges SET sent_at_ms = $1 WHERE area_id = $2 AND day = $3",
                                        {clock.NowUnixMillis(), area, today.ToIso()})
                              .status());
    KLANG_RETURN_IF_ERROR(lease->ExecuteMany("INSERT INTO ovs_nudged (area_id, org_id, day, standing) VALUES ($1, $2, $3, $4) "
                                             "ON CONFLICT (area_id, org_id, day, standing) DO NOTHING",
                                             mail.named));
    ++outcome.nudges_sent;
  }
  return Status::Ok();
}

}  // namespace klang::oversight
