// web/kit/fields.h — the input fields of a request, read the same way from a form post and from a
// JSON body under /api/v1. The body itself is decoded once by http::Request (FormFields,
// JsonBody); a Fields is a cheap view over it, so a handler and the page it re-renders after a
// refusal may each make one. Not thread-safe (like the request it reads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/http.h"

namespace klang::web {

// Rows one form or JSON body may carry in a repeated group (a budget has up to 999 lines).
inline constexpr size_t kFormRowsMax = 1'000;

class Fields {
 public:
  // `request` must outlive the Fields.
  explicit Fields(const http::Request& request);

  // A text field without the blanks around it ("" when absent or blank); in JSON an integer is
  // given as its digits (other types are refused before a handler runs: kit/input.h).
  std::string Text(std::string_view name) const;
  // A decimal integer; 0 when absent or not a number.
  int64_t Int(std::string_view name) const;
  // "1", "true" or "on" (a checkbox); JSON true too.
  bool Flag(std::string_view name) const;
  // Repeated form values (checkboxes), or a JSON array of integers; other items are skipped.
  std::vector<int64_t> Ints(std::string_view name) const;
  // Repeated form values, or a JSON array of strings; other items are skipped.
  std::vector<std::string> Texts(std::string_view name) const;
  // A list typed one item a line (a textarea: blank lines dropped, trailing spaces and CR
  // trimmed), or a JSON array of strings.
  std::vector<std::string> Lines(std::string_view name) const;

  // Rows of a repeated group: a form posts parallel arrays (item=…&amount=…&item=…), JSON an
  // array of objects under `group`. Rows whose named fields are all empty are the blank rows a form
  // offers; they are returned (a refused form shows them again) but do not count. More than
  // `rows_max` rows that do count is refused (web.too_many_rows, the group as field), never cut;
  // the services refuse their own tighter limits with their own errors.
  using Row = std::map<std::string, std::string>;
  Result<std::vector<Row>> Rows(std::string_view group, const std::vector<std::string>& names,
                                size_t rows_max = kFormRowsMax) const;
  // The rows as typed, whatever their number: for showing a refused form again.
  std::vector<Row> TypedRows(std::string_view group, const std::vector<std::string>& names) const;

  // A member object of the JSON body (API only); null when absent, not an object, or a form.
  const nlohmann::json* Object(std::string_view name) const;
  // The submitted values, for refilling a form after an error (the CSRF token left out).
  nlohmann::json Echo() const;

 private:
  const nlohmann::json* Member(std::string_view name) const;

  const http::Request& request_;
  const bool api_;
  const nlohmann::json* body_;  // the JSON body object (API), else null
};

}  // namespace klang::web
