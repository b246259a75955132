// cli/demo.h — demo organisations for a newcomer and for tests (klang demo), and the voucher
// drafts the load generator appends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/app.h"

namespace klang::cli {

// A voucher-series entry drafted directly for the ledger (demo data and test load), dated and
// posted on `date`.
ledger::EntryDraft VoucherDraft(int64_t org, Date date, const std::string& description,
                                std::vector<ledger::Line> lines, const std::string& author,
                                Random& random, const char* kind = accounting::kKindVoucher);

inline constexpr int kDemoOrgsMax = 10'000;
inline constexpr int kDemoDaysMax = 3'650;

struct DemoOptions {
  int org_count = 1;
  int days = 30;          // of activity up to today
  bool last_year = false; // instead of `days`: from 1 October of the last fiscal year
  bool close = false;     // close every month that is over, then every fiscal year that is over
  uint64_t seed = 1;
};

// Adds demo อบต. (each with a unit) under the province P40 with balanced activity up to today,
// deterministic for the seed; prints each user's one-time password. With `close`, the head of
// finance closes the months and years that are over through the closing services (a month or year
// whose checks find differences is reported and left open). Returns the process exit code.
int Demo(const Location& location, const DemoOptions& options);

// Adds the demo province's supervision (src/cli/demo_oversight.cc): three more LAOs in the states an
// office meets, the office's staff, areas, a mentor, problems and a DLA officer. After `klang demo`.
int DemoOversight(const Location& location, uint64_t seed);

}  // namespace klang::cli
