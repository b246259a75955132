#include "web/kit/views.h"

#include "core/thai.h"

namespace klang::web {

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

accounting::Actor ActorOf(const http::Request& request) {
  KLANG_ASSERT(request.identity != nullptr);
  return accounting::Actor{request.identity->user_id, request.identity->display_name};
}

std::string AuthorOf(const http::Request& request) { return ActorOf(request).author(); }

json TruncationJson(bool truncated, size_t shown_max) {
  return {{"truncated", truncated},
          {"truncated_note", truncated ? "แสดงเฉพาะ " + std::to_string(shown_max) +
                                             " รายการแรก กรุณาระบุช่วงวันที่หรือคำค้นให้แคบลงเพื่อดูรายการที่เหลือ"
                                       : ""}};
}

}  // namespace klang::web
