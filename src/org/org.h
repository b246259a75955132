// org/org.h — the organisation tree: DLA → province → LAO → subordinate unit (R1).
//
// Each LAO (อบจ., เทศบาล, อบต.) and each subordinate unit keeps its own books; DLA and the
// provincial offices supervise. A user's scope is their organisation and everything under it.
// Thread-safe: the tree is cached in memory behind a mutex and refreshed on every change.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace klang::org {

enum class OrgType {
  kDla,                      // กรมส่งเสริมการปกครองท้องถิ่น (สถ.)
  kProvince,                 // สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด (สถ.จ.)
  kPao,                      // องค์การบริหารส่วนจังหวัด (อบจ.)
  kCityMunicipality,         // เทศบาลนคร
  kTownMunicipality,         // เทศบาลเมือง
  kSubdistrictMunicipality,  // เทศบาลตำบล
  kSao,                      // องค์การบริหารส่วนตำบล (อบต.)
  kUnit,                     // หน่วยงานภายใต้สังกัด (school, child development centre, ...)
};

std::string_view OrgTypeCode(OrgType type);      // "sao"
std::string_view OrgTypeThai(OrgType type);      // "อบต."
Result<OrgType> ParseOrgType(std::string_view code);
bool IsLao(OrgType type);
// LAOs and subordinate units keep books; DLA and provincial offices only supervise.
bool KeepsBooks(OrgType type);

struct Organisation {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 for the root (DLA)
  OrgType type = OrgType::kSao;
  std::string code;  // external code (e.g. the DLA organisation code); unique
  std::string name;  // Thai name
  // อำเภอ of an LAO or unit (how a provincial office groups and filters its LAOs); may be empty.
  std::string district;
};

class OrgDirectory {
 public:
  explicit OrgDirectory(store::Db& db);
  static std::vector<store::Migration> Migrations();

  // Adds an organisation under `parent_id` (0 only for the DLA root). The tree shape is
  // enforced: province under DLA, LAO under province, unit under LAO.
  Result<Organisation> Create(int64_t parent_id, OrgType type, std::string code, std::string name);
  // Adds an organisation with the id another node gave it (an edge node cloning the centre, a
  // centre rebuilt from its edges). An organisation already held with that id must have the
  // same code and parent (else kConflict org.import_mismatch); its parent must be held already.
  Result<Organisation> Import(const Organisation& organisation);
  Result<Organisation> Get(int64_t id);
  // Sets the district (อำเภอ) of an LAO or unit. Errors: org.not_found, org.district (too long,
  // or not an organisation that keeps books).
  Status SetDistrict(int64_t id, const std::string& district);
  Result<std::vector<Organisation>> List();
  std::vector<Organisation> Children(int64_t id);
  // Every organisation as cached, by id (loaded once; `reload` reads the store afresh, as List
  // does). For views over the whole tree that cannot afford a read of it per request.
  Result<std::vector<Organisation>> Cached(bool reload = false);
  // True when `org` is `ancestor` or lies beneath it.
  bool IsWithin(int64_t org, int64_t ancestor);
  // `id` and every organisation beneath it, by id (read fresh, as List does).
  Result<std::vector<int64_t>> Subtree(int64_t id);
  // The chain from the root down to `org` (inclusive).
  std::vector<Organisation> PathTo(int64_t org);

 private:
  Status LoadLocked();
  bool IsWithinLocked(int64_t org, int64_t ancestor) const;

  store::Db& db_;
  std::mutex mutex_;
  bool loaded_ = false;                                 // guarded by mutex_
  std::unordered_map<int64_t, Organisation> by_id_;     // guarded by mutex_
  std::chrono::steady_clock::time_point last_miss_reload_;  // guarded by mutex_
};

}  // namespace klang::org
