// http/form.h — URL and form encoding, HTML escaping. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace klang::http {

// Decodes a query or form component: "%XX" → byte, '+' → space. Lenient like browsers: a '%'
// not followed by two hex digits is kept as is.
std::string UrlDecode(std::string_view text);

// Decodes a URL path: "%XX" → byte, '+' stays '+'. Strict: nullopt on a malformed escape or an
// encoded NUL, so the caller can answer 400 instead of guessing.
std::optional<std::string> DecodePath(std::string_view text);

// Percent-encodes everything except RFC 3986 unreserved characters (for a query value or an
// RFC 5987 filename*).
std::string UrlEncode(std::string_view text);

// Splits "a=1&b=2&a=3" into decoded pairs, in order. Empty pieces ("a=1&&b") are skipped.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view text);

// Escapes & < > " ' for text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace klang::http
