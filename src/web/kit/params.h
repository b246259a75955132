// web/kit/params.h — reading the path and query of a request: ids in the path, dates and the
// fiscal year in the query. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/date.h"
#include "http/http.h"

namespace klang::web {

// A decimal integer; 0 when empty or not a number.
int64_t ToInt(std::string_view text);
// A numeric path parameter ("org", "seq"); 0 when absent or not a number (the look-up that follows
// then answers "not found").
int64_t PathInt(const http::Request& request, std::string_view name);
inline int64_t OrgParam(const http::Request& request) { return PathInt(request, "org"); }
inline int64_t SeqParam(const http::Request& request) { return PathInt(request, "seq"); }
// A numeric query parameter, `fallback` when absent.
int64_t QueryInt(const http::Request& request, std::string_view name, int64_t fallback = 0);
// A date query parameter (ISO); nullopt when absent or invalid.
std::optional<Date> DateParam(const http::Request& request, std::string_view name);
// The ?fy= query parameter (a BE year), or the current fiscal year when absent or implausible.
int FiscalYearParam(const http::Request& request, const Clock& clock);

// A path segment "<name>.<format>": "12.pdf" → {"12", "pdf"}, "register.xlsx".
struct FileParam {
  std::string name;    // "12", "register"
  std::string format;  // "pdf"
  int64_t id() const;  // the name as a positive id; 0 when it is not one
};
FileParam ParseFileParam(const std::string& segment);

}  // namespace klang::web
