#include "web/kit/params.h"

#include <charconv>

namespace klang::web {

int64_t ToInt(std::string_view text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

int64_t PathInt(const http::Request& request, std::string_view name) {
  return ToInt(request.PathParam(name));
}

int64_t QueryInt(const http::Request& request, std::string_view name, int64_t fallback) {
  auto found = request.query.find(std::string(name));
  return found == request.query.end() ? fallback : ToInt(found->second);
}

std::optional<Date> DateParam(const http::Request& request, std::string_view name) {
  auto date = Date::ParseIso(request.QueryParam(name));
  if (!date.ok()) return std::nullopt;
  return *date;
}

int FiscalYearParam(const http::Request& request, const Clock& clock) {
  const int64_t typed = ToInt(request.QueryParam("fy"));
  return typed > 2400 && typed < 2700 ? static_cast<int>(typed)
                                      : FiscalYearOf(clock.TodayInThailand());
}

int64_t FileParam::id() const {
  int64_t value = 0;
  const char* end = name.data() + name.size();
  auto [at, error] = std::from_chars(name.data(), end, value);
  return error == std::errc() && at == end && value > 0 ? value : 0;
}

FileParam ParseFileParam(const std::string& segment) {
  const size_t dot = segment.rfind('.');
  if (dot == std::string::npos) return {segment, ""};
  return {segment.substr(0, dot), segment.substr(dot + 1)};
}

}  // namespace klang::web
