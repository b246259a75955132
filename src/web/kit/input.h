// web/kit/input.h — the one table of input fields: every name a form or a JSON body may carry,
// with its one type, and the checks every state-changing request passes before its handler runs
// (stack.cc wraps every POST route with them):
//
// - a JSON body is an object (else 400 http.malformed) whose every member is a known field of the
//   right type: text is a JSON string, never a number, object or boolean; an id or amount is a
//   string or an integer (never a fraction: amounts travel as text, "1234.50"); a list is an
//   array of its items; a repeated group an array of objects of known fields; "paper" the paper
//   document {book, number, date} (an on/off flag on the continuity screens); "entry_id" a UUID
//   string. An unknown name is refused too (a misspelt optional field would otherwise be lost);
// - text, in JSON and forms alike, is UTF-8 without control characters (tab and line breaks only
//   in multi-line fields), without bidirectional overrides and invisible characters (the
//   zero-width space and byte-order mark aside, which Fields drops), within its length limit.
//
// Each refusal is a 422 naming the field (web.field_type, web.unknown_field, web.field_text,
// web.field_too_long, web.entry_id, web.paper). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace klang::web {

enum class FieldKind {
  kLine,       // one line of text
  kMultiline,  // text that may run over lines (a textarea)
  kScalar,     // an id, number or amount: a string or an integer
  kFlag,       // on/off: a boolean, or "1", "true", "on", "0", "false", "off", ""
  kIntList,    // ids: an array of integers (repeated form values)
  kTextList,   // an array of one-line texts (a textarea, one item a line, in forms)
  kRows,       // a repeated group: an array of objects of known fields
  kPaper,      // the paper document being back-entered: {book, number, date}
  kEntryId,    // the idempotency key: a UUID string
  kSecret,     // a password or one-time code: any text, never checked for characters
};

// Characters a text may hold (code points, not bytes).
inline constexpr size_t kLineCharsMax = 500;
inline constexpr size_t kMultilineCharsMax = 5'000;

// The kind of a field name, or none for a name no form or body carries.
std::optional<FieldKind> KindOf(std::string_view name);

// `text` as the field `name` may hold it: valid UTF-8, no C0/C1 control character (tab, CR and LF
// allowed when `multiline`), no bidirectional embedding, override, isolate or mark, no joiner,
// line separator, tag or other invisible format character (a zero-width space and a byte-order
// mark pass: Fields drops them), within the length limit.
Status CheckText(std::string_view name, std::string_view text, bool multiline);

// A JSON body of a state-changing API call, by the table. On the continuity routes "paper" is the
// flag "recorded on paper" (`paper_is_flag`), elsewhere the paper document.
Status CheckJsonBody(const nlohmann::json& body, bool paper_is_flag);

// The fields of a form post: the text of every known field (passwords aside); unknown names (a
// button's) are let through, their text checked as one line.
Status CheckFormFields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace klang::web
