// The ledger's canonical encoding: whatever decodes re-encodes to bytes that decode to the same
// entry and encode to the same bytes again (the chain hashes those bytes).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "ledger/entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto entry = klang::ledger::DecodeCanonical(bytes);
  if (!entry.ok()) return 0;
  const std::string encoded = klang::ledger::CanonicalBytes(*entry);
  auto again = klang::ledger::DecodeCanonical(encoded);
  KLANG_ASSERT(again.ok());
  KLANG_ASSERT(klang::ledger::CanonicalBytes(*again) == encoded);
  return 0;
}
