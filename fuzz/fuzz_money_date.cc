// Amounts and dates as a clerk types them: whatever parses formats back to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "core/date.h"
#include "core/money.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto money = klang::Money::Parse(text); money.ok()) {
    auto again = klang::Money::Parse(money->FormatPlain());
    KLANG_ASSERT(again.ok() && again->satang() == money->satang());
  }
  if (auto date = klang::Date::ParseIso(text); date.ok()) {
    auto again = klang::Date::ParseIso(date->ToIso());
    KLANG_ASSERT(again.ok() && *again == *date);
  }
  (void)klang::Date::ParseThai(text);
  return 0;
}
