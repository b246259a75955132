#include "org/org.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace klang::org {
namespace {

struct TypeInfo {
  OrgType type;
  std::string_view code;
  std::string_view thai;
};

constexpr std::array<TypeInfo, 8> kTypes = {{
    {OrgType::kDla, "dla", "สถ."},
    {OrgType::kProvince, "province", "สถ.จ."},
    {OrgType::kPao, "pao", "อบจ."},
    {OrgType::kCityMunicipality, "city_municipality", "เทศบาลนคร"},
    {OrgType::kTownMunicipality, "town_municipality", "เทศบาลเมือง"},
    {OrgType::kSubdistrictMunicipality, "subdistrict_municipality", "เทศบาลตำบล"},
    {OrgType::kSao, "sao", "อบต."},
    {OrgType::kUnit, "unit", "หน่วยงานภายใต้สังกัด"},
}};

constexpr size_t kNameBytesMax = 300;
constexpr size_t kCodeBytesMax = 32;
constexpr size_t kDistrictBytesMax = 200;
constexpr size_t kTreeDepthMax = 8;

Organisation FromRow(const store::Row& row) {
  return Organisation{row.Int(0), row.IsNull(1) ? 0 : row.Int(1),
                      ParseOrgType(row.Text(2)).value(), row.Text(3), row.Text(4), row.Text(5)};
}

}  // namespace

std::string_view OrgTypeCode(OrgType type) {
  for (const auto& info : kTypes) {
    if (info.type == type) return info.code;
  }
  KLANG_ASSERT(false);
  return "";
}

std::string_view OrgTypeThai(OrgType type) {
  for (const auto& info : kTypes) {
    if (info.type == type) return info.thai;
  }
  KLANG_ASSERT(false);
  return "";
}

Result<OrgType> ParseOrgType(std::string_view code) {
  for (const auto& info : kTypes) {
    if (info.code == code) return info.type;
  }
  return Status::InvalidInput("org.type", "ประเภทหน่วยงานไม่ถูกต้อง",
                              "unknown organisation type '" + std::string(code) + "'", "type");
}

bool IsLao(OrgType type) {
  return type == OrgType::kPao || type == OrgType::kCityMunicipality ||
         type == OrgType::kTownMunicipality || type == OrgType::kSubdistrictMunicipality ||
         type == OrgType::kSao;
}

bool KeepsBooks(OrgType type) { return IsLao(type) || type == OrgType::kUnit; }

OrgDirectory::OrgDirectory(store::Db& db) : db_(db) {}

std::vector<store::Migration> OrgDirectory::Migrations() {
  return {{"org", 1, R"SQL(
CREATE TABLE organisations (
  id {ID_PK},
  parent_id {INT} REFERENCES organisations (id),
  type TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
) {STRICT};
CREATE INDEX organisations_by_parent ON organisations (parent_id);
)SQL"},
          {"org", 2, R"SQL(
ALTER TABLE organisations ADD COLUMN district TEXT NOT NULL DEFAULT '';
)SQL"}};
}

Status OrgDirectory::LoadLocked() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT id, parent_id, type, code, name, district FROM organisations"));
  by_id_.clear();
  for (const auto& row : rows) {
    Organisation organisation = FromRow(row);
    by_id_[organisation.id] = std::move(organisation);
  }
  loaded_ = true;
  return Status::Ok();
}

Result<Organisation> OrgDirectory::Create(int64_t parent_id, OrgType type, std::string code,
                                          std::string name) {
  if (name.empty() || name.size() > kNameBytesMax) {
    return Status::InvalidInput("org.name", "กรุณาระบุชื่อหน่วยงาน", "name required", "name");
  }
  if (code.empty() || code.size() > kCodeBytesMax) {
    return Status::InvalidInput("org.code", "กรุณาระบุรหัสหน่วยงาน", "code required", "code");
  }
  std::lock_guard lock(mutex_);
  if (!loaded_) KLANG_RETURN_IF_ERROR(LoadLocked());
  std::optional<OrgType> parent_type;
  if (parent_id != 0) {
    auto parent = by_id_.find(parent_id);
    if (parent == by_id_.end()) {
      return Status::NotFound("org.parent_not_found", "ไม่พบหน่วยงานต้นสังกัด");
    }
    parent_type = parent->second.type;
  }
  const bool shape_ok =
      (type == OrgType::kDla && !parent_type) ||
      (type == OrgType::kProvince && parent_type == OrgType::kDla) ||
      (IsLao(type) && parent_type == OrgType::kProvince) ||
      (type == OrgType::kUnit && parent_type && IsLao(*parent_type));
  if (!shape_ok) {
    return Status::InvalidInput("org.tree_shape",
                                "ต้นสังกัดไม่ถูกต้อง: จังหวัดอยู่ใต้ สถ., อปท. อยู่ใต้จังหวัด, "
                                "หน่วยงานภายใต้สังกัดอยู่ใต้ อปท.",
                                "organisation type does not fit under that parent", "parent_id");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("INSERT INTO organisations (parent_id, type, code, name) VALUES ($1, $2, $3, $4) "
                   "RETURNING id",
                   {parent_id == 0 ? store::Value(store::Null{}) : store::Value(parent_id),
                    std::string(OrgTypeCode(type)), code, name}));
  Organisation organisation{rows[0].Int(0), parent_id, type, std::move(code), std::move(name)};
  by_id_[organisation.id] = organisation;
  return organisation;
}

Result<Organisation> OrgDirectory::Import(const Organisation& organisation) {
  std::lock_guard lock(mutex_);
  if (!loaded_) KLANG_RETURN_IF_ERROR(LoadLocked());
  auto held = by_id_.find(organisation.id);
  if (held != by_id_.end()) {
    if (held->second.code != organisation.code || held->second.parent_id != organisation.parent_id ||
        held->second.type != organisation.type) {
      return Status::Conflict("org.import_mismatch", "รหัสหน่วยงานไม่ตรงกับที่มีอยู่",
                              "organisation " + std::to_string(organisation.id) + " is held as " +
                                  held->second.code + " here");
    }
    return held->second;
  }
  if (organisation.id <= 0 || organisation.name.empty() || organisation.code.empty() ||
      organisation.name.size() > kNameBytesMax || organisation.code.size() > kCodeBytesMax ||
      (organisation.parent_id != 0 && !by_id_.count(organisation.parent_id))) {
    return Status::InvalidInput("org.import", "ข้อมูลหน่วยงานที่นำเข้าไม่ถูกต้อง",
                                "organisation " + std::to_string(organisation.id));
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease
          ->Execute("INSERT INTO organisations (id, parent_id, type, code, name) VALUES ($1, $2, "
                    "$3, $4, $5)",
                    {organisation.id,
                     organisation.parent_id == 0 ? store::Value(store::Null{})
                                                 : store::Value(organisation.parent_id),
                     std::string(OrgTypeCode(organisation.type)), organisation.code,
                     organisation.name})
          .status());
  if (lease->dialect() == store::Dialect::kPostgres) {
    // Later Create() calls must not reuse imported ids.
    KLANG_RETURN_IF_ERROR(
        lease
            ->Query("SELECT setval(pg_get_serial_sequence('organisations', 'id'), "
                    "(SELECT MAX(id) FROM organisations))")
            .status());
  }
  by_id_[organisation.id] = organisation;
  return organisation;
}

Status OrgDirectory::SetDistrict(int64_t id, const std::string& district) {
  if (district.size() > kDistrictBytesMax) {
    return Status::InvalidInput("org.district", "ชื่ออำเภอยาวเกินไป", "district too long", "district");
  }
  std::lock_guard lock(mutex_);
  if (!loaded_) KLANG_RETURN_IF_ERROR(LoadLocked());
  auto found = by_id_.find(id);
  if (found == by_id_.end()) return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน");
  if (!KeepsBooks(found->second.type)) {
    return Status::InvalidInput("org.district", "กำหนดอำเภอได้เฉพาะ อปท. และหน่วยงานภายใต้สังกัด",
                                "only organisations that keep books have a district", "district");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("UPDATE organisations SET district = $1 WHERE id = $2", {district, id}).status());
  found->second.district = district;
  return Status::Ok();
}

Result<Organisation> OrgDirectory::Get(int64_t id) {
  std::lock_guard lock(mutex_);
  if (!loaded_) KLANG_RETURN_IF_ERROR(LoadLocked());
  auto found = by_id_.find(id);
  if (found == by_id_.end()) {
    // Another process (a `klang demo` beside a running server) may have added it.
    KLANG_RETURN_IF_ERROR(LoadLocked());
    found = by_id_.find(id);
  }
  if (found == by_id_.end()) {
    return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน",
                            "no organisation " + std::to_string(id));
  }
  return found->second;
}

Result<std::vector<Organisation>> OrgDirectory::List() {
  std::lock_guard lock(mutex_);
  KLANG_RETURN_IF_ERROR(LoadLocked());  // always fresh: another process may have added some
  std::vector<Organisation> out;
  out.reserve(by_id_.size());
  for (const auto& [id, organisation] : by_id_) out.push_back(organisation);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<Organisation>> OrgDirectory::Cached(bool reload) {
  std::lock_guard lock(mutex_);
  if (!loaded_ || reload) KLANG_RETURN_IF_ERROR(LoadLocked());
  std::vector<Organisation> out;
  out.reserve(by_id_.size());
  for (const auto& [id, organisation] : by_id_) out.push_back(organisation);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

std::vector<Organisation> OrgDirectory::Children(int64_t id) {
  std::lock_guard lock(mutex_);
  if (!loaded_ && !LoadLocked().ok()) return {};
  std::vector<Organisation> out;
  for (const auto& [child_id, organisation] : by_id_) {
    if (organisation.parent_id == id) out.push_back(organisation);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

bool OrgDirectory::IsWithin(int64_t org, int64_t ancestor) {
  std::lock_guard lock(mutex_);
  if (!loaded_ && !LoadLocked().ok()) return false;
  if (!by_id_.contains(org)) {
    // Another process may have added it; reload, but at most once a second so requests naming
    // unknown ids cannot make every request reload the tree.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_miss_reload_ >= std::chrono::seconds(1)) {
      last_miss_reload_ = now;
      if (!LoadLocked().ok()) return false;
    }
  }
  return IsWithinLocked(org, ancestor);
}

bool OrgDirectory::IsWithinLocked(int64_t org, int64_t ancestor) const {
  int64_t current = org;
  for (size_t depth = 0; depth < kTreeDepthMax && current != 0; ++depth) {
    if (current == ancestor) return by_id_.contains(current);
    auto found = by_id_.find(current);
    if (found == by_id_.end()) return false;
    current = found->second.parent_id;
  }
  return false;
}

Result<std::vector<int64_t>> OrgDirectory::Subtree(int64_t id) {
  std::lock_guard lock(mutex_);
  KLANG_RETURN_IF_ERROR(LoadLocked());  // always fresh, like List
  std::vector<int64_t> out;
  for (const auto& [org, organisation] : by_id_) {
    if (IsWithinLocked(org, id)) out.push_back(org);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Organisation> OrgDirectory::PathTo(int64_t org) {
  std::lock_guard lock(mutex_);
  if (!loaded_ && !LoadLocked().ok()) return {};
  std::vector<Organisation> path;
  int64_t current = org;
  for (size_t depth = 0; depth < kTreeDepthMax && current != 0; ++depth) {
    auto found = by_id_.find(current);
    if (found == by_id_.end()) break;
    path.push_back(found->second);
    current = found->second.parent_id;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace klang::org
