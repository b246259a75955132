// Areas, mentors, nudge settings and the problem register of OversightService.
#include <algorithm>
#include <set>

#include "auth/mail.h"
#include "core/thai.h"
#include "oversight/internal.h"

namespace klang::oversight {

using store::Connection;
using store::Rows;

namespace {

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

Status NeedText(const std::string& text, size_t max, const char* field, const std::string& what_th) {
  if (Trimmed(text).empty()) return Status::Refusal("ovs.required", "กรุณาระบุ" + what_th, field);
  if (text.size() > max) {
    return Status::Refusal("ovs.too_long", what_th + "ยาวเกินไป (ไม่เกิน " + std::to_string(max) + " ไบต์)", field);
  }
  return Status::Ok();
}

}  // namespace

Result<org::Organisation> OversightService::Impl::Province(int64_t id) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation at, orgs.Get(id));
  if (at.type != org::OrgType::kProvince) {
    return Status::Refusal("ovs.not_province", "ใช้ได้เฉพาะสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด");
  }
  return at;
}

Result<org::Organisation> OversightService::Impl::OwnOffice(const Officer& officer, int64_t at) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation province, Province(at));
  if (officer.home != at) {
    return Status::PermissionDenied("ovs.not_own_office", "บันทึกได้เฉพาะข้อมูลของสำนักงานที่ท่านสังกัด");
  }
  return province;
}

std::string OversightService::Impl::CategoryThai(const std::string& code) const {
  for (const auto& category : config.categories) {
    if (category.code == code) return category.name_th;
  }
  return code;
}

// ---- areas and mentors -------------------------------------------------------------------------

Result<std::vector<Staff>> OversightService::StaffOf(int64_t province) {
  if (!impl_->links.staff) return std::vector<Staff>{};
  return impl_->links.staff(province);
}

Result<std::vector<Area>> OversightService::Areas(int64_t province) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT id, name, staff_user_id, staff_name, nudge_email FROM ovs_areas "
                                                 "WHERE province_id = $1 ORDER BY name",
                                                 {province}));
  KLANG_ASSIGN_OR_RETURN(Rows members, lease->Query("SELECT area_id, org_id FROM ovs_area_orgs WHERE province_id = $1 "
                                                    "ORDER BY org_id",
                                                    {province}));
  std::vector<Area> out;
  for (const auto& row : rows) {
    Area area{row.Int(0), province, row.Text(1), row.Int(2), row.Text(3), row.Text(4), {}};
    for (const auto& member : members) {
      if (member.Int(0) == area.id) area.orgs.push_back(member.Int(1));
    }
    out.push_back(std::move(area));
  }
  return out;
}

// What an area's form says, checked: its name, an assignee of the office's staff, a nudge address.
Result<Staff> OversightService::Impl::CheckArea(int64_t at, const AreaInput& input) {
  KLANG_RETURN_IF_ERROR(NeedText(input.name, kNameBytesMax, "name", "ชื่อพื้นที่"));
  if (!input.nudge_email.empty() && !auth::IsEmailAddress(input.nudge_email)) {
    return Status::Refusal("ovs.email", "ที่อยู่อีเมลสำหรับแจ้งเตือนไม่ถูกต้อง", "nudge_email");
  }
  if (!links.staff) return Status::Refusal("ovs.staff", "ผู้รับผิดชอบพื้นที่ต้องเป็นเจ้าหน้าที่ของสำนักงานนี้ที่ให้คำแนะนำได้", "staff_user");
  KLANG_ASSIGN_OR_RETURN(std::vector<Staff> staff, links.staff(at));
  auto assignee = std::find_if(staff.begin(), staff.end(), [&](const Staff& one) { return one.user_id == input.staff_user; });
  if (assignee == staff.end()) {
    return Status::Refusal("ovs.staff", "ผู้รับผิดชอบพื้นที่ต้องเป็นเจ้าหน้าที่ของสำนักงานนี้ที่ให้คำแนะนำได้", "staff_user");
  }
  return *assignee;
}

Result<Area> OversightService::CreateArea(const Officer& officer, int64_t at, const AreaInput& input) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(const Staff assignee, m.CheckArea(at, input));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  // The name is unique in the office: a second area of that name (even one sent at the same time)
  // inserts nothing.
  KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      lease->Query("INSERT INTO ovs_areas (province_id, name, staff_user_id, staff_name, nudge_email, created_by, "
                   "created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (province_id, name) DO NOTHING "
                   "RETURNING id",
                   {at, Trimmed(input.name), assignee.user_id, assignee.name, input.nudge_email, officer.name,
                    m.clock.NowUnixMillis()}));
  if (rows.empty()) return Status::Refusal("ovs.area_exists", "มีพื้นที่ชื่อนี้แล้ว", "name");
  return Area{rows[0].Int(0), at, Trimmed(input.name), assignee.user_id, assignee.name, input.nudge_email, {}};
}

Result<Area> OversightService::UpdateArea(const Officer& officer, int64_t at, int64_t area_id, const AreaInput& input) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(const Staff assignee, m.CheckArea(at, input));
  KLANG_ASSIGN_OR_RETURN(std::vector<Area> areas, Areas(at));
  for (const Area& other : areas) {
    if (other.id != area_id && other.name == Trimmed(input.name)) return Status::Refusal("ovs.area_exists", "มีพื้นที่ชื่อนี้แล้ว", "name");
  }
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
    KLANG_ASSIGN_OR_RETURN(int64_t updated,
                           lease->Execute("UPDATE ovs_areas SET name = $1, staff_user_id = $2, staff_name = $3, "
                                          "nudge_email = $4 WHERE id = $5 AND province_id = $6",
                                          {Trimmed(input.name), assignee.user_id, assignee.name, input.nudge_email, area_id,
                                           at}));
    if (updated != 1) return Status::NotFound("ovs.area_not_found", "ไม่พบพื้นที่นี้ในสำนักงาน");
  }
  KLANG_ASSIGN_OR_RETURN(areas, Areas(at));
  for (Area& one : areas) {
    if (one.id == area_id) return one;
  }
  return Status::NotFound("ovs.area_not_found", "ไม่พบพื้นที่นี้ในสำนักงาน");
}

Status OversightService::RemoveFromArea(const Officer& officer, int64_t at, int64_t area_id, int64_t org) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(int64_t removed, lease->Execute("DELETE FROM ovs_area_orgs WHERE org_id = $1 AND area_id = $2 AND "
                                                         "province_id = $3",
                                                         {org, area_id, at}));
  if (removed != 1) return Status::NotFound("ovs.not_in_area", "อปท. นี้ไม่ได้อยู่ในพื้นที่นี้");
  return Status::Ok();
}

Result<Area> OversightService::AssignOrgs(const Officer& officer, int64_t at, int64_t area_id,
                                          const std::vector<int64_t>& orgs) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(std::vector<Area> areas, Areas(at));
  auto area = std::find_if(areas.begin(), areas.end(), [&](const Area& one) { return one.id == area_id; });
  if (area == areas.end()) return Status::NotFound("ovs.area_not_found", "ไม่พบพื้นที่นี้ในสำนักงาน");
  if (orgs.empty()) return Status::Refusal("ovs.orgs", "กรุณาเลือก อปท. อย่างน้อยหนึ่งแห่ง", "orgs");
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  for (int64_t org : orgs) {
    const org::Organisation* one = tree.Find(org);
    if (one == nullptr || !org::IsLao(one->type) || one->parent_id != at) {
      return Status::Refusal("ovs.not_lao_of_province", "เลือกได้เฉพาะ อปท. ในจังหวัดของสำนักงาน", "orgs");
    }
  }
  KLANG_RETURN_IF_ERROR(store::InTransaction(m.db, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    std::vector<store::Params> rows;
    for (int64_t org : orgs) rows.push_back({org, area_id, at});
    return tx.ExecuteMany("INSERT INTO ovs_area_orgs (org_id, area_id, province_id) VALUES ($1, $2, $3) "
                          "ON CONFLICT (org_id) DO UPDATE SET area_id = excluded.area_id",
                          rows);
  }));
  KLANG_ASSIGN_OR_RETURN(areas, Areas(at));
  for (Area& one : areas) {
    if (one.id == area_id) return one;
  }
  return Status::NotFound("ovs.area_not_found", "ไม่พบพื้นที่นี้ในสำนักงาน");
}

Status OversightService::NameMentor(const Officer& officer, int64_t at, int64_t org, int64_t mentor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  auto lao_of_office = [&](int64_t id) {
    const org::Organisation* one = tree.Find(id);
    return one != nullptr && org::IsLao(one->type) && one->parent_id == at;
  };
  if (!lao_of_office(org)) return Status::Refusal("ovs.not_lao_of_province", "เลือกได้เฉพาะ อปท. ในจังหวัดของสำนักงาน", "org");
  if (mentor == 0) {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
    return lease->Execute("DELETE FROM ovs_mentors WHERE org_id = $1", {org}).status();
  }
  if (!lao_of_office(mentor)) {
    return Status::Refusal("ovs.not_lao_of_province", "แม่ข่ายต้องเป็น อปท. ในจังหวัดของสำนักงาน", "mentor");
  }
  if (mentor == org) return Status::Refusal("ovs.mentor_self", "อปท. เป็นแม่ข่ายของตนเองไม่ได้", "mentor");
  // The letter: LAOs that keep their books complete and current are the mentors of their neighbours.
  KLANG_ASSIGN_OR_RETURN(OrgStatus status, StatusOf(mentor));
  if (status.assessment.standing != Standing::kCurrent) {
    return Status::Refusal("ovs.mentor_not_current",
                  "แม่ข่ายต้องเป็น อปท. ที่บันทึกบัญชีครบถ้วนเป็นปัจจุบัน (" + status.org.name + ": " +
                      std::string(StandingThai(status.assessment.standing)) + ")",
                  "mentor");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  return lease
      ->Execute("INSERT INTO ovs_mentors (org_id, mentor_org_id, province_id, named_by, named_at_ms) VALUES "
                "($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO UPDATE SET mentor_org_id = excluded.mentor_org_id, "
                "named_by = excluded.named_by, named_at_ms = excluded.named_at_ms",
                {org, mentor, at, officer.name, m.clock.NowUnixMillis()})
      .status();
}

Status OversightService::SetDistrict(const Officer& officer, int64_t at, int64_t org, const std::string& district) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  const org::Organisation* lao = tree.Find(org);
  if (lao == nullptr || !org::IsLao(lao->type) || lao->parent_id != at) {
    return Status::Refusal("ovs.not_lao_of_province", "เลือกได้เฉพาะ อปท. ในจังหวัดของสำนักงาน", "org");
  }
  KLANG_RETURN_IF_ERROR(NeedText(district, kNameBytesMax, "district", "ชื่ออำเภอ"));
  KLANG_RETURN_IF_ERROR(m.orgs.SetDistrict(org, Trimmed(district)));
  auto kids = tree.children.find(org);
  if (kids != tree.children.end()) {
    for (int64_t unit : kids->second) KLANG_RETURN_IF_ERROR(m.orgs.SetDistrict(unit, Trimmed(district)));
  }
  return Status::Ok();
}

Status OversightService::SetNudges(const Officer& officer, int64_t at, bool enabled) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
  return lease
      ->Execute("INSERT INTO ovs_settings (province_id, nudges, changed_by, changed_at_ms) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (province_id) DO UPDATE SET nudges = excluded.nudges, changed_by = excluded.changed_by, "
                "changed_at_ms = excluded.changed_at_ms",
                {at, int64_t{enabled ? 1 : 0}, officer.name, m.clock.NowUnixMillis()})
      .status();
}

Result<bool> OversightService::NudgesOn(int64_t province) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, impl_->db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT nudges FROM ovs_settings WHERE province_id = $1", {province}));
  return !rows.empty() && rows[0].Int(0) == 1;
}

// ---- problems ----------------------------------------------------------------------------------

int64_t Problem::AgeDays(Date today) const {
  const Date end = fixed_on.valid() ? fixed_on : today;
  return std::max<int64_t>(0, end.DaysSinceEpoch() - raised_on.DaysSinceEpoch());
}

namespace {

// Problems whose notes one statement reads (store::QueryInChunks): a power of two, so a page's
// list padded to the next one takes one of a few statement shapes.
constexpr size_t kProblemsPerNotesQuery = 512;

constexpr char kProblemColumns[] =
    "id, province_id, org_id, category, description, raised_on, raised_by_name, raised_by_office, raised_at_ms, "
    "state, fixed_on";

}  // namespace

Result<std::vector<Problem>> OversightService::Impl::LoadProblems(const std::string& where, const store::Params& params,
                                                                   size_t limit) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kProblemColumns + " FROM ovs_problems WHERE " +
                                                     where + " ORDER BY id DESC LIMIT " +
                                                     std::to_string(limit),
                                                 params));
  std::vector<Problem> out;
  std::map<int64_t, size_t> index;
  std::vector<int64_t> ids;
  for (const auto& row : rows) {
    Problem problem;
    problem.id = row.Int(0);
    problem.province = row.Int(1);
    problem.org = row.Int(2);
    problem.category = row.Text(3);
    problem.category_th = CategoryThai(problem.category);
    problem.description = row.Text(4);
    problem.raised_on = StoredDate(row.Text(5));
    problem.raised_by_name = row.Text(6);
    problem.raised_by_office = row.Int(7) == 1;
    problem.raised_at_ms = row.Int(8);
    problem.state = row.Text(9);
    problem.fixed_on = StoredDate(row.Text(10));
    if (auto organisation = orgs.Get(problem.org); organisation.ok()) problem.org_name = organisation->name;
    index[problem.id] = out.size();
    ids.push_back(problem.id);
    out.push_back(std::move(problem));
  }
  if (ids.empty()) return out;
  // The ids go as parameters: a page's list written into the text would be a new statement for
  // every page. A problem's notes all come in its own chunk, in order.
  KLANG_RETURN_IF_ERROR(store::QueryInChunks(
      *lease, store::Params(ids.begin(), ids.end()), kProblemsPerNotesQuery,
      [](size_t count) {
        return "SELECT id, problem_id, kind, text, day, by_name, at_ms FROM ovs_problem_notes WHERE problem_id IN " +
               store::ParamList(count) + " ORDER BY id";
      },
      [&](const store::Row& row) {
        out[index[row.Int(1)]].notes.push_back(
            {row.Int(0), row.Text(2), row.Text(3), StoredDate(row.Text(4)), row.Text(5), row.Int(6)});
      }));
  return out;
}

Result<Problem> OversightService::RaiseProblem(const Officer& officer, int64_t at, const ProblemInput& input) {
  Impl& m = *impl_;
  if (officer.home != at) {
    return Status::PermissionDenied("ovs.not_own_office", "แจ้งปัญหาได้เฉพาะในนามหน่วยงานที่ท่านสังกัด");
  }
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  const org::Organisation* raiser = tree.Find(at);
  if (raiser == nullptr) return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน");
  if (raiser->type == org::OrgType::kUnit) {
    return Status::Refusal("ovs.lao_only", "หน่วยงานภายใต้สังกัดแจ้งปัญหาผ่าน อปท. ต้นสังกัด");
  }
  if (raiser->type == org::OrgType::kDla) return Status::Refusal("ovs.lao_only", "แจ้งปัญหาได้โดย อปท. หรือสำนักงานจังหวัด");
  const int64_t org = input.org == 0 ? at : input.org;
  const org::Organisation* concerned = tree.Find(org);
  const bool fits = concerned != nullptr && org::KeepsBooks(concerned->type) && tree.IsWithin(org, at);
  if (!fits) return Status::Refusal("ovs.problem_org", "เลือกได้เฉพาะ อปท. หรือหน่วยงานภายใต้สังกัดในความรับผิดชอบ", "org");
  if (std::none_of(m.config.categories.begin(), m.config.categories.end(),
                   [&](const Category& category) { return category.code == input.category; })) {
    return Status::Refusal("ovs.category", "กรุณาเลือกประเภทปัญหา", "category");
  }
  KLANG_RETURN_IF_ERROR(NeedText(input.description, kTextBytesMax, "description", "รายละเอียดปัญหา"));
  const Date today = m.clock.TodayInThailand();
  Date raised_on = today;
  if (!input.date.empty()) {
    auto date = Date::ParseIso(input.date);
    if (!date.ok()) return Status::Refusal("ovs.date", "วันที่ไม่ถูกต้อง", "date");
    if (*date > today) return Status::Refusal("ovs.date_future", "วันที่พบปัญหาต้องไม่เกินวันนี้", "date");
    raised_on = *date;
  }
  int64_t id = 0;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.db.Acquire());
    KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      lease->Query("INSERT INTO ovs_problems (province_id, org_id, category, description, raised_on, raised_by_user, "
                   "raised_by_name, raised_by_office, raised_at_ms, state, fixed_on) VALUES ($1, $2, $3, $4, $5, $6, "
                   "$7, $8, $9, $10, '') RETURNING id",
                   {tree.ProvinceOf(org), org, input.category, Trimmed(input.description), raised_on.ToIso(),
                    officer.user_id, officer.name, int64_t{raiser->type == org::OrgType::kProvince ? 1 : 0},
                    m.clock.NowUnixMillis(), std::string(kProblemOpen)}));
    id = rows[0].Int(0);
  }
  return GetProblem(at, id);
}

Result<Problem> OversightService::AddNote(const Officer& officer, int64_t at, int64_t problem_id,
                                          const std::string& kind, const std::string& text) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.OwnOffice(officer, at).status());
  KLANG_ASSIGN_OR_RETURN(Problem problem, GetProblem(at, problem_id));
  if (!NoteKindThai(kind)) return Status::Refusal("ovs.note_kind", "กรุณาเลือกว่าเป็นคำแนะนำ การติดตามผล หรือการแก้ไข", "kind");
  KLANG_RETURN_IF_ERROR(NeedText(text, kTextBytesMax, "text", "ข้อความ"));
  if (problem.state == kProblemFixed) return Status::Refusal("ovs.problem_fixed", "ปัญหานี้แก้ไขแล้ว บันทึกเพิ่มไม่ได้");
  const Date today = m.clock.TodayInThailand();
  const bool fix = kind == kNoteFix;
  KLANG_RETURN_IF_ERROR(store::InTransaction(m.db, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO ovs_problem_notes (problem_id, kind, text, day, by_user, by_name, at_ms) "
                                     "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                     {problem_id, kind, Trimmed(text), today.ToIso(), officer.user_id, officer.name,
                                      m.clock.NowUnixMillis()})
                              .status());
    // The state moves only forward; a problem fixed meanwhile refuses the note.
    KLANG_ASSIGN_OR_RETURN(int64_t updated,
                           tx.Execute("UPDATE ovs_problems SET state = $1, fixed_on = $2 WHERE id = $3 AND state <> $4",
                                      {std::string(fix ? kProblemFixed : kProblemAdvised), fix ? today.ToIso() : "",
                                       problem_id, std::string(kProblemFixed)}));
    if (updated != 1) return Status::Refusal("ovs.problem_fixed", "ปัญหานี้แก้ไขแล้ว บันทึกเพิ่มไม่ได้");
    return Status::Ok();
  }));
  return GetProblem(at, problem_id);
}

Result<std::vector<Problem>> OversightService::Problems(int64_t within, const ProblemFilter& filter) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  const org::Organisation* at = tree.Find(within);
  if (at == nullptr) return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน");
  std::string where = "1 = 1";
  store::Params params;
  if (at->type == org::OrgType::kProvince) {
    where = "province_id = $1";
    params.push_back(within);
  } else if (at->type != org::OrgType::kDla) {
    const std::vector<int64_t> ids = tree.BooksWithin(within);
    where = "org_id IN (" + (ids.empty() ? std::string("0") : IdList(ids)) + ")";
  }
  if (!filter.state.empty()) {
    params.push_back(filter.state);
    where += " AND state = $" + std::to_string(params.size());
  }
  if (filter.org != 0) {
    params.push_back(filter.org);
    where += " AND org_id = $" + std::to_string(params.size());
  }
  return m.LoadProblems(where, params);
}

Result<Problem> OversightService::GetProblem(int64_t within, int64_t problem_id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(std::vector<Problem> found, m.LoadProblems("id = $1", {problem_id}));
  KLANG_ASSIGN_OR_RETURN(Tree tree, m.LoadTree());
  if (found.empty() || !tree.IsWithin(found.front().org, within)) {
    return Status::NotFound("ovs.problem_not_found", "ไม่พบปัญหานี้ในความรับผิดชอบของหน่วยงาน");
  }
  return found.front();
}

}  // namespace klang::oversight
