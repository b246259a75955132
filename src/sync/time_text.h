// sync/time_text.h — moments (Unix milliseconds) as Thai clerks read and type them: local
// Thai time (UTC+7 all year), Buddhist Era dates. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace klang::sync {

// "2026-12-02T08:30", "2026-12-02 08:30" or "2026-12-02" (midnight), Thai local time.
// Errors: continuity.time, naming `field` and the Thai `label_th`.
Result<int64_t> ParseThaiLocalTime(const std::string& text, const std::string& field,
                                   const std::string& label_th);
// "2 ธ.ค. 2569 เวลา 08:30 น.", or "" for 0.
std::string FormatThaiMoment(int64_t unix_ms);
// "3 ชั่วโมง 25 นาที" for a span of milliseconds (at least one minute shown).
std::string FormatThaiDuration(int64_t span_ms);

}  // namespace klang::sync
