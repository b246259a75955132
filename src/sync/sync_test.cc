// sync tests: time text, the wire format, and (below) the continuity rules, the centre's
// protocol and an edge node against a centre through an in-process transport with faults.
#include <gtest/gtest.h>

#include "sync/time_text.h"
#include "sync/wire.h"

namespace klang::sync {
namespace {

TEST(TimeText, ParsesThaiLocalTimeAndFormatsItBack) {
  // 2 Dec 2026 08:30 in Thailand is 01:30 UTC.
  auto ms = ParseThaiLocalTime("2026-12-02T08:30", "at", "เวลา");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(*ms, 1796175000000);
  EXPECT_EQ(FormatThaiMoment(*ms), "2 ธ.ค. 69 เวลา 08:30 น.");
  EXPECT_EQ(*ParseThaiLocalTime("2026-12-02", "at", "เวลา"), 1796175000000 - 8 * 3600 * 1000 - 30 * 60 * 1000);
  EXPECT_FALSE(ParseThaiLocalTime("2026-12-02T24:00", "at", "เวลา").ok());
  EXPECT_FALSE(ParseThaiLocalTime("02/12/2569", "at", "เวลา").ok());
  EXPECT_EQ(FormatThaiDuration(3 * 3600 * 1000 + 25 * 60 * 1000), "3 ชั่วโมง 25 นาที");
  EXPECT_EQ(FormatThaiDuration(26 * 3600 * 1000), "1 วัน 2 ชั่วโมง");
  EXPECT_EQ(FormatThaiDuration(10 * 1000), "1 นาที");
}

TEST(Wire, HeldIdsAreStableUuids) {
  const std::string id = "0192f0c4-8b1e-7c3a-9d2e-1f2a3b4c5d6e";
  EXPECT_EQ(HeldEntryId(id), HeldEntryId(id));
  EXPECT_NE(HeldEntryId(id), id);
  EXPECT_TRUE(IsUuid(HeldEntryId(id)));
  EXPECT_EQ(HeldEntryId(id)[14], '8');
}

}  // namespace
}  // namespace klang::sync
