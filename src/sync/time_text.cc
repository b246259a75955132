#include "sync/time_text.h"

#include <algorithm>
#include <cstdio>

#include "core/date.h"
#include "core/thai.h"

namespace klang::sync {
namespace {

constexpr int64_t kThaiOffsetSeconds = 7 * 3600;

}  // namespace

Result<int64_t> ParseThaiLocalTime(const std::string& text, const std::string& field,
                                   const std::string& label_th) {
  auto refuse = [&] {
    return Status::InvalidInput("continuity.time", "กรุณาระบุ" + label_th + " (วัน เดือน ปี และเวลา)",
                                "'" + text + "' is not YYYY-MM-DD[THH:MM]", field);
  };
  if (text.size() < 10) return refuse();
  auto date = Date::ParseIso(std::string_view(text).substr(0, 10));
  if (!date.ok()) return refuse();
  int hours = 0, minutes = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || text.size() < 16 || text[13] != ':') return refuse();
    for (size_t index : {11, 12, 14, 15}) {
      if (text[index] < '0' || text[index] > '9') return refuse();
    }
    hours = (text[11] - '0') * 10 + (text[12] - '0');
    minutes = (text[14] - '0') * 10 + (text[15] - '0');
    if (hours > 23 || minutes > 59) return refuse();
  }
  const int64_t seconds =
      date->DaysSinceEpoch() * 86400 + hours * 3600 + minutes * 60 - kThaiOffsetSeconds;
  return seconds * 1000;
}

std::string FormatThaiMoment(int64_t unix_ms) {
  if (unix_ms == 0) return "";
  const int64_t local = unix_ms / 1000 + kThaiOffsetSeconds;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const int64_t in_day = local - days * 86400;
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  return FormatThaiDateShort(Date::FromDaysSinceEpoch(days)) + " เวลา " + clock + " น.";
}

std::string FormatThaiDuration(int64_t span_ms) {
  const int64_t minutes_total = std::max<int64_t>(span_ms / 60'000, 1);
  const int64_t days = minutes_total / (24 * 60);
  const int64_t hours = minutes_total / 60 % 24;
  const int64_t minutes = minutes_total % 60;
  std::string out;
  if (days > 0) out += std::to_string(days) + " วัน ";
  if (hours > 0) out += std::to_string(hours) + " ชั่วโมง ";
  if (minutes > 0 || out.empty()) out += std::to_string(minutes) + " นาที";
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace klang::sync
