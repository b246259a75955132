// The organisation tree: shape rules (province under DLA, LAO under province, unit under LAO),
// scope (IsWithin), and organisations added by another process becoming visible.
#include <gtest/gtest.h>

#include "org/org.h"
#include "tests/support/test_db.h"

namespace klang::org {
namespace {

TEST(OrgDirectory, ShapeAndScope) {
  auto db = testing::OpenFreshDb(store::Dialect::kSqlite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(store::ApplyMigrations(**db, OrgDirectory::Migrations()).ok());
  OrgDirectory orgs(**db);
  auto dla = orgs.Create(0, OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  ASSERT_TRUE(dla.ok());
  auto province = orgs.Create(dla->id, OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
  auto sao = orgs.Create(province->id, OrgType::kSao, "S1", "อบต.บ้านนา");
  auto unit = orgs.Create(sao->id, OrgType::kUnit, "U1", "ศพด.บ้านนา");
  auto other = orgs.Create(province->id, OrgType::kSubdistrictMunicipality, "T1", "ทต.โนนสูง");
  ASSERT_TRUE(unit.ok() && other.ok());
  // Shape: a unit only under an LAO, an LAO only under a province, one DLA root.
  EXPECT_EQ(orgs.Create(dla->id, OrgType::kSao, "X", "x").status().stable_code(), "org.tree_shape");
  EXPECT_EQ(orgs.Create(province->id, OrgType::kUnit, "X", "x").status().stable_code(),
            "org.tree_shape");
  EXPECT_EQ(orgs.Create(0, OrgType::kProvince, "X", "x").status().stable_code(), "org.tree_shape");
  EXPECT_EQ(orgs.Create(province->id, OrgType::kSao, "S1", "dup").status().code(),
            ErrorCode::kConflict);
  // Scope: own, children, never parents or siblings.
  EXPECT_TRUE(orgs.IsWithin(unit->id, sao->id));
  EXPECT_TRUE(orgs.IsWithin(sao->id, sao->id));
  EXPECT_TRUE(orgs.IsWithin(unit->id, dla->id));
  EXPECT_FALSE(orgs.IsWithin(sao->id, unit->id));
  EXPECT_FALSE(orgs.IsWithin(other->id, sao->id));
  EXPECT_FALSE(orgs.IsWithin(999, dla->id));
  EXPECT_TRUE(KeepsBooks(OrgType::kUnit));
  EXPECT_FALSE(KeepsBooks(OrgType::kProvince));
  EXPECT_EQ(orgs.PathTo(unit->id).size(), 4u);
  // Another process (a second directory on the same database) adds an organisation.
  OrgDirectory elsewhere(**db);
  auto added = elsewhere.Create(province->id, OrgType::kSao, "S2", "อบต.ใหม่");
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(orgs.Get(added->id).ok());
  EXPECT_TRUE(orgs.IsWithin(added->id, province->id));
}

}  // namespace
}  // namespace klang::org
