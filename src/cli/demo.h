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

// Adds `org_count` demo อบต. (each with a unit) under the province P40 with `days` days of
// balanced activity up to today, deterministic for `seed`; prints each user's one-time password.
// Returns the process exit code.
int Demo(const Location& location, int org_count, int days, uint64_t seed);

}  // namespace klang::cli
