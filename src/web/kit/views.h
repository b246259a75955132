// web/kit/views.h — how the screens and the JSON API show the common things: amounts, optional
// dates, the signed-in user as the actor of a document, and a list cut at a limit. Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/document_kit.h"
#include "core/date.h"
#include "core/money.h"
#include "http/http.h"

namespace klang::web {

// {"value": "1234.50", "text": "1,234.50", "blank": "1,234.50" or "" for zero}
nlohmann::json AmountJson(Money amount);
// "1,234.50", or "" for zero (tables show empty cells rather than 0.00).
std::string AmountOrBlank(Money amount);
// An optional date as ISO (or null) and as a short Thai date (or "").
nlohmann::json OptionalDateJson(const std::optional<Date>& date);
std::string OptionalDateThai(const std::optional<Date>& date);
// A date in a download's file name, in the Buddhist Era and sorting as text: "2569-12-05".
std::string FileDate(Date date);
// "2026-12" (a month as ISO) -> "2569-12"; the text itself when it is not one.
std::string FileMonth(const std::string& iso_month);

// The signed-in user as the actor of a document, and as its author ("user:<id>"). The route must
// not be public (asserted).
accounting::Actor ActorOf(const http::Request& request);
std::string AuthorOf(const http::Request& request);

// A list read with one item more than it shows (`shown_max` + 1), so a cut can be told from an
// exact fit: keeps the first `shown_max` items and says whether any was left out.
template <typename Item>
bool CutAt(std::vector<Item>& items, size_t shown_max) {
  if (items.size() <= shown_max) return false;
  items.resize(shown_max);
  return true;
}
// What a list cut at `shown_max` says: {"truncated": true|false, "truncated_note": Thai text or
// ""}. Pages show the note above the table; the API carries "truncated".
nlohmann::json TruncationJson(bool truncated, size_t shown_max);

}  // namespace klang::web
