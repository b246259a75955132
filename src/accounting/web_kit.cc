#include "accounting/web_kit.h"

#include <charconv>

#include "accounting/handlers.h"
#include "core/thai.h"

namespace klang::accounting {

using http::Request;
using http::Response;
using nlohmann::json;

bool IsApi(const Request& request) { return request.path.rfind("/api/", 0) == 0; }

int64_t ToInt(const std::string& text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

Actor ActorOf(const Request& request) {
  return Actor{request.identity->user_id, request.identity->display_name};
}

std::optional<Date> DateParam(const Request& request, const char* name) {
  auto date = Date::ParseIso(request.QueryParam(name));
  if (!date.ok()) return std::nullopt;
  return *date;
}

json AmountJson(Money amount) {
  return {{"value", amount.FormatPlain()}, {"text", amount.Format()}, {"blank", AmountOrBlank(amount)}};
}

Response Done(const Request& request, const json& object, const std::string& location) {
  if (IsApi(request)) return Response::Json(object, 201);
  return Response::Redirect(location);
}

Response Refused(const http::Templates& templates, Request& request, const Status& status,
                 const std::function<Response(json extra)>& page) {
  if (IsApi(request)) return Response::Problem(status);
  if (status.code() != ErrorCode::kInvalidInput && status.code() != ErrorCode::kConflict) {
    return ErrorResponse(request, templates, status);
  }
  json extra = {{"error", status.message_th()},
                {"error_code", status.stable_code()},
                {"error_field", status.field()},
                {"form", Fields(request).Echo()}};
  Response response = page(extra);
  response.status = 422;
  return response;
}

Response Failed(const http::Templates& templates, Request& request, const Status& status) {
  return IsApi(request) ? Response::Problem(status) : ErrorResponse(request, templates, status);
}

int FiscalYearParam(const Request& request, const Clock& clock) {
  const int64_t typed = ToInt(request.QueryParam("fy"));
  return typed > 2400 && typed < 2700 ? static_cast<int>(typed) : FiscalYearOf(clock.TodayInThailand());
}

json ModulePage(const Request& request, WebContext& context, const std::string& title,
                const std::string& base) {
  json data = PageBase(request, context.orgs, OrgParam(request), title);
  data["base"] = base;
  data["today"] = context.clock.TodayInThailand().ToIso();
  data["fiscal_year"] = FiscalYearParam(request, context.clock);
  SystemRandom random;
  data["entry_id"] = NewUuid(random);
  return data;
}

json OptionalDateJson(const std::optional<Date>& date) { return date ? json(date->ToIso()) : json(nullptr); }

std::string OptionalDateThai(const std::optional<Date>& date) {
  return date ? FormatThaiDateShort(*date) : "";
}

void Merge(json& data, const json& extra) {
  for (const auto& [key, value] : extra.items()) data[key] = value;
}

}  // namespace klang::accounting
