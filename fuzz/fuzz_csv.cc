// The reference-data CSV reader: any bytes are read or refused; rows read have the header's width.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = klang::ReadDataCsv(text, "code,name_th,account", "fuzz", "ทดสอบ");
  if (rows.ok()) {
    for (const auto& row : *rows) KLANG_ASSERT(row.fields.size() == 3);
  }
  return 0;
}
