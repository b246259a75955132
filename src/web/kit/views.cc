#include "web/kit/views.h"

#include <cstdio>

#include "core/thai.h"

namespace klang::web {
namespace {

// 2000 → "2,000"
std::string FormatThousands(size_t number) {
  std::string digits = std::to_string(number);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
  return digits;
}

}  // namespace

using nlohmann::json;

json AmountJson(Money amount) {
  return {
      {"value", amount.FormatPlain()}, {"text", amount.Format()}, {"blank", AmountOrBlank(amount)}};
}

std::string AmountOrBlank(Money amount) { return amount.is_zero() ? "" : amount.Format(); }

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(date->ToIso()) : json(nullptr);
}

std::string OptionalDateThai(const std::optional<Date>& date) {
  return date ? FormatThaiDateShort(*date) : "";
}

std::string FileDate(Date date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year_be() % 10000, date.month() % 100, date.day() % 100);
  return text;
}

std::string FileMonth(const std::string& iso_month) {
  auto first = Date::ParseIso(iso_month + "-01");
  return first.ok() ? FileDate(*first).substr(0, 7) : iso_month;
}

accounting::Actor ActorOf(const http::Request& request) {
  KLANG_ASSERT(request.identity != nullptr);
  return accounting::Actor{request.identity->user_id, request.identity->display_name};
}

std::string AuthorOf(const http::Request& request) { return ActorOf(request).author(); }

json TruncationJson(bool truncated, size_t shown_max) {
  return {{"truncated", truncated},
          {"truncated_note",
           truncated ? "แสดงเพียง " + FormatThousands(shown_max) +
                           " รายการ ยังมีรายการที่ไม่ได้แสดง ระบุเงื่อนไข (เช่น ช่วงวันที่) ให้แคบลงเพื่อดูรายการที่เหลือ"
                     : ""}};
}

}  // namespace klang::web
